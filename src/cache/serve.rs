//! The middleware in front of every route: answers from the cache when it can, fills it when a
//! public page is rendered, and counts requests for `/metrics`.
//!
//! A hit costs a map lookup, a view count for articles, and a response built from shared
//! bytes: no database, no template, no compression, no log line (hits are counted in
//! `/metrics`). A miss of a page its route declares public ([`super::rules`]) renders it as an
//! anonymous reader sees it, without cookies or compression, keeps it when it is a 200 that
//! sets no cookie, and then answers from the stored page like a hit.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::model::{Encoding, brotli, etag_of, gzip, gzip_fast, negotiate, none_match};
use super::rules::{Caching, PageRules};
use super::{CachedPage, PageCache, Personal};
use crate::editions::Lang;
use crate::metrics::{Metrics, RouteName};

/// Largest page kept (a full sitemap file is about 10 MB).
const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// A page with a reader's own part (their comment box, their new cookie) is for that reader only.
const PERSONAL_PAGE: HeaderValue = HeaderValue::from_static("private, no-cache");

/// What the middleware works with: the kept pages, the routes' declarations, the counters.
#[derive(Clone)]
pub struct Layer {
    pages: Arc<PageCache>,
    rules: Arc<PageRules>,
    metrics: Arc<Metrics>,
}

impl Layer {
    /// The middleware's state.
    pub fn new(pages: Arc<PageCache>, rules: PageRules, metrics: Arc<Metrics>) -> Self {
        Self { pages, rules: Arc::new(rules), metrics }
    }
}

/// The middleware.
pub async fn layer(State(state): State<Layer>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if reads && let Caching::Public { params } = state.rules.caching(request.uri().path()) {
        let key = cache_key(request.uri(), params);
        if let Some(page) = state.pages.get(&key) {
            return hit(&state, &page, request, started).await;
        }
        if !state.pages.enabled() {
            state.pages.misses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return fill(&state, key.into_owned(), request, next, started).await;
        }
        // One render per page at a time; whoever waited finds it kept.
        let key = key.into_owned();
        let lock = state.pages.render_lock(&key);
        let rendering = lock.lock().await;
        if let Some(page) = state.pages.get(&key) {
            drop(rendering);
            state.pages.render_done(&key, lock);
            return hit(&state, &page, request, started).await;
        }
        state.pages.misses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let response = fill(&state, key.clone(), request, next, started).await;
        drop(rendering);
        state.pages.render_done(&key, lock);
        return response;
    }
    let response = next.run(request).await;
    record(&state.metrics, &response, started);
    response
}

/// Answers from a kept page.
async fn hit(state: &Layer, page: &CachedPage, request: Request, started: Instant) -> Response {
    state.pages.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (parts, _) = request.into_parts();
    let response = answer(state, page, &parts).await;
    page.metrics.record(response.status().as_u16(), started);
    response
}

fn record(metrics: &Metrics, response: &Response, started: Instant) {
    let route = response.extensions().get::<RouteName>().map_or("unmatched", |r| &r.0);
    metrics.record(route, response.status().as_u16(), started);
}

/// The key of a request's page: its path, and the query parameters its route says change it
/// (others, such as `?fbclid=` or `?utm_source=` on shared links, name the same page).
fn cache_key<'a>(uri: &'a Uri, params: &[&str]) -> Cow<'a, str> {
    let Some(query) = uri.query() else { return Cow::Borrowed(uri.path()) };
    let kept: Vec<&str> =
        query.split('&').filter(|pair| params.iter().any(|p| pair.split('=').next() == Some(p))).collect();
    if kept.is_empty() { Cow::Borrowed(uri.path()) } else { Cow::Owned(format!("{}?{}", uri.path(), kept.join("&"))) }
}

/// The edition a public path belongs to; `None` for pages of both.
fn edition_of(path: &str) -> Option<Lang> {
    let first = path.strip_prefix('/')?.split('/').next()?;
    Lang::parse(first)
}

/// Renders a public page as an anonymous reader sees it, keeps it if it may, and answers.
async fn fill(state: &Layer, key: String, request: Request, next: Next, started: Instant) -> Response {
    let uri = request.uri().clone();
    // Pages outside an edition (`/`, sitemaps) depend on both.
    let deps = state.pages.deps(edition_of(uri.path()));
    let (mut parts, body) = request.into_parts();
    let original = parts.clone();
    for name in [header::COOKIE, header::ACCEPT_ENCODING, header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE] {
        parts.headers.remove(name);
    }
    parts.method = Method::GET;
    let response = next.run(Request::from_parts(parts, body)).await;
    let keepable = response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE);
    if !keepable {
        record(&state.metrics, &response, started);
        return response;
    }
    let personal = response.extensions().get::<Arc<Personal>>().cloned();
    let route = response.extensions().get::<RouteName>().map_or_else(|| Arc::from("unmatched"), |r| r.0.clone());
    let (head, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, path = uri.path(), "could not read a rendered page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let page = Arc::new(stored_page(state, bytes, &head.headers, personal, deps, route).await);
    // What drops a page with a per-reader part names its one address, so it is kept only under
    // that address (not under another spelling of its percent-encoding).
    let canonical = page.personal.as_ref().is_none_or(|personal| personal.path == uri.path());
    if canonical {
        state.pages.insert(key, page.clone());
    }
    let response = answer(state, &page, &original).await;
    page.metrics.record(response.status().as_u16(), started);
    response
}

/// A rendered page with its compressed forms (when the cache keeps pages; otherwise each
/// response is compressed as it goes out).
async fn stored_page(
    state: &Layer,
    identity: Bytes,
    headers: &HeaderMap,
    personal: Option<Arc<Personal>>,
    deps: super::Deps,
    route: Arc<str>,
) -> CachedPage {
    let (gzip_bytes, brotli_bytes) = if state.pages.enabled() {
        let source = identity.clone();
        let forms = tokio::task::spawn_blocking(move || (gzip(&source), brotli(&source))).await;
        match forms {
            Ok((Ok(g), Ok(b))) => (g, b),
            _ => (Bytes::new(), Bytes::new()),
        }
    } else {
        (Bytes::new(), Bytes::new())
    };
    let etag = etag_of(&identity);
    let quoted = |suffix: &str| {
        HeaderValue::from_str(&format!("\"{etag}{suffix}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
    };
    let etags = [quoted(""), quoted("-gz"), quoted("-br")];
    let last_modified = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    CachedPage {
        etags,
        etag,
        content_type: headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("text/html; charset=utf-8")),
        cache_control: headers.get(header::CACHE_CONTROL).cloned().unwrap_or_else(|| state.pages.shared_page.clone()),
        csp: headers.get(header::CONTENT_SECURITY_POLICY).cloned(),
        last_modified: HeaderValue::from_str(&last_modified).unwrap_or_else(|_| HeaderValue::from_static("")),
        identity,
        gzip: gzip_bytes,
        brotli: brotli_bytes,
        personal,
        metrics: state.metrics.route(&route),
        deps,
    }
}

/// Answers a request from a stored page.
async fn answer(state: &Layer, page: &CachedPage, request: &Parts) -> Response {
    let headers = &request.headers;
    let mut cookies = Vec::new();
    if let Some(personal) = &page.personal {
        let own = personal.filler.serve(request).await;
        cookies = own.cookies;
        if let Some(part) = own.hole {
            return with_part(page, personal, &part, headers, cookies);
        }
    }
    if revalidated(page, headers) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let out = response.headers_mut();
        out.insert(header::ETAG, page.etags[0].clone());
        out.insert(header::CACHE_CONTROL, page.cache_control.clone());
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        set_cookies(out, cookies);
        return response;
    }
    let accept = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (encoding, body) = match (negotiate(accept), state.pages.enabled()) {
        (Encoding::Identity, _) => (Encoding::Identity, page.identity.clone()),
        (Encoding::Brotli, true) => (Encoding::Brotli, page.brotli.clone()),
        (Encoding::Gzip, true) => (Encoding::Gzip, page.gzip.clone()),
        (_, false) => match gzip_fast(&page.identity) {
            Ok(bytes) => (Encoding::Gzip, bytes),
            Err(_) => (Encoding::Identity, page.identity.clone()),
        },
    };
    let mut response = Response::new(Body::from(body));
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, page.content_type.clone());
    if let Some(csp) = &page.csp {
        out.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
    if let Some(coding) = encoding.header() {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let tag = match encoding {
        Encoding::Identity => 0,
        Encoding::Gzip => 1,
        Encoding::Brotli => 2,
    };
    out.insert(header::ETAG, page.etags[tag].clone());
    out.insert(header::LAST_MODIFIED, page.last_modified.clone());
    // A response that gives a new visitor their cookie must not be kept by a shared cache,
    // or one cookie would reach many readers.
    let cache_control = if cookies.is_empty() { page.cache_control.clone() } else { PERSONAL_PAGE };
    out.insert(header::CACHE_CONTROL, cache_control);
    set_cookies(out, cookies);
    response
}

/// Whether the client's copy is current: `If-None-Match` when sent, else `If-Modified-Since`
/// naming the exact time this page was rendered.
fn revalidated(page: &CachedPage, headers: &HeaderMap) -> bool {
    match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => none_match(tags, &page.etag),
        None => headers.get(header::IF_MODIFIED_SINCE).is_some_and(|since| since == page.last_modified),
    }
}

/// The page with the reader's own part in the hole.
fn with_part(
    page: &CachedPage,
    personal: &Personal,
    part: &str,
    headers: &HeaderMap,
    cookies: Vec<HeaderValue>,
) -> Response {
    let hole = &personal.hole;
    let bytes = &page.identity;
    let mut html = Vec::with_capacity(bytes.len() + part.len());
    html.extend_from_slice(&bytes[..hole.start]);
    html.extend_from_slice(part.as_bytes());
    html.extend_from_slice(&bytes[hole.end..]);
    let accept = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let compressed = (negotiate(accept) != Encoding::Identity).then(|| gzip_fast(&html).ok()).flatten();
    let mut response = match compressed {
        Some(body) => {
            let mut response = Response::new(Body::from(body));
            response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        }
        None => Response::new(Body::from(html)),
    };
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, page.content_type.clone());
    if let Some(csp) = &page.csp {
        out.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    out.insert(header::CACHE_CONTROL, PERSONAL_PAGE);
    set_cookies(out, cookies);
    response
}

fn set_cookies(out: &mut HeaderMap, cookies: Vec<HeaderValue>) {
    for cookie in cookies {
        out.append(header::SET_COOKIE, cookie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_name_the_same_page_but_declared_ones_do_not() {
        let key = |s: &str, params: &[&str]| cache_key(&s.parse::<Uri>().unwrap(), params).into_owned();
        assert_eq!(key("/en/news/1/x", &[]), "/en/news/1/x");
        assert_eq!(key("/en/news/1/x?fbclid=abc&utm_source=fb", &[]), "/en/news/1/x");
        assert_eq!(key("/en/news/1/x?reply_to=4", &[]), "/en/news/1/x");
        assert_eq!(key("/en/news/1/x?cursor=abc.1", &[]), "/en/news/1/x");
        let cursor = &["cursor"];
        assert_eq!(key("/en/category/world?cursor=abc.1", cursor), "/en/category/world?cursor=abc.1");
        assert_eq!(key("/en/category/world?utm=1&cursor=abc.1", cursor), "/en/category/world?cursor=abc.1");
        assert_eq!(key("/en/category/world?cursors=1", cursor), "/en/category/world");
    }
}
