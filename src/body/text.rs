//! The words of a body: its plain text for search and descriptions, its blocks for revision
//! diffs, and its word count.

use scraper::{ElementRef, Node};

use super::Body;
use super::tree;

/// One block of a body as text: a paragraph, a heading, a list item, a table row, a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block (`p`, `h2`, `li`, `photo 12`, `youtube`…), shown beside a changed block.
    pub kind: String,
    pub text: String,
}

/// The body's blocks, in order.
pub fn blocks(body: &Body) -> Vec<Block> {
    let doc = tree::parse(body.as_str());
    let mut out = Vec::new();
    for node in tree::top(&doc) {
        collect(node, &mut out);
    }
    out
}

fn collect(node: ego_tree::NodeRef<'_, Node>, out: &mut Vec<Block>) {
    let Some(element) = ElementRef::wrap(node) else {
        if let Node::Text(t) = node.value() {
            push(out, "p", t);
        }
        return;
    };
    let e = element.value();
    match e.name() {
        "ul" | "ol" | "blockquote" | "table" | "thead" | "tbody" => {
            for child in node.children() {
                collect(child, out);
            }
        }
        "li" => {
            // The item's own text, then any list nested in it.
            let nested = |n: &ego_tree::NodeRef<'_, Node>| {
                ElementRef::wrap(*n).is_some_and(|c| matches!(c.value().name(), "ul" | "ol"))
            };
            let own: Vec<String> = node.children().filter(|c| !nested(c)).map(words).collect();
            push(out, "li", &own.join(" "));
            for child in node.children().filter(nested) {
                collect(child, out);
            }
        }
        "tr" => {
            let cells: Vec<String> = element.children().filter_map(ElementRef::wrap).map(|c| words(*c)).collect();
            push(out, "tr", &cells.join(" | "));
        }
        "figure" => {
            if let Some(id) = e.attr("data-media") {
                let caption = words(node);
                let alt = e.attr("data-alt").unwrap_or("");
                push(out, &format!("photo {id}"), &format!("{caption} [{alt}]"));
            } else if let (Some(provider), Some(url)) = (e.attr("data-embed"), e.attr("data-url")) {
                push(out, provider, url);
            } else {
                push(out, "figure", &words(node));
            }
        }
        "hr" => out.push(Block { kind: "hr".into(), text: "———".into() }),
        name => push(out, name, &words(node)),
    }
}

fn push(out: &mut Vec<Block>, kind: &str, text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        out.push(Block { kind: kind.to_owned(), text });
    }
}

/// The text of a node with a space where a line break or block boundary is.
fn words(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) if e.name() == "br" || tree::is_block(e.name()) => s.push(' '),
            _ => {}
        }
    }
    s
}

/// The body's text, blocks apart by a blank line (search indexes it; descriptions start from it).
pub fn plain(body: &Body) -> String {
    blocks(body)
        .into_iter()
        .filter(|b| !b.kind.starts_with("photo") && b.kind != "hr" && !is_embed(&b.kind))
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn is_embed(kind: &str) -> bool {
    super::embed::Provider::parse(kind).is_some()
}

/// How many words the body has, counted as the story editor counts them while one types:
/// runs between spaces that hold a letter or a digit (a Bangla word with its vowel signs is
/// one; a lone `।` or `|` is none).
pub fn word_count(body: &Body) -> usize {
    plain(body).split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Minutes to read `words` at 200 words a minute, rounded, at least one (as the editor shows).
pub fn reading_minutes(words: usize) -> usize {
    ((words + 100) / 200).max(1)
}

/// The body as lines to compare two revisions by: one block a line, marked by its kind
/// (`## ` a heading, `• ` a list item, `> ` a quote, `[photo 12]`, `[youtube]`), so a diff
/// shows changed text, never markup.
pub fn diff_text(body: &Body) -> String {
    blocks(body)
        .into_iter()
        .map(|b| match b.kind.as_str() {
            "p" => b.text,
            "h1" | "h2" => format!("## {}", b.text),
            "h3" | "h4" | "h5" | "h6" => format!("### {}", b.text),
            "li" => format!("• {}", b.text),
            "tr" => format!("| {} |", b.text),
            "hr" => "———".to_owned(),
            kind => format!("[{kind}] {}", b.text),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
