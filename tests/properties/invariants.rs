//! What must hold for any input of the rules hostile input reaches first. Each check returns
//! what went wrong; the property tests (`tests/properties.rs`) and the fuzz targets (`fuzz/`)
//! run the same checks on their own inputs.

use newsdesk::articles::model::{Cursor, Slug, encode_segment};
use newsdesk::html::markdown as render_markdown;
use newsdesk::search::model::{SearchCursor, analyzer, clean_query, query_terms};
use tantivy::tokenizer::TokenStream;

type Checked = Result<(), String>;

fn ensure(holds: bool, what: impl FnOnce() -> String) -> Checked {
    if holds { Ok(()) } else { Err(what()) }
}

/// A slug is a short, safe path segment, and made again from itself is itself.
pub fn slug(title: &str) -> Checked {
    let slug = Slug::from_title(title);
    let s = slug.as_str();
    ensure(!s.is_empty(), || format!("empty slug for {title:?}"))?;
    ensure(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), || format!("{s:?}"))?;
    let allowed = |c: char| c == '-' || c.is_alphanumeric() || ('\u{0980}'..='\u{09FF}').contains(&c);
    ensure(s.chars().all(allowed), || format!("{s:?}"))?;
    ensure(!s.contains(['/', '?', '#', '%', '<', '>', '"', '\'', '\0', ' ']), || format!("{s:?}"))?;
    // Seven Bangla words at most, 80 Latin characters (and one word past them) at most.
    ensure(s.split('-').count() <= 7 + 81, || format!("{s:?}"))?;
    let encoded = encode_segment(s);
    ensure(encoded.is_ascii() && !encoded.contains('/'), || format!("{encoded:?}"))?;
    let again = Slug::from_title(s);
    ensure(again.as_str() == s, || format!("{s:?} became {:?}", again.as_str()))
}

/// Rendered Markdown has no active element, no handler or style attribute and no script URL,
/// and rendering is deterministic.
pub fn markdown(body: &str) -> Checked {
    const ACTIVE: [&str; 11] =
        ["script", "style", "iframe", "object", "embed", "svg", "form", "input", "link", "meta", "base"];
    let html = render_markdown(body).into_string();
    let document = scraper::Html::parse_fragment(&html);
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else { continue };
        let name = element.name();
        ensure(!ACTIVE.contains(&name), || format!("<{name}> in {html:?}"))?;
        for (attribute, value) in element.attrs() {
            ensure(!attribute.starts_with("on") && attribute != "style", || format!("{attribute} in {html:?}"))?;
            let value: String =
                value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
            if ["href", "src", "action", "formaction", "xlink:href"].contains(&attribute) {
                let scripted = ["javascript:", "data:", "vbscript:"].iter().any(|s| value.starts_with(s));
                ensure(!scripted, || format!("{attribute}={value:?} in {html:?}"))?;
            }
        }
    }
    ensure(render_markdown(body).as_str() == html, || format!("two renderings of {body:?} differ"))
}

/// Tokens point into the text in order, on character boundaries; a query keeps at most 12
/// distinct terms of a 200-character cut without control characters.
pub fn tokens(text: &str) -> Checked {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let (mut last_start, mut count) = (0, 0);
    while stream.advance() {
        let token = stream.token();
        ensure(!token.text.is_empty() && token.text.chars().count() <= 128, || format!("{:?}", token.text))?;
        let (from, to) = (token.offset_from, token.offset_to);
        ensure(from >= last_start && from < to && to <= text.len(), || format!("{from}..{to} after {last_start}"))?;
        ensure(text.is_char_boundary(from) && text.is_char_boundary(to), || format!("{from}..{to} in {text:?}"))?;
        last_start = from;
        count += 1;
    }
    ensure(count <= text.len(), || format!("{count} tokens"))?;
    let query = clean_query(text);
    ensure(query.chars().count() <= 200 && !query.chars().any(char::is_control), || format!("{query:?}"))?;
    let terms = query_terms(&query);
    let mut unique = terms.clone();
    unique.sort();
    unique.dedup();
    ensure(terms.len() <= 12 && unique.len() == terms.len(), || format!("{terms:?}"))
}

/// A cursor parses only from what a cursor writes, and writes back the same.
pub fn cursors(text: &str) -> Checked {
    if let Some(cursor) = Cursor::parse(text) {
        ensure(cursor.id > 0 && Cursor::parse(&cursor.to_string()) == Some(cursor), || format!("{text:?}"))?;
    }
    if let Some(cursor) = SearchCursor::parse(text) {
        ensure(cursor.key.is_finite() && cursor.id > 0 && cursor.ranked_at >= 0, || format!("{text:?}"))?;
        ensure(SearchCursor::parse(&cursor.to_string()) == Some(cursor), || format!("{text:?}"))?;
    }
    Ok(())
}

/// An upload is refused, or re-encoded into an image that decodes and carries nothing of
/// script or PHP; the kept original is returned.
pub fn upload(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Ok(processed) = newsdesk::media::model::process(bytes) else { return Ok(None) };
    let original = processed.original;
    let contains = |needle: &[u8]| original.windows(needle.len()).any(|w| w == needle);
    ensure(image::load_from_memory(&original).is_ok(), || "the kept image does not decode".into())?;
    ensure(!contains(b"<script") && !contains(b"<?php"), || "the kept image carries a payload".into())?;
    ensure(processed.width > 0 && processed.height > 0, || "an image without pixels".into())?;
    Ok(Some(original))
}
