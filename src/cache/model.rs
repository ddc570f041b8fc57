//! Pure rules of the page cache: which encoding a client gets, entity tags and conditional
//! requests, and compressing a page once into its stored forms.

use std::io::Write;

use axum::body::Bytes;
use sha2::{Digest, Sha256};

/// A stored form of a page's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The `Content-Encoding` value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }

    /// What the entity tag of this form ends with: each form is a different representation.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Self::Identity => "",
            Self::Gzip => "-gz",
            Self::Brotli => "-br",
        }
    }
}

/// The best stored form an `Accept-Encoding` header allows: brotli, then gzip, else identity.
/// A coding with `q=0` is refused; `*` stands for any coding not named.
pub fn negotiate(accept_encoding: &str) -> Encoding {
    let (mut br, mut gzip, mut star) = (None, None, None);
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case("br") {
            br = Some(q);
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(q);
        } else if name == "*" {
            star = Some(q);
        }
    }
    let accepts = |named: Option<f32>| named.or(star).is_some_and(|q| q > 0.0);
    if accepts(br) {
        Encoding::Brotli
    } else if accepts(gzip) {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The entity tag of a page's bytes, without quotes: the same bytes get the same tag on every
/// node, so a client revalidates against any of them.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether an `If-None-Match` header names the page whose tag is `etag` (in any of its
/// encodings; weak comparison, as RFC 9110 asks for `If-None-Match`).
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|tag| {
        if tag == "*" {
            return true;
        }
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        let Some(inner) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
            return false;
        };
        let inner = inner.strip_suffix("-gz").or_else(|| inner.strip_suffix("-br")).unwrap_or(inner);
        inner == etag
    })
}

/// gzip at the default level: stored once, sent many times.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Bytes> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.into())
}

/// Brotli at quality 9 (within a few per cent of the best, at a small fraction of its time),
/// with a window just large enough for the page: the encoder's memory grows with the window.
pub fn brotli(bytes: &[u8]) -> std::io::Result<Bytes> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let window = (usize::BITS - bytes.len().leading_zeros()).clamp(16, 24);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, window);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out.into())
}

/// gzip at a fast level, for the per-reader pages that are compressed on every request.
pub fn gzip_fast(bytes: &[u8]) -> std::io::Result<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::fast());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.into())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn brotli_is_preferred_then_gzip() {
        assert_eq!(negotiate("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(negotiate("gzip, deflate"), Encoding::Gzip);
        assert_eq!(negotiate("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(negotiate("identity"), Encoding::Identity);
        assert_eq!(negotiate(""), Encoding::Identity);
        assert_eq!(negotiate("*"), Encoding::Brotli);
        assert_eq!(negotiate("*;q=0, gzip"), Encoding::Gzip);
        assert_eq!(negotiate("GZIP;Q=1"), Encoding::Gzip);
        assert_eq!(negotiate("deflate"), Encoding::Identity);
    }

    #[test]
    fn a_tag_matches_in_any_encoding_and_in_lists() {
        let tag = etag_of(b"<p>page</p>");
        assert_eq!(tag.len(), 24);
        assert!(none_match(&format!("\"{tag}\""), &tag));
        assert!(none_match(&format!("\"{tag}-br\""), &tag));
        assert!(none_match(&format!("W/\"{tag}-gz\""), &tag));
        assert!(none_match(&format!("\"other\", \"{tag}\""), &tag));
        assert!(none_match("*", &tag));
        assert!(!none_match("\"other\"", &tag));
        assert!(!none_match(&tag, &tag), "an unquoted tag is malformed");
        assert!(!none_match("", &tag));
    }

    #[test]
    fn compressed_forms_decompress_to_the_page() {
        let page = "<p>খবর news</p>".repeat(500);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gzip(page.as_bytes()).unwrap()[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, page);
        let mut out = String::new();
        brotli::Decompressor::new(&brotli(page.as_bytes()).unwrap()[..], 4096).read_to_string(&mut out).unwrap();
        assert_eq!(out, page);
        assert!(brotli(page.as_bytes()).unwrap().len() < page.len() / 10);
    }
}
