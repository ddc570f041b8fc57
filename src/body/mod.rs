//! A story's body in its one stored form, and everything made from it.
//!
//! The stored form is a strict subset of HTML, produced by one allowlist ([`Body::from_html`])
//! whatever wrote it: the story editor, the API (`body_html`, or Markdown as `body`, converted
//! by [`Body::from_markdown`]), a paste, an import. It holds paragraphs, headings, bold, italic,
//! links (http, https, mailto), lists, block and pull quotes (`<blockquote class="pullquote">`),
//! rules, tables, and two kinds of figure:
//!
//! - a photo of the media library, with this story's caption, credit, alt text and size:
//!   `<figure data-media="12" data-size="full" data-alt="…" data-credit="…"><figcaption>…</figcaption></figure>`
//! - a post of another site: `<figure data-embed="youtube" data-url="https://…"></figure>`
//!
//! The public page's HTML ([`render`]), the search text and word count ([`text`]) and revision
//! diffs (by block, [`text::blocks`]) are all derived from it.

pub mod embed;
pub mod render;
mod sanitise;
pub mod text;
mod tree;

/// A body in the stored form: only [`Body::from_html`] and [`Body::from_markdown`] make one
/// from outside text; what is read back from the database was written by them.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct Body(String);

/// A photo placed in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedPhoto {
    pub media_id: i64,
    pub alt: String,
}

impl Body {
    /// The stored form of HTML from any source: everything outside the allowlist is dropped.
    pub fn from_html(html: &str) -> Self {
        Self(sanitise::sanitise(html))
    }

    /// The stored form of Markdown; an address of a supported post alone on its line becomes
    /// an embed.
    pub fn from_markdown(markdown: &str) -> Self {
        let mut source = String::with_capacity(markdown.len() + 64);
        let mut fence: Option<&str> = None;
        for line in markdown.lines() {
            // Inside a fenced or indented code block an address stays text.
            let trimmed = line.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            match (fence, marker) {
                (None, Some(m)) => fence = Some(m),
                (Some(open), Some(m)) if open == m => fence = None,
                _ => {}
            }
            let code = fence.is_some() || marker.is_some() || line.starts_with("    ") || line.starts_with('\t');
            match embed::recognise(line.trim()).filter(|_| !code) {
                Some(post) => {
                    let mut figure = String::new();
                    tree::attr("data-url", &post.url, &mut figure);
                    source.push_str("\n<figure data-embed=\"");
                    source.push_str(post.provider.code());
                    source.push('"');
                    source.push_str(&figure);
                    source.push_str("></figure>\n\n");
                }
                None => {
                    source.push_str(line);
                    source.push('\n');
                }
            }
        }
        Self::from_html(&markdown_html(&source, true))
    }

    /// The stored form of a story written before bodies were stored as HTML: its Markdown
    /// exactly as it was rendered then (no embeds made from addresses), so its page is unchanged.
    pub fn from_legacy_markdown(markdown: &str) -> Self {
        Self::from_html(&markdown_html(markdown, false))
    }

    /// The stored HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The stored HTML, to hand on.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The library photos the body places, in order (at any depth: in a list or a quote too),
    /// with the alt text given for this story.
    pub fn photos(&self) -> Vec<PlacedPhoto> {
        let doc = tree::parse(&self.0);
        doc.root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|e| e.value().name() == "figure")
            .filter_map(|e| {
                let media_id = e.value().attr("data-media")?.parse().ok()?;
                Some(PlacedPhoto { media_id, alt: e.value().attr("data-alt").unwrap_or("").to_owned() })
            })
            .collect()
    }

    /// The body with each photo's empty alt text filled from `alt_of` (the library's).
    pub fn with_alt_from(&self, alt_of: impl Fn(i64) -> Option<String>) -> Self {
        let mut html = self.0.clone();
        for photo in self.photos().into_iter().filter(|p| p.alt.is_empty()) {
            let Some(alt) = alt_of(photo.media_id).map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()) else {
                continue;
            };
            // The stored form writes a photo's attributes in one order: `data-media`, then
            // `data-size`, `data-alt` and `data-credit` when present.
            let start = format!("<figure data-media=\"{}\"", photo.media_id);
            let mut from = 0;
            while let Some(at) = html[from..].find(&start).map(|i| i + from) {
                let mut end = at + start.len();
                if html[end..].starts_with(" data-size=\"full\"") {
                    end += " data-size=\"full\"".len();
                }
                if !html[end..].starts_with(" data-alt=") {
                    let mut attr = String::new();
                    tree::attr("data-alt", &alt, &mut attr);
                    html.insert_str(end, &attr);
                }
                from = end;
            }
        }
        Self(html)
    }
}

/// Markdown to HTML with strikethrough, as stories were always rendered, and tables if asked.
fn markdown_html(markdown: &str, tables: bool) -> String {
    use pulldown_cmark::Options;
    let options =
        if tables { Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES } else { Options::ENABLE_STRIKETHROUGH };
    let parser = pulldown_cmark::Parser::new_ext(markdown, options);
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

#[cfg(test)]
mod tests;
