//! The rules of stored redirects, without IO: the one form a path is stored and looked up in,
//! and the `Location` a stored path is sent as.

use unicode_normalization::UnicodeNormalization;

use crate::articles::model::encode_segment;

/// The longest path stored, in bytes (longer addresses are refused before routing anyway).
pub const MAX_PATH_BYTES: usize = 2048;

/// A path as stored and looked up: percent-decoded, NFC, starting with `/`, without query or
/// fragment. `/bn/topic/%E0%A6%A2%E0%A6%BE%E0%A6%95%E0%A6%BE` and `/bn/topic/ঢাকা` are the same
/// path. The error says what is wrong.
pub fn normalize(path: &str) -> Result<String, String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| format!("The path {path:?} is not UTF-8 text once decoded."))?;
    let clean: String = decoded.nfc().collect();
    if let Some(query) = clean.strip_prefix("/?") {
        return query_form(query).filter(|form| *form == clean).ok_or_else(|| {
            format!("The path {path:?} may hold a query only in WordPress's plain form, such as /?p=12.")
        });
    }
    if !clean.starts_with('/') {
        return Err(format!("The path {path:?} must start with “/”: give the address without the site's name."));
    }
    // `//host` and `/\host` are other sites to a browser: a stored path never leaves the site.
    if clean.starts_with("//") || clean.contains('\\') {
        return Err(format!("The path {path:?} must be a path of this site: it may not start with “//” or hold “\\”."));
    }
    if clean.contains(['?', '#']) || clean.chars().any(char::is_control) {
        return Err(format!("The path {path:?} may not hold a query, a fragment or control characters."));
    }
    if clean.len() > MAX_PATH_BYTES {
        return Err(format!("The path may be at most {MAX_PATH_BYTES} bytes long."));
    }
    Ok(clean)
}

/// The keys of WordPress's plain addresses (`/?p=12`, `/?page_id=3`, `/?cat=5`…), which an
/// imported site's old links use when it had no permalinks.
pub const WORDPRESS_QUERY_KEYS: [&str; 7] = ["p", "page_id", "attachment_id", "cat", "tag", "author", "feed"];

/// The stored form of a WordPress plain address for the query of a request to `/`: its first
/// known key with its value (`/?p=12`), other parameters left out; `None` when it has none.
pub fn query_form(query: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes()).find_map(|(key, value)| {
        let value = value.trim();
        let plain = !value.is_empty()
            && value.len() <= 200
            && value.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '%'));
        (WORDPRESS_QUERY_KEYS.contains(&key.as_ref()) && plain).then(|| format!("/?{key}={}", value.nfc()))
    })
}

/// The same path with its trailing slash toggled (`/2024/05/slug/` and `/2024/05/slug`): an
/// old address is found whichever way a link wrote it. `None` for `/` and query forms.
pub fn other_form(path: &str) -> Option<String> {
    if path == "/" || path.starts_with("/?") {
        return None;
    }
    Some(match path.strip_suffix('/') {
        Some(bare) => bare.to_owned(),
        None => format!("{path}/"),
    })
}

/// The `Location` of a stored path, with the query of the request carried over (a paged section
/// address `?cursor=…` goes to the same page of the new address).
pub fn location(stored: &str, query: Option<&str>) -> String {
    // A plain WordPress address leads on without its own query.
    let query = if stored.starts_with("/?") { None } else { query };
    let path = stored.split('/').map(encode_segment).collect::<Vec<_>>().join("/");
    match query.filter(|q| !q.is_empty()) {
        Some(query) => format!("{path}?{query}"),
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_and_decoded_paths_are_the_same_path() {
        let encoded = "/bn/topic/%E0%A6%A2%E0%A6%BE%E0%A6%95%E0%A6%BE";
        assert_eq!(normalize(encoded).unwrap(), "/bn/topic/ঢাকা");
        assert_eq!(normalize("/bn/topic/ঢাকা").unwrap(), "/bn/topic/ঢাকা");
        assert_eq!(location("/bn/topic/ঢাকা", None), encoded);
        assert_eq!(location("/en/category/world", Some("cursor=abc")), "/en/category/world?cursor=abc");
        assert_eq!(location("/2023/05/old-post/", Some("")), "/2023/05/old-post/");
    }

    #[test]
    fn what_is_not_a_path_is_refused() {
        assert!(normalize("en/category/x").is_err());
        assert!(normalize("https://example.com/x").is_err());
        assert!(normalize("/x?y=1").is_err());
        assert!(normalize("/x%0A").is_err());
        assert!(normalize("/x%FF").is_err());
        assert!(normalize(&format!("/{}", "a".repeat(MAX_PATH_BYTES))).is_err());
        assert!(normalize("/?q=1").is_err());
        assert!(normalize("//evil.example/x").is_err());
        assert!(normalize("/%2F%2Fevil.example").is_err());
        assert!(normalize("/\\evil.example").is_err());
        assert!(normalize("/?p=12&x=1").is_err());
    }

    #[test]
    fn wordpress_plain_addresses_have_one_stored_form() {
        assert_eq!(query_form("p=12").as_deref(), Some("/?p=12"));
        assert_eq!(query_form("utm_source=x&page_id=3").as_deref(), Some("/?page_id=3"));
        assert_eq!(query_form("cat=5&paged=2").as_deref(), Some("/?cat=5"));
        assert_eq!(query_form("q=rain"), None);
        assert_eq!(query_form("p="), None);
        assert_eq!(normalize("/?p=12").unwrap(), "/?p=12");
        assert_eq!(other_form("/2024/05/slug/").as_deref(), Some("/2024/05/slug"));
        assert_eq!(other_form("/2024/05/slug").as_deref(), Some("/2024/05/slug/"));
        assert_eq!(other_form("/"), None);
    }
}
