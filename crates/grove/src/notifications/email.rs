//! E-mail about notifications: a background task of `grove serve` that sends the outbox over
//! SMTP (retrying with backoff) and queues each daily-digest member's digest once a day.
//!
//! Queuing happens where notifications are stored (see [`store::insert_in`]): a notification for
//! a member on `immediate` queues its e-mail in the same transaction, but only while a server
//! with SMTP configured has shown it is running (the `email_sender` heartbeat). That keeps every
//! module's call to `insert_in` unchanged and a Grove without SMTP free of an outbox that would
//! only grow. Several servers may send: each claims rows it alone then owns (a lease).

use std::time::{Duration, Instant};

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::model::{EmailMode, Notification};
use super::service::safe_link;
use super::store::{self, OutboxEmail, Recipient};
use crate::config::Config;
use crate::db::{Db, now};
use crate::web::AppState;

/// A day, the digest's period.
pub const DAY_SECS: i64 = 86_400;
/// E-mails claimed at once.
const BATCH: i64 = 20;
/// How long a claimed e-mail is this server's before another may try it: well beyond a batch
/// sent at the SMTP timeout's pace (a timeout ends the batch, see [`send_due`]).
const LEASE_SECS: i64 = 600;
/// How often daily digests are looked for.
const DIGEST_EVERY: Duration = Duration::from_secs(60);
/// After this many failed attempts an e-mail is given up.
const MAX_ATTEMPTS: i64 = 10;
/// A digest lists at most this many notifications, then points to the notifications page.
const DIGEST_ITEMS: i64 = 50;
/// Sent and failed e-mail is kept this long (for an operator to look at), then forgotten.
const KEEP_SECS: i64 = 30 * DAY_SECS;

/// Sends mail through one SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    /// The mailer `config` describes, or None when SMTP is not configured.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Mailer>> {
        let Some(mail) = &config.mail else {
            return Ok(None);
        };
        let from: Mailbox = mail
            .from
            .parse()
            .with_context(|| format!("--mail-from {:?} is not an e-mail address", mail.from))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp_url(&mail.smtp_url))
            .map_err(|e| anyhow::anyhow!("--smtp-url is not usable: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Some(Mailer {
            transport,
            from,
            public_url: config.public_url.trim_end_matches('/').to_string(),
        }))
    }

    async fn send(&self, to: &Recipient, mail: &Composed) -> Result<(), SendError> {
        let address = to
            .email
            .parse()
            .map_err(|e| SendError::Permanent(format!("bad address {:?}: {e}", to.email)))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(to.name.clone()), address))
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

/// lettre's URL, accepting `tls=starttls` for its `tls=required`.
fn smtp_url(url: &str) -> String {
    url.replace("tls=starttls", "tls=required")
}

enum SendError {
    /// Worth trying again later (connection refused, 4xx).
    Transient(String),
    /// Never going to work (5xx, a bad address).
    Permanent(String),
}

/// Starts the sender when SMTP is configured: checks the settings, records that mail can be
/// sent (from now on notifications queue e-mail) and runs the sending loop in the background.
pub async fn start(state: &AppState) -> anyhow::Result<()> {
    let Some(mailer) = Mailer::from_config(&state.config)? else {
        return Ok(());
    };
    let interval = state
        .config
        .mail
        .as_ref()
        .map(|m| m.interval)
        .unwrap_or(Duration::from_secs(5));
    store::mark_mail_sender_running(&state.db, now())
        .await
        .context("recording the mail sender")?;
    let db = state.db.clone();
    tokio::spawn(async move { run(db, mailer, interval).await });
    tracing::info!("e-mail for notifications is on");
    Ok(())
}

/// The sending loop: every `interval`, keep the heartbeat fresh, queue due digests, send what is
/// due; now and then forget old sent mail. Errors are logged and tried again next round.
async fn run(db: Db, mailer: Mailer, interval: Duration) {
    let heartbeat_every = Duration::from_secs((store::SENDER_FRESH_SECS / 4) as u64);
    let mut last_heartbeat = Instant::now();
    let mut last_prune: Option<Instant> = None;
    let mut last_digests: Option<Instant> = None;
    loop {
        tokio::time::sleep(interval).await;
        let at = now();
        if last_heartbeat.elapsed() >= heartbeat_every {
            match store::mark_mail_sender_running(&db, at).await {
                Ok(()) => last_heartbeat = Instant::now(),
                Err(e) => tracing::warn!("e-mail heartbeat: {e}"),
            }
        }
        if last_digests.is_none_or(|t| t.elapsed() >= DIGEST_EVERY) {
            last_digests = Some(Instant::now());
            if let Err(e) = queue_digests(&db, at).await {
                tracing::warn!("queuing digests: {e}");
            }
        }
        if let Err(e) = send_due(&db, &mailer).await {
            tracing::warn!("sending e-mail: {e}");
        }
        if last_prune.is_none_or(|t| t.elapsed() >= Duration::from_secs(3600)) {
            last_prune = Some(Instant::now());
            if let Err(e) = store::prune_email(&db, at - KEEP_SECS).await {
                tracing::warn!("pruning sent e-mail: {e}");
            }
        }
    }
}

/// Queues the digest of every daily-digest member whose last one went out a day or more before
/// `at` and who has unread notifications since; returns how many were queued. The running
/// sender calls it every round; tests call it with a later `at` to stand in for tomorrow.
pub async fn queue_digests(db: &Db, at: i64) -> sqlx::Result<usize> {
    let mut queued = 0;
    loop {
        let due = store::digests_due(db, at - DAY_SECS, 500).await?;
        let mut any = false;
        for (user_id, last) in &due {
            let since = last.unwrap_or(at - DAY_SECS);
            if store::queue_digest(db, *user_id, *last, since, at).await? {
                queued += 1;
                any = true;
            }
        }
        // A full page where every member was taken by another server still ends the round.
        if due.len() < 500 || !any {
            return Ok(queued);
        }
    }
}

/// Sends the e-mail due now, batch by batch; returns how many went out. When the SMTP server
/// cannot be reached (or answers "try later") the round ends: the rest of the batch is handed
/// back untried, due after the same backoff, rather than each waiting out its own timeout.
pub async fn send_due(db: &Db, mailer: &Mailer) -> sqlx::Result<usize> {
    let mut sent = 0;
    loop {
        let at = now();
        let batch = store::claim_due_email(db, at, at + LEASE_SECS, BATCH).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for (i, email) in batch.iter().enumerate() {
            match deliver(db, mailer, email).await? {
                Outcome::Sent => sent += 1,
                Outcome::Dropped | Outcome::GivenUp => {}
                Outcome::Retry(retry_at) => {
                    let untried: Vec<i64> = batch[i + 1..].iter().map(|e| e.id).collect();
                    store::release_email(db, &untried, retry_at).await?;
                    return Ok(sent);
                }
            }
        }
    }
}

/// What became of one attempt.
enum Outcome {
    Sent,
    /// No longer wanted (turned off, deactivated, everything read).
    Dropped,
    /// Failed for now: tried again from then.
    Retry(i64),
    GivenUp,
}

/// One attempt at one e-mail.
async fn deliver(db: &Db, mailer: &Mailer, email: &OutboxEmail) -> sqlx::Result<Outcome> {
    let Some(to) = store::recipient(db, email.user_id).await? else {
        store::drop_email(db, email.id).await?;
        return Ok(Outcome::Dropped);
    };
    let composed = match email.kind.as_str() {
        "notification" if to.active && to.email_mode == EmailMode::Immediate => Some(
            compose_notification(&mailer.public_url, &to.name, &email.message, &email.link),
        ),
        "digest" if to.active && to.email_mode == EmailMode::Daily => {
            let since = email.digest_since.unwrap_or(0);
            let until = email.digest_until.unwrap_or_else(now);
            let (items, total) =
                store::unread_between(db, email.user_id, since, until, DIGEST_ITEMS).await?;
            (total > 0).then(|| compose_digest(&mailer.public_url, &to.name, &items, total))
        }
        _ => None,
    };
    let Some(composed) = composed else {
        store::drop_email(db, email.id).await?;
        return Ok(Outcome::Dropped);
    };
    match mailer.send(&to, &composed).await {
        Ok(()) => {
            store::mark_email_sent(db, email.id, now()).await?;
            Ok(Outcome::Sent)
        }
        Err(SendError::Transient(e)) if email.attempts < MAX_ATTEMPTS => {
            tracing::warn!(
                "e-mail {} (attempt {}) failed, will retry: {e}",
                email.id,
                email.attempts
            );
            let retry_at = now() + backoff_secs(email.attempts);
            store::mark_email_failed(db, email.id, &e, Some(retry_at)).await?;
            Ok(Outcome::Retry(retry_at))
        }
        Err(SendError::Transient(e) | SendError::Permanent(e)) => {
            tracing::warn!("e-mail {} given up: {e}", email.id);
            store::mark_email_failed(db, email.id, &e, None).await?;
            Ok(Outcome::GivenUp)
        }
    }
}

/// Seconds before the next attempt after `attempts` failed ones: 30 s, doubling, at most 1 h.
fn backoff_secs(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 8) - 1;
    (30_i64 << doublings).min(3600)
}

/// An e-mail ready to send.
#[derive(Debug, Clone)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The footer every e-mail ends with: why it came and where to change that.
fn footer(base: &str) -> (String, String) {
    let url = format!("{base}/notifications/settings");
    (
        format!(
            "--\nYou get this e-mail from Grove about your notifications.\n\
             Choose immediate e-mail, a daily digest or none: {url}\n"
        ),
        format!(
            "<hr><p style=\"color:#555;font-size:small\">You get this e-mail from Grove about your \
             notifications. <a href=\"{}\">Choose immediate e-mail, a daily digest or none</a>.</p>",
            escape(&url)
        ),
    )
}

/// The e-mail for one notification: its message as the subject, a link to it.
pub fn compose_notification(base: &str, name: &str, message: &str, link: &str) -> Composed {
    let url = format!("{base}{}", safe_link(link));
    let (foot_text, foot_html) = footer(base);
    Composed {
        subject: subject_line(message),
        text: format!("Hello {name},\n\n{message}\n\nOpen it in Grove: {url}\n\n{foot_text}"),
        html: format!(
            "<p>Hello {},</p><p>{}</p><p><a href=\"{}\">Open it in Grove</a></p>{foot_html}",
            escape(name),
            escape(message),
            escape(&url)
        ),
    }
}

/// The daily digest: the unread notifications of the day, each with its link.
pub fn compose_digest(base: &str, name: &str, items: &[Notification], total: i64) -> Composed {
    let (foot_text, foot_html) = footer(base);
    let all = format!("{base}/notifications");
    let mut text = format!("Hello {name},\n\nWhat happened in Grove since your last digest:\n\n");
    let mut html = format!(
        "<p>Hello {},</p><p>What happened in Grove since your last digest:</p><ul>",
        escape(name)
    );
    for n in items {
        let url = format!("{base}{}", safe_link(&n.link));
        text.push_str(&format!("- {}\n  {url}\n", n.message));
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>",
            escape(&url),
            escape(&n.message)
        ));
    }
    html.push_str("</ul>");
    let more = total - items.len() as i64;
    if more > 0 {
        text.push_str(&format!("\nand {more} more: {all}\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\">and {more} more</a></p>",
            escape(&all)
        ));
    } else {
        text.push_str(&format!("\nAll your notifications: {all}\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\">All your notifications</a></p>",
            escape(&all)
        ));
    }
    text.push('\n');
    text.push_str(&foot_text);
    html.push_str(&foot_html);
    Composed {
        subject: if total == 1 {
            "Your Grove digest: 1 new notification".to_string()
        } else {
            format!("Your Grove digest: {total} new notifications")
        },
        text,
        html,
    }
}

/// A subject from a message: one line, at most 120 characters.
fn subject_line(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 120 {
        line
    } else {
        let cut: String = line.chars().take(119).collect();
        format!("{}…", cut.trim_end())
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_mail_links_to_it_and_to_the_settings() {
        let mail = compose_notification(
            "https://grove.example.org",
            "Bob",
            "Ana approved your request: you are now a member of <Security>.",
            "/communities/1-security",
        );
        assert_eq!(
            mail.subject,
            "Ana approved your request: you are now a member of <Security>."
        );
        assert!(
            mail.text
                .contains("https://grove.example.org/communities/1-security")
        );
        assert!(
            mail.text
                .contains("https://grove.example.org/notifications/settings")
        );
        assert!(mail.html.contains("&lt;Security&gt;"));
        // A link that is not a path in Grove leads to the notifications page instead.
        let odd = compose_notification("https://g", "Bob", "Hi", "//evil.example");
        assert!(odd.text.contains("https://g/notifications\n"));
    }

    #[test]
    fn subjects_are_one_short_line_and_backoff_grows_to_an_hour() {
        assert_eq!(subject_line("a\nb  c"), "a b c");
        let long = subject_line(&"x".repeat(300));
        assert_eq!(long.chars().count(), 120);
        assert_eq!(backoff_secs(1), 30);
        assert_eq!(backoff_secs(2), 60);
        assert_eq!(backoff_secs(20), 3600);
        assert_eq!(
            smtp_url("smtp://u:p@h:587?tls=starttls"),
            "smtp://u:p@h:587?tls=required"
        );
    }
}
