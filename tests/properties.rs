//! Property tests of the pure rules hostile input reaches first: the slug maker, the Markdown
//! sanitiser, the word tokenizer (Bangla and English), cursor decoding and image uploads. Each
//! runs thousands of generated inputs, biased towards the markup, scripts and byte sequences an
//! attacker would send; `PROPTEST_CASES` raises the count.

use newsdesk::articles::model::{Cursor, Slug, encode_segment, render_markdown};
use newsdesk::search::model::{SearchCursor, analyzer, clean_query, query_terms};
use proptest::prelude::*;
use tantivy::tokenizer::TokenStream;

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
        let slug = Slug::from_title(&title);
        let s = slug.as_str();
        prop_assert!(!s.is_empty());
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s:?}");
        prop_assert!(
            s.chars().all(|c| c == '-' || c.is_ascii_lowercase() || c.is_ascii_digit() || ('\u{0980}'..='\u{09FF}').contains(&c) || c.is_alphanumeric()),
            "{s:?}"
        );
        prop_assert!(!s.contains(['/', '?', '#', '%', '<', '>', '"', '\'', '\0', ' ']), "{s:?}");
        // Seven Bangla words at most, 80 Latin characters (and one word past them) at most.
        prop_assert!(s.split('-').count() <= 7 + 81, "{s:?}");
        let encoded = encode_segment(s);
        prop_assert!(encoded.is_ascii() && !encoded.contains('/'), "{encoded:?}");
        // A slug made again from itself is itself.
        let again = Slug::from_title(s);
        prop_assert_eq!(again.as_str(), s);
    }

    #[test]
    fn rendered_markdown_has_no_script_handler_or_script_url(body in hostile_text()) {
        let html = render_markdown(&body);
        let document = scraper::Html::parse_fragment(&html);
        for node in document.tree.nodes() {
            if let Some(element) = node.value().as_element() {
                let name = element.name();
                prop_assert!(
                    !["script", "style", "iframe", "object", "embed", "svg", "form", "input", "link", "meta", "base"].contains(&name),
                    "<{name}> in {html:?}"
                );
                for (attribute, value) in element.attrs() {
                    prop_assert!(!attribute.starts_with("on") && attribute != "style", "{attribute} in {html:?}");
                    let value: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
                    if ["href", "src", "action", "formaction", "xlink:href"].contains(&attribute) {
                        prop_assert!(
                            !value.starts_with("javascript:") && !value.starts_with("data:") && !value.starts_with("vbscript:"),
                            "{attribute}={value:?} in {html:?}"
                        );
                    }
                }
            }
        }
        // Sanitising what was sanitised changes nothing that matters: no new markup appears.
        prop_assert_eq!(render_markdown(&body).len(), html.len());
    }

    #[test]
    fn tokens_point_into_the_text_in_order(text in hostile_text()) {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(&text);
        let mut last_end = 0;
        let mut count = 0;
        while stream.advance() {
            let token = stream.token();
            prop_assert!(!token.text.is_empty());
            prop_assert!(token.text.chars().count() <= 64 * 2, "{:?}", token.text);
            prop_assert!(token.offset_from >= last_end && token.offset_from < token.offset_to && token.offset_to <= text.len());
            prop_assert!(text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to));
            last_end = token.offset_from;
            count += 1;
        }
        prop_assert!(count <= text.len());
        let query = clean_query(&text);
        prop_assert!(query.chars().count() <= 200 && !query.chars().any(char::is_control));
        let terms = query_terms(&query);
        prop_assert!(terms.len() <= 12);
        let mut unique = terms.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), terms.len());
    }

    #[test]
    fn cursors_parse_only_what_they_wrote(text in prop_oneof![any::<String>(), "[0-9a-fnr.-]{0,40}"], at in any::<i64>(), id in 1i64.., key in any::<f64>(), ranked in 0i64.., newest in any::<bool>()) {
        if let Some(cursor) = Cursor::parse(&text) {
            prop_assert!(cursor.id > 0);
            prop_assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        }
        let cursor = Cursor::after(at, id);
        prop_assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        if let Some(cursor) = SearchCursor::parse(&text) {
            prop_assert!(cursor.key.is_finite() && cursor.id > 0 && cursor.ranked_at >= 0);
            prop_assert_eq!(SearchCursor::parse(&cursor.to_string()), Some(cursor));
        }
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
        if let Ok(processed) = newsdesk::media::model::process(&bytes) {
            // What is kept is a fresh encoding, never what was smuggled around the image.
            prop_assert!(!extra || processed.original != bytes);
            prop_assert!(image::load_from_memory(&processed.original).is_ok());
            prop_assert!(!contains(&processed.original, b"<script") && !contains(&processed.original, b"<?php"));
            prop_assert!(processed.width > 0 && processed.height > 0);
        }
    }
}

/// `PROPTEST_CASES` when set, else the default of the test.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A small image in `format`, as an uploader's camera or editor would send it.
fn image_bytes(format: image::ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(64, 48).write_to(&mut std::io::Cursor::new(&mut out), format).unwrap();
    out
}
