//! The middleware in front of every route: answers from the cache when it can, fills it when a
//! public page is rendered, and counts requests for `/metrics`.
//!
//! A hit costs a map lookup, a view count for articles, and a response built from shared
//! bytes: no database, no template, no compression, no log line (hits are counted in
//! `/metrics`). A miss renders the page as an anonymous reader sees it, without cookies or
//! compression, keeps it when the handler marked it [`Cacheable`], and then answers from the
//! stored page like a hit.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::model::{Encoding, brotli, etag_of, gzip, gzip_fast, negotiate, none_match};
use super::{Cacheable, CachedPage, Hole};
use crate::app::AppState;
use crate::comments::CommentDraft;
use crate::editions::Lang;
use crate::metrics::{RouteMetrics, RouteName};
use crate::web::security_headers;

/// Largest page kept (a full sitemap file is about 10 MB).
const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// How caches may keep a public HTML page: store it, but ask again (with `If-None-Match`)
/// before each use, so that a change shows at once; behind a CDN, the CDN may serve it for
/// `--cdn-max-age` seconds.
fn shared_page(state: &AppState) -> HeaderValue {
    match state.config.cdn_max_age {
        0 => HeaderValue::from_static("public, no-cache"),
        n => HeaderValue::from_str(&format!("public, max-age=0, s-maxage={n}, stale-while-revalidate=60"))
            .unwrap_or_else(|_| HeaderValue::from_static("public, no-cache")),
    }
}
/// A page with a reader's own comment box is for that reader only.
const PERSONAL_PAGE: HeaderValue = HeaderValue::from_static("private, no-cache");

/// The middleware.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if reads {
        let key = cache_key(request.uri());
        if let Some(page) = state.pages.get(&key) {
            return hit(&state, &page, request, started).await;
        }
        if is_public_page(request.uri().path()) {
            if !state.pages.enabled() {
                state.pages.misses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return fill(&state, request, next, started).await;
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
            let response = fill(&state, request, next, started).await;
            drop(rendering);
            state.pages.render_done(&key, lock);
            return response;
        }
    }
    let response = next.run(request).await;
    record(&response, started);
    response
}

/// Answers from a kept page.
async fn hit(state: &AppState, page: &CachedPage, request: Request, started: Instant) -> Response {
    state.pages.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (parts, _) = request.into_parts();
    let response = answer(state, page, &parts).await;
    page.metrics.record(response.status().as_u16(), started);
    response
}

fn record(response: &Response, started: Instant) {
    let route = response.extensions().get::<RouteName>().map_or("unmatched", |r| &r.0);
    crate::metrics::record(route, response.status().as_u16(), started);
}

/// Paths whose pages may be the same for every reader: the editions' pages (but not search
/// results), feeds, sitemaps and robots.txt. Whether a page is kept is the handler's call.
fn is_public_page(path: &str) -> bool {
    let edition_page = ["/en/", "/bn/"].iter().any(|p| path.starts_with(p)) && !path.ends_with("/search");
    edition_page
        || matches!(path, "/" | "/sitemap.xml" | "/news-sitemap.xml" | "/robots.txt")
        || path.starts_with("/sitemaps/")
}

/// The query parameters that change a public page: the list cursor. Others (`?fbclid=`,
/// `?utm_source=` on shared links, an article's `?reply_to=`, which only a logged-in reader's
/// comment box reads) name the same page.
const PAGE_PARAMS: &[&str] = &["cursor"];

/// The key of a request's page: its path, and the parameters that change it.
fn cache_key(uri: &Uri) -> Cow<'_, str> {
    let Some(query) = uri.query() else { return Cow::Borrowed(uri.path()) };
    let kept: Vec<&str> =
        query.split('&').filter(|pair| PAGE_PARAMS.iter().any(|p| pair.split('=').next() == Some(p))).collect();
    if kept.is_empty() { Cow::Borrowed(uri.path()) } else { Cow::Owned(format!("{}?{}", uri.path(), kept.join("&"))) }
}

/// The edition a public path belongs to; `None` for pages of both.
fn edition_of(path: &str) -> Option<Lang> {
    let first = path.strip_prefix('/')?.split('/').next()?;
    Lang::parse(first)
}

/// Renders a public page as an anonymous reader sees it, keeps it if it may, and answers.
async fn fill(state: &AppState, request: Request, next: Next, started: Instant) -> Response {
    let uri = request.uri().clone();
    let key = cache_key(&uri).into_owned();
    let edition = match uri.path() {
        "/" => Some(state.default_edition()),
        path => edition_of(path),
    };
    let deps = state.pages.deps(edition);
    let (mut parts, body) = request.into_parts();
    let original = parts.clone();
    for name in [header::COOKIE, header::ACCEPT_ENCODING, header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE] {
        parts.headers.remove(name);
    }
    parts.method = Method::GET;
    let response = next.run(Request::from_parts(parts, body)).await;
    let marked = response.extensions().get::<Cacheable>().cloned();
    let keepable = response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE);
    let Some(marked) = marked.filter(|_| keepable) else {
        record(&response, started);
        return response;
    };
    let route = response.extensions().get::<RouteName>().map_or_else(|| Arc::from("unmatched"), |r| r.0.clone());
    let (head, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, path = uri.path(), "could not read a rendered page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let page = Arc::new(stored_page(state, bytes, &head.headers, marked, deps, route).await);
    // A comment drops its article's page by the canonical address, so an article page is kept
    // only under that address (not under another spelling of its percent-encoding).
    let canonical = page.hole.as_ref().is_none_or(|hole| hole.comments.path == uri.path());
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
    state: &AppState,
    identity: Bytes,
    headers: &HeaderMap,
    marked: Cacheable,
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
        cache_control: headers.get(header::CACHE_CONTROL).cloned().unwrap_or_else(|| shared_page(state)),
        last_modified: HeaderValue::from_str(&last_modified).unwrap_or_else(|_| HeaderValue::from_static("")),
        identity,
        gzip: gzip_bytes,
        brotli: brotli_bytes,
        article: marked.article,
        hole: marked.hole,
        metrics: RouteMetrics::new(&route),
        deps,
    }
}

/// Answers a request from a stored page.
async fn answer(state: &AppState, page: &CachedPage, request: &Parts) -> Response {
    let headers = &request.headers;
    let mut cookies = Vec::new();
    // Behind a CDN the page's beacon counts the view, as the CDN answers most readers.
    if let Some(article) = page.article.filter(|_| state.config.cdn_max_age == 0)
        && let Some(ConnectInfo(peer)) = request.extensions.get::<ConnectInfo<SocketAddr>>()
        && let Some(cookie) = crate::trending::count_view(state, article, *peer, &request.method, headers)
    {
        cookies.push(cookie);
    }
    if let Some(hole) = &page.hole
        && crate::web::cookie(headers, crate::accounts::session::COOKIE).is_some()
    {
        // A database hiccup leaves the reader with the public page rather than an error.
        if let Ok(Some(user)) = crate::accounts::session::remembered(state, headers).await {
            return personal(state, page, hole, &user, &request.uri, headers, cookies);
        }
    }
    if revalidated(page, headers) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let out = response.headers_mut();
        out.insert(header::ETAG, page.etags[0].clone());
        out.insert(header::CACHE_CONTROL, page.cache_control.clone());
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        security_headers(out);
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
    security_headers(out);
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

/// The page with a logged-in reader's comment section in the hole.
fn personal(
    state: &AppState,
    page: &CachedPage,
    hole: &Hole,
    user: &crate::accounts::session::SessionUser,
    uri: &Uri,
    headers: &HeaderMap,
    mut cookies: Vec<HeaderValue>,
) -> Response {
    let secure = state.config.base_url.starts_with("https://");
    let (csrf, new_cookie) = crate::csrf::token_for(headers, secure);
    cookies.extend(new_cookie);
    let draft = CommentDraft::from_query(uri.query());
    let section = match hole.comments.render(Some(user), &csrf, &draft) {
        Ok(section) => section,
        Err(err) => {
            tracing::error!(error = %err, "rendering a comment section");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let bytes = &page.identity;
    let mut html = Vec::with_capacity(bytes.len() + section.len());
    html.extend_from_slice(&bytes[..hole.start]);
    html.extend_from_slice(section.as_bytes());
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
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    out.insert(header::CACHE_CONTROL, PERSONAL_PAGE);
    security_headers(out);
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
    fn tracking_parameters_name_the_same_page_but_cursors_do_not() {
        let key = |s: &str| cache_key(&s.parse::<Uri>().unwrap()).into_owned();
        assert_eq!(key("/en/news/1/x"), "/en/news/1/x");
        assert_eq!(key("/en/news/1/x?fbclid=abc&utm_source=fb"), "/en/news/1/x");
        assert_eq!(key("/en/news/1/x?reply_to=4"), "/en/news/1/x");
        assert_eq!(key("/en/category/world?cursor=abc.1"), "/en/category/world?cursor=abc.1");
        assert_eq!(key("/en/category/world?utm=1&cursor=abc.1"), "/en/category/world?cursor=abc.1");
        assert_eq!(key("/en/category/world?cursors=1"), "/en/category/world");
    }

    #[test]
    fn edition_pages_feeds_and_sitemaps_are_public_but_search_and_accounts_are_not() {
        for path in ["/", "/en/", "/bn/news/1/x", "/en/category/world", "/en/feed.xml", "/sitemaps/articles-0.xml"] {
            assert!(is_public_page(path), "{path}");
        }
        for path in ["/en/search", "/login", "/account", "/newsroom", "/api/v1/articles", "/media/a.jpg", "/en"] {
            assert!(!is_public_page(path), "{path}");
        }
    }
}
