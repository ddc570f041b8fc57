//! The public page's HTML of a body: library photos as responsive figures with this story's
//! caption and credit, posts of other sites as facades and cards, links opened without giving
//! the page a handle on the opener. Everything else is written as it is stored.

use scraper::{ElementRef, Node};

use super::embed::{self, Provider};
use super::tree::{self, attr, end_tag, start_tag};
use super::{Body, tree::text};
use crate::editions::Lang;
use crate::html::{Builder, SafeHtml};

/// A library photo as a story's body shows it.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The rendition shown where `srcset` is not understood.
    pub src: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
    /// The library's caption, credit and alt text: used where the story gives none.
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// A body ready for the page.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: SafeHtml,
    /// The providers whose players the page may frame (its CSP allows exactly these).
    pub players: Vec<Provider>,
}

/// The page's HTML of `body` in `lang`; `photo_of` finds a library photo (a photo since
/// deleted from the library is left out).
pub fn render(body: &Body, lang: Lang, photo_of: &dyn Fn(i64) -> Option<Photo>) -> Rendered {
    let doc = tree::parse(body.as_str());
    let mut out = String::with_capacity(body.as_str().len() + 256);
    let mut players = Vec::new();
    for node in tree::top(&doc) {
        write(node, lang, photo_of, &mut players, &mut out);
    }
    players.sort();
    players.dedup();
    Rendered { html: SafeHtml::from_sanitised(out), players }
}

fn write(
    node: ego_tree::NodeRef<'_, Node>,
    lang: Lang,
    photo_of: &dyn Fn(i64) -> Option<Photo>,
    players: &mut Vec<Provider>,
    out: &mut String,
) {
    let Some(element) = ElementRef::wrap(node) else {
        return tree::write(node, out);
    };
    let e = element.value();
    match e.name() {
        "figure" if e.attr("data-media").is_some() => {
            if let Some(p) = e.attr("data-media").and_then(|id| id.parse().ok()).and_then(photo_of) {
                photo(&element, &p, out);
            }
        }
        "figure" if e.attr("data-embed").is_some() => {
            if let Some(post) = e.attr("data-url").and_then(embed::recognise) {
                if post.provider.player_origin().is_some() {
                    players.push(post.provider);
                }
                let mut b = Builder::default();
                embed::facade(&post, lang, &mut b);
                out.push_str(b.finish().as_str());
            }
        }
        name => {
            if name == "a" {
                // As the Markdown renderer always did: every link gets `rel="noopener"`.
                out.push('<');
                out.push_str(name);
                for (n, v) in tree::attributes(&element) {
                    attr(n, v, out);
                }
                attr("rel", "noopener", out);
                out.push('>');
            } else {
                start_tag(&element, out);
            }
            for child in node.children() {
                write(child, lang, photo_of, players, out);
            }
            end_tag(name, out);
        }
    }
}

fn photo(element: &ElementRef<'_>, p: &Photo, out: &mut String) {
    let e = element.value();
    let full = e.attr("data-size") == Some("full");
    let alt = e.attr("data-alt").unwrap_or(&p.alt);
    let caption = element
        .children()
        .filter_map(ElementRef::wrap)
        .find(|c| c.value().name() == "figcaption")
        .map(|c| tree::text_of(*c))
        .unwrap_or_else(|| p.caption.clone());
    let credit = e.attr("data-credit").unwrap_or(&p.credit);
    out.push_str(if full { "<figure class=\"story-photo full\"><img" } else { "<figure class=\"story-photo\"><img" });
    attr("src", &p.src, out);
    attr("srcset", &p.srcset, out);
    attr("sizes", if full { "100vw" } else { "(min-width: 900px) 720px, 100vw" }, out);
    attr("width", &p.width.to_string(), out);
    attr("height", &p.height.to_string(), out);
    attr("alt", alt, out);
    out.push_str(" loading=\"lazy\" decoding=\"async\">");
    if !caption.is_empty() || !credit.is_empty() {
        out.push_str("<figcaption>");
        text(&caption, out);
        if !credit.is_empty() {
            out.push_str(" <span class=\"credit\">");
            text(credit, out);
            out.push_str("</span>");
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
}

/// A rendered body with every address on this site made absolute (`href`, `src` and each
/// address of `srcset`), for feed readers, which read it away from the site.
pub fn with_absolute_urls(html: &str, base: &str) -> String {
    let doc = tree::parse(html);
    let mut out = String::with_capacity(html.len() + 256);
    for node in tree::top(&doc) {
        absolute(node, base, &mut out);
    }
    out
}

fn absolute(node: ego_tree::NodeRef<'_, Node>, base: &str, out: &mut String) {
    let Some(element) = ElementRef::wrap(node) else {
        return tree::write(node, out);
    };
    let name = element.value().name();
    out.push('<');
    out.push_str(name);
    for (n, v) in tree::attributes(&element) {
        let value = match n {
            "href" | "src" if v.starts_with('/') && !v.starts_with("//") => format!("{base}{v}"),
            "srcset" => v
                .split(", ")
                .map(|source| if source.starts_with('/') { format!("{base}{source}") } else { source.to_owned() })
                .collect::<Vec<_>>()
                .join(", "),
            _ => v.to_owned(),
        };
        attr(n, &value, out);
    }
    out.push('>');
    for child in node.children() {
        absolute(child, base, out);
    }
    end_tag(name, out);
}
