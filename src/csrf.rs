//! Cross-site request forgery protection for every state-changing form.
//!
//! A random token lives in an `HttpOnly`, `SameSite=Lax` cookie and is repeated in a hidden
//! `csrf` field of every form. A POST is accepted only when the two match and, if the browser
//! says where the request came from (`Origin`), it came from this site. A cross-site form can
//! neither read the cookie nor make the browser send it, so it cannot forge the field.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::Config;
use crate::cookies;
use crate::error::AppError;
use crate::state::AppState;

/// Name of the token cookie and of the hidden form field.
pub const COOKIE: &str = "nd_csrf";
/// Name of the hidden form field.
pub const FIELD: &str = "csrf";
/// Largest form body accepted: an article body of 200,000 characters, percent-encoded (a
/// Bangla letter takes nine bytes), fits.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The request's CSRF token, for rendering into forms.
#[derive(Clone, Debug)]
pub struct CsrfToken {
    value: String,
    issued: bool,
    used: Arc<AtomicBool>,
}

impl CsrfToken {
    /// The token; marks it as used so that a newly issued one is sent as a cookie.
    pub fn value(&self) -> &str {
        self.used.store(true, Ordering::Relaxed);
        &self.value
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the CSRF middleware is not installed")))
    }
}

/// A new random token: 128 bits as hex.
pub fn new_token() -> String {
    crate::accounts::model::random_hex(16)
}

fn is_token(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a token sent with a request is the expected one. Every token comparison goes through
/// here: it does not stop at the first difference, so timing does not reveal the prefix.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn forbidden() -> Response {
    AppError::Forbidden(
        "This form could not be accepted: it has expired or was sent from another site. \
         Go back, reload the page and try again."
            .into(),
    )
    .into_response()
}

/// Checks every state-changing request outside the API, and gives every request a token.
pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cookie_token = cookies::get(request.headers(), COOKIE).filter(|v| is_token(v));
    let token = CsrfToken {
        issued: cookie_token.is_none(),
        value: cookie_token.clone().unwrap_or_else(new_token),
        used: Arc::new(AtomicBool::new(false)),
    };
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let request = if unsafe_method && !request.uri().path().starts_with("/api/") {
        if let Some(origin) = request.headers().get(header::ORIGIN)
            && !same_site(origin.to_str().unwrap_or(""), &state.config.base_url, request.headers())
        {
            return forbidden();
        }
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if multipart {
            // A file upload is not read here: its form names the token in the query string.
            let given = request.uri().query().and_then(|q| form_urlencoded_field(q.as_bytes(), FIELD));
            match (cookie_token.as_deref(), given.as_deref()) {
                (Some(expected), Some(given)) if same(expected, given) => {}
                _ => return forbidden(),
            }
            let mut request = request;
            request.extensions_mut().insert(token.clone());
            return next.run(request).await;
        }
        let (parts, body) = request.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return AppError::TooLarge(format!("A form may carry at most {} MB.", MAX_FORM_BYTES / 1024 / 1024))
                .into_response();
        };
        let field = form_urlencoded_field(&bytes, FIELD);
        match (cookie_token.as_deref(), field.as_deref()) {
            (Some(expected), Some(given)) if same(expected, given) => {}
            _ => return forbidden(),
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        request
    };
    let mut request = request;
    request.extensions_mut().insert(token.clone());
    let mut response = next.run(request).await;
    if token.issued && token.used.load(Ordering::Relaxed) {
        cookies::set(
            response.headers_mut(),
            &cookies::new(COOKIE, token.value.clone(), cookies::A_YEAR_SECS, &state.config),
        );
    }
    response
}

/// The form token of a request answered outside this middleware (the page cache fills in a
/// logged-in reader's comment form): the cookie's, or a new one with the `Set-Cookie` that
/// stores it.
pub fn token_for(headers: &axum::http::HeaderMap, config: &Config) -> (String, Option<axum::http::HeaderValue>) {
    match cookies::get(headers, COOKIE).filter(|v| is_token(v)) {
        Some(value) => (value, None),
        None => {
            let value = new_token();
            let set = cookies::header(&cookies::new(COOKIE, value.clone(), cookies::A_YEAR_SECS, config));
            (value, Some(set))
        }
    }
}

/// Whether an `Origin` is this site: the configured base URL, or the host the browser used.
fn same_site(origin: &str, base_url: &str, headers: &axum::http::HeaderMap) -> bool {
    if origin == base_url {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let origin_host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    !host.is_empty() && origin_host == Some(host)
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bit_hex_and_compare_exactly() {
        let t = new_token();
        assert!(is_token(&t));
        assert!(same(&t, &t.clone()));
        assert!(!same(&t, &new_token()));
        assert!(!same("abc", "abcd"));
    }

    #[test]
    fn the_field_is_found_in_a_form_body() {
        assert_eq!(form_urlencoded_field(b"body=hi&csrf=abc", "csrf").as_deref(), Some("abc"));
        assert_eq!(form_urlencoded_field(b"body=hi", "csrf"), None);
    }
}
