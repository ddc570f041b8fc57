//! CSS, logo and fonts, embedded in the binary and served under content-hashed names so that
//! browsers and CDNs may keep them forever.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::app::AppState;
use crate::error::AppError;

const CSS: &str = include_str!("../assets/site.css");
const NEWSROOM_JS: &[u8] = include_bytes!("../assets/newsroom.js");
const BEACON_JS: &[u8] = include_bytes!("../assets/beacon.js");
const LOGO: &[u8] = include_bytes!("../assets/logo.svg");
/// The logo on a 1200×630 white card, as a PNG: link previews and feed readers take no SVG.
const SHARE_CARD: &[u8] = include_bytes!("../assets/share-card.png");
const FONT_400: &[u8] = include_bytes!("../assets/fonts/noto-sans-bengali-400.woff2");
const FONT_700: &[u8] = include_bytes!("../assets/fonts/noto-sans-bengali-700.woff2");

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{name}", get(serve)).route("/theme.css", get(theme))
}

struct Asset {
    content_type: &'static str,
    bytes: Vec<u8>,
}

/// The embedded files by their hashed path.
pub struct Assets {
    files: HashMap<String, Asset>,
    css: String,
    logo: String,
    share_card: String,
    font_400: String,
    font_700: String,
    newsroom_js: String,
    beacon_js: String,
}

/// FNV-1a: a stable fingerprint of a file's bytes for its URL (not for security).
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{:010x}", hash >> 24)
}

impl Assets {
    /// Fingerprints every file; the stylesheet refers to the fonts by their hashed paths.
    pub fn new() -> Self {
        let mut files = HashMap::new();
        let mut add = |stem: &str, ext: &str, content_type: &'static str, bytes: Vec<u8>| {
            let path = format!("/assets/{stem}.{}.{ext}", fingerprint(&bytes));
            files.insert(path.clone(), Asset { content_type, bytes });
            path
        };
        let font_400 = add("noto-sans-bengali-400", "woff2", "font/woff2", FONT_400.to_vec());
        let font_700 = add("noto-sans-bengali-700", "woff2", "font/woff2", FONT_700.to_vec());
        let logo = add("logo", "svg", "image/svg+xml", LOGO.to_vec());
        let share_card = add("share-card", "png", "image/png", SHARE_CARD.to_vec());
        let newsroom_js = add("newsroom", "js", "text/javascript; charset=utf-8", NEWSROOM_JS.to_vec());
        let beacon_js = add("beacon", "js", "text/javascript; charset=utf-8", BEACON_JS.to_vec());
        let css = CSS.replace("__FONT_400__", &font_400).replace("__FONT_700__", &font_700);
        let css = add("site", "css", "text/css; charset=utf-8", css.into_bytes());
        Self { files, css, logo, share_card, font_400, font_700, newsroom_js, beacon_js }
    }

    /// Path of the stylesheet.
    pub fn css_path(&self) -> &str {
        &self.css
    }

    /// Path of the site logo.
    pub fn logo_path(&self) -> &str {
        &self.logo
    }

    /// Path of the logo as a 1200×630 PNG card, for link previews and feeds.
    pub fn share_card_path(&self) -> &str {
        &self.share_card
    }

    /// Path of the regular Bangla font, preloaded on Bangla pages.
    pub fn bangla_font_path(&self) -> &str {
        &self.font_400
    }

    /// Path of the newsroom editor's script.
    pub fn newsroom_js_path(&self) -> &str {
        &self.newsroom_js
    }

    /// Path of the view beacon, on article pages when a CDN serves them.
    pub fn beacon_js_path(&self) -> &str {
        &self.beacon_js
    }

    /// Path of the bold Bangla font, preloaded on Bangla pages.
    pub fn bangla_font_bold_path(&self) -> &str {
        &self.font_700
    }
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}

/// `GET /theme.css?c=rrggbb`: the admins' accent colour over the stylesheet's default. The
/// colour is in the address, so each colour is its own cacheable file.
async fn theme(
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let colour = q.get("c").map(|c| format!("#{c}")).filter(|c| crate::editions::model::is_colour(c));
    let colour = colour.ok_or_else(|| AppError::not_found("There is no such theme."))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        format!(":root{{--red:{colour}}}\n"),
    )
        .into_response())
}

async fn serve(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, AppError> {
    let asset = state.assets.files.get(&format!("/assets/{name}")).ok_or_else(|| {
        AppError::not_found("There is no such file. Its name may be from an older version of the site.")
    })?;
    Ok((
        [(header::CONTENT_TYPE, asset.content_type), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
        asset.bytes.clone(),
    )
        .into_response())
}
