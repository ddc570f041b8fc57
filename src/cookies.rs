//! Every cookie newsdesk reads or sets goes through here, on the `cookie` crate behind axum-extra's
//! cookie jar. All are first-party and for the server only: `HttpOnly`, `SameSite=Lax`, `Path=/`,
//! and `Secure` when the site's public address is https ([`Config::secure_cookies`], the one rule).
//! The one exception is a [`hint`] for the page's own script, which holds no secret.

use axum::http::{HeaderMap, HeaderValue, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use cookie::time::Duration;

use crate::config::Config;

/// How long a cookie that remembers a browser (its form token, its visitor id) lasts.
pub const A_YEAR_SECS: i64 = 365 * 86_400;

/// The value of the request's cookie `name`.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers).get(name).map(|c| c.value().to_owned())
}

/// Whether the request carries the cookie `name`.
pub fn has(headers: &HeaderMap, name: &str) -> bool {
    CookieJar::from_headers(headers).get(name).is_some()
}

/// A cookie holding `value` for `max_age_secs`.
pub fn new(name: &'static str, value: String, max_age_secs: i64, config: &Config) -> Cookie<'static> {
    build(name, value, max_age_secs, config.secure_cookies())
}

fn build(name: &'static str, value: String, max_age_secs: i64, secure: bool) -> Cookie<'static> {
    let mut cookie = hint(name, value, max_age_secs, secure);
    cookie.set_http_only(true);
    cookie
}

/// A cookie the page's script may read (not `HttpOnly`): only for hints that grant nothing and
/// reveal nothing, such as "this browser's account is staff's", which shows a link.
pub fn hint(name: &'static str, value: String, max_age_secs: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .max_age(Duration::seconds(max_age_secs))
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// A cookie that removes `name` from the browser.
pub fn removal(name: &'static str, config: &Config) -> Cookie<'static> {
    new(name, String::new(), 0, config)
}

/// The `Set-Cookie` value of `cookie`, for answers made outside a handler (middleware, the page
/// cache), where no jar is returned.
pub fn header(cookie: &Cookie<'_>) -> HeaderValue {
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static("nd_invalid=; Max-Age=0"))
}

/// Adds `cookie` to a response's headers.
pub fn set(headers: &mut HeaderMap, cookie: &Cookie<'_>) {
    headers.append(header::SET_COOKIE, self::header(cookie));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_for_the_server_only_and_secure_on_https_sites() {
        let plain = build("nd_x", "abc".into(), 60, false).to_string();
        for part in ["nd_x=abc", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=60"] {
            assert!(plain.contains(part), "{plain}");
        }
        assert!(!plain.contains("Secure"), "{plain}");
        assert!(build("nd_x", "abc".into(), 60, true).to_string().contains("Secure"));
        assert!(build("nd_x", String::new(), 0, true).to_string().contains("Max-Age=0"));
    }

    #[test]
    fn a_cookie_is_read_from_any_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; nd_x=two"));
        headers.append(header::COOKIE, HeaderValue::from_static("b=3"));
        assert_eq!(get(&headers, "nd_x").as_deref(), Some("two"));
        assert_eq!(get(&headers, "b").as_deref(), Some("3"));
        assert!(get(&headers, "nd").is_none());
    }
}
