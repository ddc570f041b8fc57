//! The rules of a WordPress import, without IO: which edition a post goes to, its dates, slug
//! and search-engine fields, where each of its old addresses leads, and how a comment's text
//! comes across.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::wxr::{Item, Site, Term};
use crate::clock::Timestamp;
use crate::editions::Lang;

/// The most words a slug made from an old one keeps, as for a new Bangla story.
const SLUG_WORDS: usize = 8;
/// The most bytes of a slug made from an old one.
const SLUG_BYTES: usize = 120;

/// Which edition each language of the old site goes to.
#[derive(Debug, Clone)]
pub struct Editions {
    /// The edition of posts that name no language.
    pub default: Lang,
    /// A language code (`en`, `fa`, `bn_BD`…) mapped by the operator (`--language fa=bn`).
    pub mapped: HashMap<String, Lang>,
}

impl Editions {
    /// The edition of an item: its Polylang language term, mapped; `Err(code)` for a language
    /// with no edition.
    pub fn of(&self, item: &Item) -> Result<Lang, String> {
        let Some(term) = item.categories.iter().find(|t| t.domain == "language") else { return Ok(self.default) };
        let code = term.nicename.to_ascii_lowercase();
        if let Some(lang) = self.mapped.get(&code) {
            return Ok(*lang);
        }
        let base = code.split(['_', '-']).next().unwrap_or_default();
        Lang::parse(base).ok_or(code)
    }
}

/// Reads `--language CODE=EDITION`.
pub fn language_mapping(text: &str) -> Result<(String, Lang), String> {
    let (code, edition) =
        text.split_once('=').ok_or_else(|| format!("{text:?}: write it as CODE=EDITION, such as fa=bn"))?;
    let lang = Lang::parse(edition.trim())
        .ok_or_else(|| format!("{text:?}: the edition must be en or bn, not {:?}", edition.trim()))?;
    Ok((code.trim().to_ascii_lowercase(), lang))
}

/// The old site's name for itself in the import's records: where its addresses start.
pub fn source_of(site: &Site) -> String {
    let base = [&site.base_blog_url, &site.link, &site.base_site_url]
        .into_iter()
        .find(|a| !a.trim().is_empty())
        .unwrap_or(&site.link);
    origin_of(base).unwrap_or_else(|| base.trim().trim_end_matches('/').to_ascii_lowercase())
}

/// `scheme://host[:port]` of an address, lowercased; `None` when it is not an http(s) address.
pub fn origin_of(address: &str) -> Option<String> {
    let url = url::Url::parse(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

/// Every origin links to the old site may use: http and https, with and without `www.`.
pub fn origins(site: &Site) -> Vec<String> {
    let mut hosts = Vec::new();
    for address in [&site.base_site_url, &site.base_blog_url, &site.link] {
        let Ok(url) = url::Url::parse(address.trim()) else { continue };
        let Some(host) = url.host_str() else { continue };
        let host = host.to_ascii_lowercase();
        let bare = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        for h in [bare.clone(), format!("www.{bare}")] {
            for scheme in ["https", "http"] {
                let origin = format!("{scheme}://{h}{port}");
                if !hosts.contains(&origin) {
                    hosts.push(origin);
                }
            }
        }
    }
    hosts
}

/// A WordPress date (`2024-05-01 10:00:00`), read as UTC; `None` for the zero date drafts carry.
pub fn timestamp(text: &str) -> Option<Timestamp> {
    let date = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    let at = date.and_utc().timestamp();
    (at > 0).then_some(at)
}

/// When a post was published (or is to be): its GMT date, or its local date when WordPress left
/// the GMT one empty (drafts).
pub fn published_at(item: &Item) -> Option<Timestamp> {
    timestamp(&item.post_date_gmt).or_else(|| timestamp(&item.post_date))
}

/// When a post was last changed, never before it was published.
pub fn modified_at(item: &Item, fallback: Timestamp) -> Timestamp {
    let published = published_at(item).unwrap_or(fallback);
    timestamp(&item.post_modified_gmt).or_else(|| timestamp(&item.post_modified)).unwrap_or(published).max(published)
}

/// A readable slug from an old one (decoded: Bangla stays Bangla), or from the title when the
/// post had none: letters and digits of any script, lower case, joined by hyphens.
pub fn slug_of(old: &str, title: &str) -> String {
    let from_old = clean_slug(old);
    if from_old.is_empty() { clean_slug(title) } else { from_old }
}

fn clean_slug(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !matches!(c, '\u{200C}' | '\u{200D}' | '\u{FEFF}')).nfc().collect();
    let mut slug = String::new();
    for word in clean.unicode_words().take(SLUG_WORDS) {
        let kept: String = word
            .chars()
            .filter(|c| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect();
        let kept = kept.trim_start_matches(unicode_normalization::char::is_combining_mark);
        if kept.is_empty() {
            continue;
        }
        if slug.len() + kept.len() + 1 > SLUG_BYTES && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(kept);
    }
    slug
}

/// A byline's slug from an author's login: ASCII letters and digits joined by hyphens.
pub fn byline_slug(login: &str) -> String {
    let slug = crate::articles::model::Slug::from_title(&login.replace(['.', '_', '@'], " "));
    match slug.as_str() {
        "story" if !login.to_ascii_lowercase().contains("story") => "author".to_owned(),
        s => s.to_owned(),
    }
}

/// The search-engine title and description a post's Yoast or Rank Math fields give, with their
/// `%%title%%`-style variables filled in.
pub fn seo_fields(item: &Item, site_title: &str) -> (String, String) {
    let meta = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| item.postmeta.iter().find(|(key, v)| key == k && !v.trim().is_empty()))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let fill = |text: String| {
        let out = text
            .replace("%%title%%", &item.title)
            .replace("%title%", &item.title)
            .replace("%%sitename%%", site_title)
            .replace("%sitename%", site_title)
            .replace("%%sep%%", "–")
            .replace("%sep%", "–");
        // Variables this import cannot fill are dropped rather than shown to readers.
        let out = drop_variables(&out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    (
        fill(meta(&["_yoast_wpseo_title", "rank_math_title"])),
        fill(meta(&["_yoast_wpseo_metadesc", "rank_math_description"])),
    )
}

/// Removes `%%name%%` and `%name%` variables.
fn drop_variables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let opening = after.bytes().take_while(|b| *b == b'%').count();
        let name = after[opening..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        let closing = after[opening + name..].bytes().take_while(|b| *b == b'%').count();
        if name > 0 && opening <= 2 && closing >= opening {
            rest = &after[2 * opening + name..];
        } else {
            out.push('%');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Text of an excerpt or a comment: tags dropped, entities read, paragraphs kept as blank lines.
pub fn plain_text(html: &str) -> String {
    let mut paragraphs = Vec::new();
    for part in html.replace("\r\n", "\n").split("\n\n") {
        let body = crate::body::Body::from_html(&format!("<p>{part}</p>"));
        let text = crate::body::text::plain(&body);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            paragraphs.push(text);
        }
    }
    paragraphs.join("\n\n")
}

/// The path of an address of the old site as a redirect stores it: `/2024/05/slug/`, or the
/// plain form `/?p=12`; `None` for an address elsewhere.
pub fn old_path(address: &str, origins: &[String]) -> Option<String> {
    let url = url::Url::parse(address.trim()).ok()?;
    let origin = origin_of(address)?;
    if !origins.contains(&origin) {
        return None;
    }
    let path = url.path().to_owned();
    match url.query().filter(|q| !q.is_empty()) {
        Some(query) if path == "/" => crate::redirects::model::query_form(query),
        _ => Some(path),
    }
}

/// The addresses a post answered at: its link, and its comments feed beside it.
pub fn post_paths(item: &Item, origins: &[String]) -> Vec<String> {
    let mut paths = vec![format!("/?p={}", item.post_id)];
    if let Some(path) = old_path(&item.link, origins).filter(|p| p != "/") {
        if path.ends_with('/') && !path.starts_with("/?") {
            paths.push(format!("{path}feed/"));
        }
        paths.push(path);
    }
    paths
}

/// The addresses a page answered at.
pub fn page_paths(item: &Item, origins: &[String]) -> Vec<String> {
    let mut paths = vec![format!("/?page_id={}", item.post_id)];
    paths.extend(old_path(&item.link, origins).filter(|p| p != "/"));
    paths
}

/// The addresses an attachment's page answered at.
pub fn attachment_paths(item: &Item, origins: &[String]) -> Vec<String> {
    let mut paths = vec![format!("/?attachment_id={}", item.post_id)];
    paths.extend(old_path(&item.link, origins).filter(|p| p != "/" && !p.starts_with("/?p=")));
    paths
}

/// A category's archive path, with its parents' slugs (`/category/world/asia/`).
pub fn category_path(term: &Term, categories: &[Term]) -> String {
    let mut chain = vec![term.raw_slug.clone()];
    let mut parent = term.parent_slug.clone();
    while !parent.is_empty() && chain.len() < 16 {
        let Some(p) = categories.iter().find(|c| c.slug == parent) else { break };
        chain.push(p.raw_slug.clone());
        parent = p.parent_slug.clone();
    }
    chain.reverse();
    format!("/category/{}/", chain.join("/"))
}

/// Where an uploaded file lies below `wp-content/uploads`, from its address or `_wp_attached_file`;
/// `None` for anything else, or a path that would leave the directory.
pub fn upload_path(address: &str) -> Option<String> {
    let address = address.trim();
    let hosted =
        url::Url::parse(address).ok().filter(|u| u.host_str().is_some_and(|h| h.ends_with(".files.wordpress.com")));
    let rest = match (address.find("/wp-content/uploads/"), &hosted) {
        (Some(at), _) => &address[at + "/wp-content/uploads/".len()..],
        // WordPress.com keeps uploads at the root of the site's files host.
        (None, Some(url)) => url.path().trim_start_matches('/'),
        (None, None) if !address.contains("://") && !address.starts_with('/') => address,
        (None, None) => return None,
    };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(rest).decode_utf8().ok()?;
    is_safe_upload(&decoded).then(|| decoded.into_owned())
}

/// A relative path that stays inside the uploads directory.
fn is_safe_upload(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && !path.contains(['\\', '\0'])
}

/// The original of a resized copy: `2024/05/photo-300x200.jpg` → `2024/05/photo.jpg`.
pub fn original_upload(path: &str) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let original = format!("{base}.{ext}");
    (digits(w) && digits(h) && !ext.contains('/') && is_safe_upload(&original)).then_some(original)
}

/// The post ids of a Polylang translation group, by language, read from the header's terms.
pub fn translation_groups(site: &Site) -> HashMap<String, Vec<(String, i64)>> {
    site.terms
        .iter()
        .filter(|t| t.taxonomy == "post_translations")
        .filter_map(|t| Some((t.slug.clone(), super::wxr::php_unserialize_string_map(&t.description)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_in_their_script_and_fall_back_to_the_title() {
        assert_eq!(slug_of("ঢাকায়-বৃষ্টি", "x"), "ঢাকায়-বৃষ্টি");
        assert_eq!(slug_of("hello-world", "Other"), "hello-world");
        assert_eq!(slug_of("", "Hello, World!"), "hello-world");
        assert_eq!(slug_of("سلام-دنیا", ""), "سلام-دنیا");
        assert_eq!(slug_of("", ""), "");
    }

    #[test]
    fn dates_are_read_as_utc_and_the_zero_date_is_none() {
        assert_eq!(timestamp("2024-05-01 10:00:00"), Some(1_714_557_600));
        assert_eq!(timestamp("0000-00-00 00:00:00"), None);
        assert_eq!(timestamp("garbage"), None);
    }

    #[test]
    fn old_addresses_keep_their_path_or_plain_form() {
        let origins = vec!["https://example.com".to_owned(), "http://example.com".to_owned()];
        assert_eq!(old_path("https://example.com/2024/05/slug/", &origins).as_deref(), Some("/2024/05/slug/"));
        assert_eq!(old_path("http://example.com/?p=12", &origins).as_deref(), Some("/?p=12"));
        assert_eq!(old_path("https://elsewhere.com/x/", &origins), None);
    }

    #[test]
    fn uploads_are_found_by_path_and_never_outside() {
        assert_eq!(upload_path("https://x.com/wp-content/uploads/2024/05/a.jpg?w=1").as_deref(), Some("2024/05/a.jpg"));
        assert_eq!(upload_path("2024/05/a.jpg").as_deref(), Some("2024/05/a.jpg"));
        assert_eq!(upload_path("https://x.com/wp-content/uploads/../../etc/passwd"), None);
        assert_eq!(upload_path("https://x.com/wp-content/uploads/2024/%2e%2e/x"), None);
        assert_eq!(upload_path("/etc/passwd"), None);
        assert_eq!(upload_path("https://x.files.wordpress.com/2008/06/a.jpg\n ").as_deref(), Some("2008/06/a.jpg"));
        assert_eq!(original_upload("2024/05/photo-300x200.jpg").as_deref(), Some("2024/05/photo.jpg"));
        assert_eq!(original_upload("2024/05/photo-big.jpg"), None);
        assert_eq!(original_upload(".-1x1./secret/pic"), None, "never a path out of the uploads");
    }

    #[test]
    fn seo_variables_are_filled_or_dropped() {
        let item = Item {
            title: "Rain".into(),
            postmeta: vec![("_yoast_wpseo_title".into(), "%%title%% %%sep%% %%sitename%% %%page%%".into())],
            ..Item::default()
        };
        assert_eq!(seo_fields(&item, "Daily").0, "Rain – Daily");
    }

    #[test]
    fn comments_lose_their_markup_and_keep_paragraphs() {
        assert_eq!(plain_text("<b>Hi</b> there &amp; you\n\nSecond"), "Hi there & you\n\nSecond");
    }
}
