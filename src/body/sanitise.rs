//! The one allowlist every body passes on its way in, whatever wrote it (the story editor, the
//! API's HTML or Markdown, a pasted page, an import), and the shape it is then given: figures
//! reduced to their stored form, text outside a block put in a paragraph.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use scraper::{ElementRef, Node};

use super::embed;
use super::tree::{self, attr, end_tag, is_block, start_tag};

/// The elements a body may hold, and their attributes.
const ELEMENTS: &[(&str, &[&str])] = &[
    ("p", &[]),
    ("br", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("strong", &[]),
    ("b", &[]),
    ("em", &[]),
    ("i", &[]),
    ("s", &[]),
    ("del", &[]),
    ("sub", &[]),
    ("sup", &[]),
    ("code", &[]),
    ("pre", &[]),
    ("blockquote", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("hr", &[]),
    ("a", &["href", "title"]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["colspan", "rowspan"]),
    ("td", &["colspan", "rowspan"]),
    ("figure", &["data-media", "data-size", "data-alt", "data-credit", "data-embed", "data-url"]),
    ("figcaption", &[]),
];

static ALLOWLIST: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.tags(ELEMENTS.iter().map(|(name, _)| *name).collect())
        .tag_attributes(ELEMENTS.iter().map(|(name, attrs)| (*name, attrs.iter().copied().collect())).collect())
        .generic_attributes(HashSet::from(["lang"]))
        .allowed_classes(HashMap::from([("blockquote", HashSet::from(["pullquote"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(None)
        .strip_comments(true);
    b
});

/// The body in its stored form.
pub fn sanitise(html: &str) -> String {
    let clean = ALLOWLIST.clean(html).to_string();
    let doc = tree::parse(&clean);
    let mut out = String::with_capacity(clean.len());
    let mut loose = String::new();
    place(tree::top(&doc), &mut loose, &mut out);
    flush(&mut loose, &mut out);
    out
}

/// Writes top-level nodes: blocks as they are, runs of text and inline elements into `loose`
/// (a paragraph to be). An inline element wrapping a block (`<a><p>…</p></a>`) is unwrapped, so
/// that the stored form parses back to itself and sanitising it again changes nothing.
fn place<'a>(nodes: impl Iterator<Item = ego_tree::NodeRef<'a, Node>>, loose: &mut String, out: &mut String) {
    for node in nodes {
        match node.value() {
            Node::Element(e) if is_block(e.name()) => {
                flush(loose, out);
                write(node, out);
            }
            Node::Element(_) if holds_block(node) => place(node.children(), loose, out),
            Node::Text(t) if t.trim().is_empty() && loose.is_empty() => tree::text(t, out),
            Node::Element(_) | Node::Text(_) => write(node, loose),
            _ => {}
        }
    }
}

fn holds_block(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.descendants().skip(1).any(|d| matches!(d.value(), Node::Element(e) if is_block(e.name())))
}

/// Text and inline elements outside any block become a paragraph.
fn flush(loose: &mut String, out: &mut String) {
    let trimmed = loose.trim();
    if !trimmed.is_empty() {
        out.push_str("<p>");
        out.push_str(trimmed);
        out.push_str("</p>");
    }
    loose.clear();
}

fn write(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    let Some(element) = ElementRef::wrap(node) else {
        return tree::write(node, out);
    };
    if element.value().name() != "figure" {
        start_tag(&element, out);
        for child in node.children() {
            write(child, out);
        }
        return end_tag(element.value().name(), out);
    }
    let e = element.value();
    if let Some(id) = e.attr("data-media") {
        photo(&element, id, out);
    } else if let Some(address) = e.attr("data-url").or(e.attr("data-embed").map(|_| "")) {
        post(address, out);
    } else {
        // A plain figure (an image with its caption, as imports bring them).
        out.push_str("<figure>");
        for child in node.children() {
            write(child, out);
        }
        out.push_str("</figure>");
    }
}

/// `<figure data-media>`: the photo's number, its size, alt text and credit for this story,
/// and its caption as plain text; anything else inside is dropped.
fn photo(element: &ElementRef<'_>, id: &str, out: &mut String) {
    let Some(id) = id.trim().parse::<i64>().ok().filter(|id| *id > 0) else {
        return;
    };
    let e = element.value();
    out.push_str("<figure");
    attr("data-media", &id.to_string(), out);
    if e.attr("data-size") == Some("full") {
        attr("data-size", "full", out);
    }
    for name in ["data-alt", "data-credit"] {
        if let Some(value) = e.attr(name).map(one_line).filter(|v| !v.is_empty()) {
            attr(name, &value, out);
        }
    }
    out.push('>');
    let caption = element
        .children()
        .filter_map(ElementRef::wrap)
        .find(|c| c.value().name() == "figcaption")
        .map(|c| one_line(&tree::text_of(*c)))
        .unwrap_or_default();
    if !caption.is_empty() {
        out.push_str("<figcaption>");
        tree::text(&caption, out);
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
}

/// `<figure data-embed data-url>`: kept when the address is a post of a known provider (the
/// provider is read from the address, whatever `data-embed` said); any other address becomes a
/// plain link, and nothing inside the figure is kept.
fn post(address: &str, out: &mut String) {
    if let Some(post) = embed::recognise(address) {
        out.push_str("<figure");
        attr("data-embed", post.provider.code(), out);
        attr("data-url", &post.url, out);
        out.push_str("></figure>");
    } else if address.starts_with("https://") || address.starts_with("http://") {
        out.push_str("<p><a");
        attr("href", address, out);
        out.push('>');
        tree::text(address, out);
        out.push_str("</a></p>");
    }
}

/// Whitespace runs as one space, trimmed, at most 1,000 characters.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(1000).collect()
}
