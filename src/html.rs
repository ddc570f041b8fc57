//! HTML that may go into a page unescaped ([`SafeHtml`]), and the only ways it is made: the
//! Markdown renderer with its sanitiser ([`markdown`]), escaped text joined with markup written
//! in the source ([`Builder`]), JSON made safe for a script element ([`script_json`]), and what
//! an auto-escaping template rendered ([`SafeHtml::rendered`]). Templates print a `SafeHtml`
//! as it is and escape everything else; no `|safe` filter is needed or used.

use std::fmt;

/// HTML that is safe to embed in a page as it is.
///
/// Stored story bodies are `SafeHtml` too: the `body_html` column is written only by binding a
/// `SafeHtml` made by [`markdown`], so what is read back is the sanitiser's output.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// Markup written in the source code (a marker, a fixed element).
    pub fn literal(markup: &'static str) -> Self {
        Self(markup.to_owned())
    }

    /// A story body as `crate::body::render` wrote it: stored HTML that passed the body's
    /// allowlist, with figures and links written by escaping builders.
    pub(crate) fn from_sanitised(html: String) -> Self {
        Self(html)
    }

    /// What an auto-escaping template rendered.
    pub fn rendered(template: &impl askama::Template) -> askama::Result<Self> {
        template.render().map(Self)
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, to hand on (a JSON field, a feed's content).
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether there is no markup at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Templates print it without escaping.
impl askama::filters::HtmlSafe for SafeHtml {}

/// Renders Markdown to HTML that is safe to embed: ammonia removes scripts, event handlers and
/// anything else outside its allow-list.
pub fn markdown(markdown: &str) -> SafeHtml {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, parser);
    SafeHtml(ammonia::Builder::default().link_rel(Some("noopener")).clean(&html).to_string())
}

/// JSON that cannot end the `<script>` element it sits in nor open a comment: `<`, `>` and `&`
/// are written as JSON escapes, which parse to the same string.
pub fn script_json(json: &str) -> SafeHtml {
    SafeHtml(json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"))
}

/// Escaped text joined with markup from the source code.
#[derive(Debug, Default)]
pub struct Builder(String);

impl Builder {
    /// An empty builder with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(String::with_capacity(capacity))
    }

    /// Appends `text` with the five HTML-special characters escaped (fit for element content and
    /// for a double- or single-quoted attribute value).
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape(text, &mut self.0);
        self
    }

    /// Appends markup written in the source code.
    pub fn markup(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// The HTML built.
    pub fn finish(self) -> SafeHtml {
        SafeHtml(self.0)
    }
}

/// Appends `text` to `out` with the five HTML-special characters escaped.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_formatting_and_drops_script() {
        let html = markdown("**bold** <script>alert(1)</script> [x](javascript:alert(1))");
        assert!(html.as_str().contains("<strong>bold</strong>"), "{html}");
        assert!(!html.as_str().contains("<script") && !html.as_str().contains("javascript:"), "{html}");
    }

    #[test]
    fn text_is_escaped_and_markup_is_kept() {
        let mut b = Builder::default();
        b.markup("<mark>").text("<b>&\"'").markup("</mark>");
        assert_eq!(b.finish().as_str(), "<mark>&lt;b&gt;&amp;&quot;&#39;</mark>");
    }

    #[test]
    fn json_cannot_close_its_script_element() {
        assert_eq!(script_json(r#"{"a":"</script>&"}"#).as_str(), r#"{"a":"\u003c/script\u003e\u0026"}"#);
    }
}
