//! The embedded files: CSS, scripts, logo and fonts, each under a path that carries a
//! fingerprint of its bytes.

use std::collections::HashMap;

const CSS: &str = include_str!("../../assets/site.css");
/// The live Markdown preview of the site pages' editor.
const NEWSROOM_JS: &[u8] = include_bytes!("../../assets/newsroom.js");
/// The newsroom's story editor (ProseMirror) and pickers, built from `editor/` by
/// `editor/build.mjs`; committed so that building the server needs no Node.
const EDITOR_JS: &[u8] = include_bytes!("../../assets/editor.js");
const EDITOR_CSS: &[u8] = include_bytes!("../../assets/editor.css");
/// Starts an embedded video's player when the reader asks for it.
const EMBED_JS: &[u8] = include_bytes!("../../assets/embed.js");
const BEACON_JS: &[u8] = include_bytes!("../../assets/beacon.js");
const POLL_JS: &[u8] = include_bytes!("../../assets/poll.js");
const LOGO: &[u8] = include_bytes!("../../assets/logo.svg");
/// The logo as a 300×60 PNG, for structured data: search engines take a raster publisher logo
/// of at most 600×60.
const LOGO_PNG: &[u8] = include_bytes!("../../assets/logo.png");
/// The logo on a 1200×630 white card, as a PNG: link previews and feed readers take no SVG.
const SHARE_CARD: &[u8] = include_bytes!("../../assets/share-card.png");
const FONT_400: &[u8] = include_bytes!("../../assets/fonts/noto-sans-bengali-400.woff2");
const FONT_700: &[u8] = include_bytes!("../../assets/fonts/noto-sans-bengali-700.woff2");

/// One embedded file.
pub struct Asset {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The embedded files by their hashed path.
pub struct Assets {
    files: HashMap<String, Asset>,
    css: String,
    logo: String,
    logo_png: String,
    share_card: String,
    font_400: String,
    font_700: String,
    newsroom_js: String,
    editor_js: String,
    editor_css: String,
    embed_js: String,
    beacon_js: String,
    poll_js: String,
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
        let logo_png = add("logo", "png", "image/png", LOGO_PNG.to_vec());
        let newsroom_js = add("newsroom", "js", "text/javascript; charset=utf-8", NEWSROOM_JS.to_vec());
        let editor_js = add("editor", "js", "text/javascript; charset=utf-8", EDITOR_JS.to_vec());
        let editor_css = add("editor", "css", "text/css; charset=utf-8", EDITOR_CSS.to_vec());
        let embed_js = add("embed", "js", "text/javascript; charset=utf-8", EMBED_JS.to_vec());
        let beacon_js = add("beacon", "js", "text/javascript; charset=utf-8", BEACON_JS.to_vec());
        let poll_js = add("poll", "js", "text/javascript; charset=utf-8", POLL_JS.to_vec());
        let css = CSS.replace("__FONT_400__", &font_400).replace("__FONT_700__", &font_700);
        let css = add("site", "css", "text/css; charset=utf-8", css.into_bytes());
        Self {
            files,
            css,
            logo,
            logo_png,
            share_card,
            font_400,
            font_700,
            newsroom_js,
            editor_js,
            editor_css,
            embed_js,
            beacon_js,
            poll_js,
        }
    }

    /// The file at a hashed path.
    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }

    /// Path of the stylesheet.
    pub fn css_path(&self) -> &str {
        &self.css
    }

    /// Path of the site logo.
    pub fn logo_path(&self) -> &str {
        &self.logo
    }

    /// Path of the logo as a 300×60 PNG, the publisher logo of structured data.
    pub fn logo_png_path(&self) -> &str {
        &self.logo_png
    }

    /// Path of the logo as a 1200×630 PNG card, for link previews and feeds.
    pub fn share_card_path(&self) -> &str {
        &self.share_card
    }

    /// Path of the regular Bangla font, preloaded on Bangla pages.
    pub fn bangla_font_path(&self) -> &str {
        &self.font_400
    }

    /// Path of the site pages' editor script (live Markdown preview).
    pub fn newsroom_js_path(&self) -> &str {
        &self.newsroom_js
    }

    /// Path of the newsroom's story editor and pickers (loaded only in the newsroom).
    pub fn editor_js_path(&self) -> &str {
        &self.editor_js
    }

    /// Path of the story editor's stylesheet.
    pub fn editor_css_path(&self) -> &str {
        &self.editor_css
    }

    /// Path of the script that starts an embedded video on a click, on pages that embed one.
    pub fn embed_js_path(&self) -> &str {
        &self.embed_js
    }

    /// Path of the view beacon, on article pages when a CDN serves them.
    pub fn beacon_js_path(&self) -> &str {
        &self.beacon_js
    }

    /// Path of the poll script, on pages that show a poll.
    pub fn poll_js_path(&self) -> &str {
        &self.poll_js
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
