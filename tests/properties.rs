//! Property tests of the pure rules hostile input reaches first: the slug maker, the Markdown
//! sanitiser, the word tokenizer (Bangla and English), cursor decoding and image uploads. Each
//! runs thousands of generated inputs, biased towards the markup, scripts and byte sequences an
//! attacker would send; `PROPTEST_CASES` raises the count. The rules checked are in
//! `properties/invariants.rs`, shared with the `cargo fuzz` targets in `fuzz/`.

use newsdesk::articles::model::Cursor;
use newsdesk::search::model::SearchCursor;
use proptest::prelude::*;

#[path = "properties/invariants.rs"]
mod invariants;

/// Text an attacker or a careless paste might send: any Unicode, fragments of markup, script
/// URLs, Bangla with joiners, NULs and lone-surrogate look-alikes.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-zA-Z ]{0,12}",
        "[\u{0980}-\u{09FF}\u{200C}\u{200D} ]{0,12}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_owned()),
        Just("[x](javascript:alert(1))".to_owned()),
        Just("[x](JaVaScRiPt&#58;alert(1))".to_owned()),
        Just("![x](data:text/html;base64,PHNjcmlwdD4=)".to_owned()),
        Just("<svg onload=alert(1)>".to_owned()),
        Just("<iframe src=//evil.example>".to_owned()),
        Just("<style>body{}</style>".to_owned()),
        Just("<div style=\"background:url(javascript:x)\">".to_owned()),
        Just("\"'><".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{FFFD}".to_owned()),
        Just("ত\u{09CD}\u{200D}".to_owned()),
        Just("title:taliban OR -x \"quoted\" *".to_owned()),
        Just("' OR 1=1 --".to_owned()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

    #[test]
    fn slugs_are_short_safe_path_segments(title in hostile_text()) {
        invariants::slug(&title).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn rendered_markdown_has_no_script_handler_or_script_url(body in hostile_text()) {
        invariants::markdown(&body).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tokens_point_into_the_text_in_order(text in hostile_text()) {
        invariants::tokens(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn cursors_parse_only_what_they_wrote(text in prop_oneof![any::<String>(), "[0-9a-fnr.-]{0,40}"], at in any::<i64>(), id in 1i64.., key in any::<f64>(), ranked in 0i64.., newest in any::<bool>()) {
        invariants::cursors(&text).map_err(TestCaseError::fail)?;
        let cursor = Cursor::after(at, id);
        prop_assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        let written = format!("{}.{:x}.{id}.{ranked}", if newest { "n" } else { "r" }, key.to_bits());
        match SearchCursor::parse(&written) {
            Some(cursor) => prop_assert_eq!(cursor.to_string(), written),
            None => prop_assert!(!key.is_finite()),
        }
    }
}

proptest! {
    // Decoding is slower: fewer cases, each a mutated real image or a polyglot.
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn uploads_are_re_encoded_or_refused_never_a_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
        cut in any::<prop::sample::Index>(),
        prefix in prop_oneof![Just(Vec::new()), Just(b"<script>alert(1)</script>".to_vec()), Just(b"GIF89a".to_vec()), Just(b"%PDF-1.4\n".to_vec())],
        suffix in prop_oneof![Just(Vec::new()), Just(b"<?php echo 1; ?>".to_vec()), Just(b"<html><script>x</script>".to_vec())],
        base in prop_oneof![Just(image_bytes(image::ImageFormat::Png)), Just(image_bytes(image::ImageFormat::Jpeg))],
    ) {
        let mut bytes = base.clone();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        bytes.truncate(cut.index(bytes.len() + 1).max(1));
        let extra = !prefix.is_empty() || !suffix.is_empty();
        let bytes = [prefix, bytes, suffix].concat();
        if let Some(original) = invariants::upload(&bytes).map_err(TestCaseError::fail)? {
            // What is kept is a fresh encoding, never what was smuggled around the image.
            prop_assert!(!extra || original != bytes);
        }
    }
}

/// `PROPTEST_CASES` when set, else the default of the test.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default)
}

/// A small image in `format`, as an uploader's camera or editor would send it.
fn image_bytes(format: image::ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(64, 48).write_to(&mut std::io::Cursor::new(&mut out), format).unwrap();
    out
}
