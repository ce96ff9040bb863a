//! What every HTML page needs from the request: the viewer (for navigation) and the CSRF token
//! to put in its forms.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;

use super::csrf::AnonymousCsrf;
use crate::AppError;
use crate::auth::model::{Role, Viewer};

#[derive(Clone, Debug, Default)]
pub struct PageContext {
    pub viewer: Option<Viewer>,
    pub csrf: String,
    /// A one-line confirmation shown at the top of the page ("Profile saved").
    pub notice: Option<String>,
}

impl PageContext {
    fn from_extensions(ext: &axum::http::Extensions) -> Self {
        let viewer = ext.get::<Option<Viewer>>().cloned().flatten();
        let csrf = match &viewer {
            Some(v) => v.csrf_token.clone().unwrap_or_default(),
            None => ext
                .get::<AnonymousCsrf>()
                .map(|c| c.0.clone())
                .unwrap_or_default(),
        };
        PageContext {
            viewer,
            csrf,
            notice: None,
        }
    }

    pub fn from_request(request: &Request) -> Self {
        Self::from_extensions(request.extensions())
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    pub fn is_admin(&self) -> bool {
        self.viewer.as_ref().is_some_and(|v| v.role == Role::Admin)
    }

    pub fn viewer_id(&self) -> i64 {
        self.viewer.as_ref().map(|v| v.id).unwrap_or(0)
    }

    pub fn viewer_name(&self) -> &str {
        self.viewer.as_ref().map(|v| v.name.as_str()).unwrap_or("")
    }

    pub fn signed_in(&self) -> bool {
        self.viewer.is_some()
    }

    pub fn unread_notifications(&self) -> i64 {
        self.viewer
            .as_ref()
            .map(|v| v.unread_notifications)
            .unwrap_or(0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut page = Self::from_extensions(&parts.extensions);
        // `?saved=...` after a redirect becomes the page's notice.
        if let Some(q) = parts.uri.query()
            && let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        {
            page.notice = pairs
                .into_iter()
                .find(|(k, _)| k == "notice")
                .map(|(_, v)| v);
        }
        Ok(page)
    }
}

/// Percent-encodes a value for a URL query.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A redirect after a successful form, with a notice for the next page.
pub fn redirect_with_notice(to: &str, notice: &str) -> axum::response::Redirect {
    let sep = if to.contains('?') { '&' } else { '?' };
    axum::response::Redirect::to(&format!("{to}{sep}notice={}", encode(notice)))
}

/// Formats a Unix time as a date ("2026-11-26"), in UTC.
pub fn date(unix: impl std::borrow::Borrow<i64>) -> String {
    let days = unix.borrow().div_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Reads a "YYYY-MM-DD" date as the Unix time of its midnight, UTC: the inverse of [`date`].
/// None for anything else, including days that do not exist (2026-02-30).
pub fn parse_date(value: &str) -> Option<i64> {
    let value = value.trim();
    let mut parts = value.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let y_march = if m <= 2 { y - 1 } else { y };
    let era = y_march.div_euclid(400);
    let yoe = y_march - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let unix = (era * 146_097 + doe - 719_468) * 86_400;
    // A day past the month's end rolls into the next month; refuse it rather than guess.
    (date(unix) == value).then_some(unix)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::date(0), "1970-01-01");
        assert_eq!(super::date(1_795_000_000), "2026-11-18");
    }

    #[test]
    fn dates_read_back() {
        assert_eq!(super::parse_date("1970-01-01"), Some(0));
        assert_eq!(super::parse_date("2026-11-18"), Some(1_794_960_000));
        assert_eq!(
            super::parse_date("2024-02-29").map(super::date).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "yesterday",
            "",
        ] {
            assert_eq!(super::parse_date(bad), None, "{bad}");
        }
    }
}
