//! Matched words highlighted in a result's title, standfirst and body passage: escaped text
//! with only `<mark>` added, and an ellipsis where a passage was cut.

use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::index::Hit;
use super::schema::Fields;
use crate::html::{Builder, SafeHtml};

/// Length of a result's passage, in characters.
const SNIPPET_CHARS: usize = 220;

/// Highlighted passages of story bodies for one query.
pub struct BodySnippets(pub(super) SnippetGenerator);

impl BodySnippets {
    /// A passage of the first paragraph of `body` (plain text, paragraphs separated by blank
    /// lines) that holds matched words, as HTML; `None` if none does. Paragraphs are tried in
    /// turn so that a long story is analysed only as far as its first match.
    pub fn html(&self, body: &str) -> Option<SafeHtml> {
        body.split("\n\n").find_map(|paragraph| {
            let snippet = self.0.snippet(paragraph);
            (!snippet.highlighted().is_empty()).then(|| highlight(paragraph, &snippet, false))
        })
    }
}

/// `text` as HTML with the snippet's matched words in `<mark>`: the whole text (`whole`), or
/// the snippet's passage with an ellipsis where it was cut.
fn highlight(text: &str, snippet: &Snippet, whole: bool) -> SafeHtml {
    let range = snippet.fragment_range();
    let fragment = snippet.fragment();
    let mut html = Builder::with_capacity(text.len() + 32);
    match text.get(..range.start) {
        Some(before) if whole => {
            html.text(before);
        }
        Some(before) if !before.trim().is_empty() => {
            html.markup("…");
        }
        _ => {}
    }
    let mut at = 0;
    for mark in snippet.highlighted() {
        let (Some(plain), Some(word)) = (fragment.get(at..mark.start), fragment.get(mark.clone())) else { continue };
        html.text(plain).markup("<mark>").text(word).markup("</mark>");
        at = mark.end;
    }
    html.text(fragment.get(at..).unwrap_or_default());
    match text.get(range.end..) {
        Some(after) if whole => {
            html.text(after);
        }
        Some(after) if !after.trim().is_empty() => {
            html.markup("…");
        }
        _ => {}
    }
    html.finish()
}

/// `text`, escaped.
fn html_escape(text: &str) -> SafeHtml {
    let mut html = Builder::with_capacity(text.len());
    html.text(text);
    html.finish()
}

/// The results of one page, in rank order, with their headlines and standfirsts highlighted, and
/// what cuts highlighted passages from their bodies.
pub(super) fn highlighted(
    searcher: &Searcher,
    query: &dyn Query,
    f: Fields,
    top: Vec<((f64, u64), DocAddress)>,
) -> anyhow::Result<(Vec<Hit>, BodySnippets)> {
    let mut title_snippets = SnippetGenerator::create(searcher, query, f.title)?;
    title_snippets.set_max_num_chars(400);
    let mut body_snippets = SnippetGenerator::create(searcher, query, f.body)?;
    body_snippets.set_max_num_chars(SNIPPET_CHARS);
    let mut standfirst_snippets = SnippetGenerator::create(searcher, query, f.standfirst)?;
    standfirst_snippets.set_max_num_chars(SNIPPET_CHARS);
    let mut hits = Vec::with_capacity(top.len());
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let title = text(f.title);
        let title_html = highlight(&title, &title_snippets.snippet(&title), true);
        let standfirst = text(f.standfirst);
        let snippet = standfirst_snippets.snippet(&standfirst);
        let standfirst_html = if snippet.highlighted().is_empty() {
            html_escape(&standfirst.chars().take(SNIPPET_CHARS).collect::<String>())
        } else {
            highlight(&standfirst, &snippet, false)
        };
        hits.push(Hit {
            id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or_default() as i64,
            slug: text(f.slug),
            title,
            title_html,
            snippet_html: standfirst_html,
            section_slug: text(f.section_slug),
            section_name: text(f.section_name),
            published_at: doc.get_first(f.published).and_then(|v| v.as_i64()).unwrap_or_default(),
        });
    }
    Ok((hits, BodySnippets(body_snippets)))
}
