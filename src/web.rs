//! What every page shares: the layout's data ([`Chrome`]), page metadata, rendering, the error
//! page middleware, and small request helpers such as typed path parameters ([`PathParams`]).

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::articles::model::{encode_segment, section_path};
use crate::config::ProxyRange;
use crate::editions::{Lang, Ui, format_date};
use crate::error::{AppError, ErrorPage, api_code, json_error};
use crate::state::AppState;

pub mod path;
pub use path::PathParams;

/// The Content-Security-Policy of every response. Defence in depth: no script, style or frame
/// from elsewhere, even if markup slipped through escaping; pages may not be framed by other
/// sites.
///
/// The one inline script allowed, by its hash, is the layout's line that shows the "Newsroom"
/// link to staff on pages every reader shares (see `staff_hint` in `accounts::session`).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
    script-src 'self' 'sha256-Hx9FTcFXLXnuKKwiwrlVLHj7cI+sQDxX7I/crvpd2E0='";
/// The Content-Security-Policy of a page that embeds videos: the one above, and frames from
/// exactly the players' origins (`frame-src` stays `'self'` for everything else).
pub fn content_security_policy_with_frames(origins: &[&str]) -> String {
    format!("{CONTENT_SECURITY_POLICY}; frame-src 'self' {}", origins.join(" "))
}

/// The Referrer-Policy of every response.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// The answer to a request whose handler panicked (a bug, logged by the panic hook): a bare 500
/// saying what to do.
pub fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side. Please try again in a moment.")
        .into_response()
}

/// Requests whose path and query are longer than this get a 414 without routing.
pub const MAX_URI_BYTES: usize = 2048;

/// Requests whose header fields add up to more than this get a 431 without routing (the
/// usual cause is a pile of cookies). Beyond `http::MAX_HEAD_BYTES` the connection's parser
/// refuses the request itself.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// `<title>`, description and canonical URL of a page.
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Absolute canonical URL; empty on error pages.
    pub canonical: String,
}

/// A section in the navigation bar.
pub struct NavItem {
    pub name: String,
    pub path: String,
    pub active: bool,
}

/// A page of the site in the footer.
pub struct FooterLink {
    pub title: String,
    pub path: String,
}

/// A trending story as the sidebar shows it.
pub struct TrendingLink {
    pub title: String,
    pub path: String,
    pub section_name: String,
    pub date: String,
}

/// The breaking-news banner at the top of every page of an edition.
pub struct BreakingView {
    pub text: String,
    /// Empty: the banner links nowhere.
    pub url: String,
}

/// The data of the layout around every page: site name, edition, navigation, assets, trending.
pub struct Chrome {
    pub lang: &'static str,
    pub is_bn: bool,
    pub ui: &'static Ui,
    pub site_name: String,
    pub logo_alt: String,
    pub home: String,
    pub other_lang: &'static str,
    pub other_home: String,
    pub other_name: &'static str,
    pub nav: Vec<NavItem>,
    pub css: String,
    pub logo: String,
    /// Stylesheet with the admins' accent colour, if they set one.
    pub theme: Option<String>,
    pub bangla_font: String,
    pub bangla_font_bold: String,
    pub trending: Vec<TrendingLink>,
    pub year: String,
    /// Today in the newsroom's time zone, as the header prints it, and as `YYYY-MM-DD`.
    pub date_line: String,
    pub date_iso: String,
    /// The edition's breaking-news banner, while it is up.
    pub breaking: Option<BreakingView>,
    /// The edition's search page and RSS feed.
    pub search: String,
    pub feed: String,
    /// The site's own pages the edition's footer lists (editor's note, editorial policy…).
    pub footer_pages: Vec<FooterLink>,
    /// The page is for one staff member (never a cached page): the "Newsroom" link shows
    /// without the script that reveals it on shared pages.
    pub staff: bool,
}

impl Chrome {
    /// The layout data for a page of `lang`; `section` marks the active navigation item.
    pub fn new(state: &AppState, lang: Lang, section: Option<&str>) -> Self {
        let site = state.site.get();
        let offset = state.config.utc_offset_minutes;
        let nav = site
            .nav(lang)
            .iter()
            .map(|s| NavItem {
                name: s.name.clone(),
                path: section_path(lang, &s.slug),
                active: section == Some(&s.slug),
            })
            .collect();
        let trending = state
            .trending
            .get(lang)
            .iter()
            .map(|t| TrendingLink {
                title: t.title.clone(),
                path: t.path.clone(),
                section_name: t.section_name.clone(),
                date: format_date(lang, t.published_at, offset),
            })
            .collect();
        let site_name = site.name(lang).to_owned();
        let now = state.clock.now();
        let year = crate::editions::format_number(lang, crate::editions::local_year(now, offset));
        let today = crate::editions::model::local_time(now, offset).date_naive();
        let breaking = site.breaking(lang, now).map(|b| BreakingView { text: b.text.clone(), url: b.url.clone() });
        Self {
            lang: lang.code(),
            is_bn: lang == Lang::Bn,
            ui: lang.ui(),
            logo_alt: match lang {
                Lang::En => format!("{site_name} Logo"),
                Lang::Bn => format!("{site_name} লোগো"),
            },
            site_name,
            home: format!("/{}/", lang.code()),
            other_lang: lang.other().code(),
            other_home: format!("/{}/", lang.other().code()),
            other_name: lang.other().ui().edition_name,
            nav,
            css: state.assets.css_path().to_owned(),
            logo: site.logo_path.clone().unwrap_or_else(|| state.assets.logo_path().to_owned()),
            theme: site.accent.as_ref().map(|c| format!("/theme.css?c={}", &c[1..])),
            bangla_font: state.assets.bangla_font_path().to_owned(),
            bangla_font_bold: state.assets.bangla_font_bold_path().to_owned(),
            trending,
            year,
            date_line: crate::editions::calendar::date_line(lang, today),
            date_iso: today.format("%Y-%m-%d").to_string(),
            breaking,
            search: format!("/{}/search", lang.code()),
            feed: format!("/{}/feed.xml", lang.code()),
            footer_pages: site
                .footer(lang)
                .iter()
                .map(|p| FooterLink { title: p.title.clone(), path: crate::sitepages::model::page_path(lang, &p.slug) })
                .collect(),
            staff: false,
        }
    }
}

/// Renders a page template to a response.
pub fn render(template: &impl Template) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

/// The edition a path belongs to, for pages outside any edition (errors, `/`).
pub fn edition_of_path(path: &str, default: Lang) -> Lang {
    path.strip_prefix('/').and_then(|p| p.split('/').next()).and_then(Lang::parse).unwrap_or(default)
}

/// The client's address. From a trusted proxy, `X-Forwarded-For` is read from the right (each
/// proxy appends the address it saw): the first address that is not itself a trusted proxy is
/// the client. Anyone else's header is ignored, so that a client cannot choose its address.
pub fn client_ip(headers: &HeaderMap, peer: std::net::SocketAddr, trusted: &[ProxyRange]) -> String {
    let is_trusted = |ip: std::net::IpAddr| trusted.iter().any(|range| range.contains(ip));
    if !is_trusted(peer.ip()) {
        return peer.ip().to_string();
    }
    let hops = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
    let mut client = peer.ip();
    for hop in hops.iter().rev().flat_map(|v| v.rsplit(',')) {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            // Garbage: what lies further left cannot be believed either.
            Err(_) => break,
        }
    }
    client.to_string()
}

/// Percent-encodes a value for a query string.
pub fn encode_query(value: &str) -> String {
    const QUERY: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
    percent_encoding::utf8_percent_encode(value, QUERY).to_string()
}

/// The `next` parameter of a login link that brings the reader back to `path` + `fragment`.
pub fn login_link(path: &str, fragment: &str) -> String {
    format!("/login?next={}", encode_segment(&format!("{path}#{fragment}")))
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorTemplate {
    chrome: Chrome,
    meta: PageMeta,
    heading: String,
    message: String,
}

fn error_page(state: &AppState, lang: Lang, status: StatusCode, message: String) -> Response {
    let ui = lang.ui();
    let heading = match status {
        StatusCode::NOT_FOUND => ui.not_found_title,
        StatusCode::FORBIDDEN => ui.forbidden_title,
        StatusCode::TOO_MANY_REQUESTS => ui.too_many_title,
        StatusCode::SERVICE_UNAVAILABLE => ui.unavailable_title,
        s if s.is_server_error() => ui.server_error_title,
        _ => ui.bad_request_title,
    }
    .to_owned();
    let chrome = Chrome::new(state, lang, None);
    let meta = PageMeta {
        title: format!("{heading} | {}", chrome.site_name),
        description: message.clone(),
        canonical: String::new(),
    };
    match (ErrorTemplate { chrome, meta, heading, message: message.clone() }).render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "rendering the error page");
            (status, message).into_response()
        }
    }
}

/// Refuses, before anything else reads it, a request whose address (414) or header fields
/// (431) are too long: the site's error page (or a JSON error under `/api/`) saying what to do.
pub async fn refuse_oversized(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (status, message) = if request.uri().to_string().len() > MAX_URI_BYTES {
        (StatusCode::URI_TOO_LONG, format!("This address is longer than {MAX_URI_BYTES} bytes."))
    } else if header_bytes(request.headers()) > MAX_HEADER_BYTES {
        let message = format!(
            "This request's headers add up to more than {} KB. Clearing this site's cookies usually fixes it.",
            MAX_HEADER_BYTES / 1024
        );
        (StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, message)
    } else if !decodes_as_utf8(request.uri().path().as_bytes())
        || !decodes_as_utf8(request.uri().query().unwrap_or("").as_bytes())
    {
        (StatusCode::BAD_REQUEST, "This address has characters that could not be read (it is not UTF-8 text). Check the link, or type it again.".to_owned())
    } else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    if path.starts_with("/api/") {
        json_error(status, api_code(status), message)
    } else {
        error_page(&state, edition_of_path(path, state.default_edition()), status, message)
    }
}

/// Whether percent-encoded text (a path, a query string, a form body) is UTF-8 once decoded:
/// otherwise decoding it would quietly replace what was sent with U+FFFD.
pub fn decodes_as_utf8(encoded: &[u8]) -> bool {
    percent_encoding::percent_decode(encoded).decode_utf8().is_ok()
}

/// The size of header fields as sent: name, value, and `": "` and CRLF for each.
fn header_bytes(headers: &HeaderMap) -> usize {
    headers.iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum()
}

/// Turns every error response into the site's error page (or a JSON error under `/api/`),
/// including axum's own plain-text rejections, 405s and the fallback 404.
pub async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let is_api = path.starts_with("/api/");
    let lang = edition_of_path(&path, state.default_edition());
    let reads = matches!(*request.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    // Only what would be a 404 asks the stored redirects: pages that exist never wait for them.
    if status == StatusCode::NOT_FOUND
        && reads
        && !is_api
        && !path.starts_with("/newsroom")
        && let Some(location) = stored_redirect(&state, &path, query.as_deref()).await
    {
        return stored_moved(&location);
    }
    if let Some(page) = response.extensions().get::<ErrorPage>().cloned()
        && !is_api
    {
        return keep_headers(&response, error_page(&state, lang, status, page.message));
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/json") || (content_type.starts_with("text/html") && !is_api) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("The request failed.").to_owned() + "."
    } else {
        text
    };
    let rebuilt = Response::from_parts(parts, Body::empty());
    let fresh =
        if is_api { json_error(status, api_code(status), message) } else { error_page(&state, lang, status, message) };
    keep_headers(&rebuilt, fresh)
}

/// A 301 to a stored redirect's address. Browsers may keep a 301 for good; an hour's limit lets
/// an address given back (a slug renamed back) serve its page again the same day.
pub fn stored_moved(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location), (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"))],
        )
            .into_response(),
        Err(_) => AppError::not_found("There is no page at this address.").into_response(),
    }
}

/// The stored redirect of a path no page answers, if any; a failed lookup is logged and the
/// 404 stands.
async fn stored_redirect(state: &AppState, path: &str, query: Option<&str>) -> Option<String> {
    match crate::redirects::lookup(&state.db, path, query).await {
        Ok(location) => location,
        Err(err) => {
            tracing::warn!(error = %err, "could not read the stored redirects");
            None
        }
    }
}

// Carries headers such as `Allow` and `Retry-After` over to the re-rendered error.
fn keep_headers(original: &Response, mut fresh: Response) -> Response {
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            fresh.headers_mut().entry(name).or_insert_with(|| value.clone());
        }
    }
    fresh
}

/// The fallback for paths no route matches.
pub async fn not_found() -> AppError {
    AppError::not_found("There is no page at this address. It may have moved, or the link may be mistyped.")
}

/// A 303 to `location`: after a form is handled, the browser asks for the page it leads to.
pub fn see_other(location: impl Into<String>) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.into())]).into_response()
}

/// A 301 to `path`: search engines move their index to the new address.
pub fn moved_permanently(path: &str) -> Response {
    match HeaderValue::from_str(path) {
        Ok(location) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response(),
        Err(_) => AppError::not_found("There is no page at this address.").into_response(),
    }
}
