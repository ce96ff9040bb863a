//! Request body and query extractors whose failures name the field at fault.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::AppError;

/// A JSON body; a malformed one is a 422 naming the field (`skills[0].level`).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::invalid("body", "the request body could not be read"))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de)
            .map(ApiJson)
            .map_err(|err| {
                let path = err.path().to_string();
                let inner = err.into_inner();
                let message = inner.to_string();
                // serde reports a missing field at its parent; name the field itself.
                let field = match message.split('`').nth(1) {
                    Some(name) if message.starts_with("missing field") => {
                        if path == "." {
                            name.to_string()
                        } else {
                            format!("{path}.{name}")
                        }
                    }
                    _ if path == "." => "body".to_string(),
                    _ => path,
                };
                AppError::invalid(field, message.split(" at line").next().unwrap_or(&message))
            })
    }
}

/// An HTML form body as plain strings; the module rules parse and validate each field.
pub struct FormFields(pub Fields);

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::invalid("body", "the form could not be read"))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::invalid("body", "the form could not be read"))?;
        Ok(FormFields(Fields::new(pairs)))
    }
}

/// Query-string parameters as plain strings.
pub struct QueryFields(pub Fields);

impl<S: Send + Sync> FromRequestParts<S> for QueryFields {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|_| AppError::invalid("query", "the query string could not be read"))?;
        Ok(QueryFields(Fields::new(pairs)))
    }
}

/// Named string values (a form or a query string), with typed getters that name the field.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    values: HashMap<String, Vec<String>>,
}

impl Fields {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            values.entry(k).or_default().push(v);
        }
        Fields { values }
    }

    /// The trimmed value, or None when absent or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// The raw value (untrimmed, may be empty), e.g. for passwords and Markdown.
    pub fn raw(&self, name: &str) -> Option<String> {
        self.values.get(name).and_then(|v| v.first()).cloned()
    }

    /// Every value given for a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values
            .get(name)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>, AppError> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| AppError::invalid(name, format!("“{v}” is not a whole number"))),
        }
    }

    /// A checkbox: present and not "false"/"0".
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.text(name).as_deref(), Some(v) if v != "false" && v != "0" && v != "off")
    }

    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}
