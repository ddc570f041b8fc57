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
    if !clean.starts_with('/') {
        return Err(format!("The path {path:?} must start with “/”: give the address without the site's name."));
    }
    if clean.contains(['?', '#']) || clean.chars().any(char::is_control) {
        return Err(format!("The path {path:?} may not hold a query, a fragment or control characters."));
    }
    if clean.len() > MAX_PATH_BYTES {
        return Err(format!("The path may be at most {MAX_PATH_BYTES} bytes long."));
    }
    Ok(clean)
}

/// The `Location` of a stored path, with the query of the request carried over (a paged section
/// address `?cursor=…` goes to the same page of the new address).
pub fn location(stored: &str, query: Option<&str>) -> String {
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
    }
}
