//! Reading a body as a tree and writing it back: the parser is html5ever's (through `scraper`),
//! the writer here escapes exactly as html5ever's serialiser does, so a body that passes through
//! unchanged comes out byte for byte as the sanitiser left it.

use scraper::{ElementRef, Html, Node};

/// A body parsed as a fragment.
pub fn parse(html: &str) -> Html {
    Html::parse_fragment(html)
}

/// The fragment's top-level nodes (the parser puts them under an `<html>` element).
pub fn top(doc: &Html) -> impl Iterator<Item = ego_tree::NodeRef<'_, Node>> {
    doc.root_element().children()
}

/// Elements written without an end tag.
pub fn is_void(name: &str) -> bool {
    matches!(name, "br" | "hr" | "img" | "wbr" | "col" | "source")
}

/// Elements that are blocks of a story (everything else is inline content).
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "hr"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "th"
            | "td"
            | "figure"
            | "figcaption"
    )
}

/// Appends `text` escaped as element content.
pub fn text(text: &str, out: &mut String) {
    escape(text, false, out);
}

/// Appends ` name="value"` with the value escaped.
pub fn attr(name: &str, value: &str, out: &mut String) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape(value, true, out);
    out.push('"');
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// The order attributes are written in: the parser keeps them sorted by name, and bodies have
/// always been written with `src` before `alt` and `href` before `title`.
const ATTRIBUTE_ORDER: [&str; 10] =
    ["href", "src", "srcset", "alt", "title", "width", "height", "start", "colspan", "rowspan"];

/// An element's attributes in the order they are written.
pub fn attributes<'a>(element: &'a ElementRef<'_>) -> Vec<(&'a str, &'a str)> {
    let mut attrs: Vec<(&str, &str)> = element.value().attrs().collect();
    attrs.sort_by_key(|(name, _)| ATTRIBUTE_ORDER.iter().position(|n| n == name).unwrap_or(ATTRIBUTE_ORDER.len()));
    attrs
}

/// Appends the start tag of `element` with its attributes.
pub fn start_tag(element: &ElementRef<'_>, out: &mut String) {
    out.push('<');
    out.push_str(element.value().name());
    for (name, value) in attributes(element) {
        attr(name, value, out);
    }
    out.push('>');
}

/// Appends the end tag of `name` (nothing for a void element).
pub fn end_tag(name: &str, out: &mut String) {
    if !is_void(name) {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// Appends a node and everything in it, unchanged.
pub fn write(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(t) => text(t, out),
        Node::Element(_) => {
            if let Some(element) = ElementRef::wrap(node) {
                start_tag(&element, out);
                for child in node.children() {
                    write(child, out);
                }
                end_tag(element.value().name(), out);
            }
        }
        _ => {}
    }
}

/// The text in a node, its runs joined as they are.
pub fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}
