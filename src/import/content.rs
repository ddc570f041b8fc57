//! A WordPress post's `content:encoded` made into HTML that the body sanitiser accepts, by doing
//! what WordPress does when it shows a post: block comments go, shortcodes are expanded, classic
//! posts get `wpautop()`'s paragraphs, bare addresses on their own line become embeds, images
//! become library photos and links into the old site become site-relative.
//!
//! It runs on untrusted input, so every scan moves forward (no backtracking regexes) and nothing
//! it generates is unescaped.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

/// What the importer knows while converting one post.
pub struct Context<'a> {
    /// Origins of the old site, lowercase, without trailing slash, e.g. `https://example.com`,
    /// `http://example.com`, `https://www.example.com`; the first makes relative image addresses absolute.
    pub origins: &'a [String],
    /// The library photo already imported for an image address (absolute or site-relative), tried
    /// as written, without its query, and without WordPress's `-300x200` size suffix; None when
    /// the image is not in the library.
    pub photo_by_url: &'a dyn Fn(&str) -> Option<Photo>,
    /// The same for a WordPress attachment id (`wp-image-12` classes, `[caption id="attachment_12"]`,
    /// `[gallery ids]`, block attributes `{"id":12}`, `data-id`); tried before the address.
    pub photo_by_id: &'a dyn Fn(i64) -> Option<Photo>,
    /// Whether an address is a post of a provider newsdesk embeds (YouTube, Vimeo, X, Facebook,
    /// Instagram, TikTok): (provider code, canonical address).
    pub embed: &'a dyn Fn(&str) -> Option<(String, String)>,
}

/// A photo of the media library, as the importer found it for an image of the post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Photo {
    /// The library's id.
    pub media_id: i64,
    /// The library's alt text, used when the image has none.
    pub alt: String,
    /// The library's caption (plain text), used when the post gives none.
    pub caption: String,
    /// The library's credit.
    pub credit: String,
}

/// What conversion found, for the importer's report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The body, for the body sanitiser (`Body::from_html`).
    pub html: String,
    /// Image addresses (absolute, as written) that had no library photo: reported as missing.
    pub missing_images: Vec<String>,
    /// Paths (site-relative, with query, e.g. `/2024/05/slug/`) of links into the old site, so the
    /// importer can re-point them once every post has a new address. Links that were already
    /// site-relative are listed too; links to `wp-content/uploads` files are not.
    pub old_links: Vec<String>,
}

/// Every image the content refers to, so the importer can bring them into the library first:
/// (address as written, attachment id if a class, shortcode or block attribute gives one).
/// `[gallery ids]` entries have an empty address.
pub fn images(content: &str) -> Vec<(String, Option<i64>)> {
    let (none_url, none_id, no_embed) = (|_: &str| None, |_: i64| None, |_: &str| None);
    let cx = Context { origins: &[], photo_by_url: &none_url, photo_by_id: &none_id, embed: &no_embed };
    let (mut found, mut known) = (Vec::new(), HashSet::new());
    run(content, &cx, &mut |src, id| {
        if known.insert((src.to_owned(), id)) {
            found.push((src.to_owned(), id));
        }
    });
    found
}

/// Converts one post's content (see the module documentation).
pub fn convert(content: &str, cx: &Context) -> Converted {
    run(content, cx, &mut |_, _| {})
}

fn run(content: &str, cx: &Context, seen: &mut dyn FnMut(&str, Option<i64>)) -> Converted {
    let text = content.replace("\r\n", "\n").replace('\r', "\n");
    let mark = unique_mark(&text);
    let mut pending = Vec::new();
    let text = shortcodes(&text, &mark, &mut pending, 0);
    let text = autoembed(&text, cx, &mark, &mut pending);
    // WordPress skips wpautop for block content: its paragraphs are already marked up.
    let text = if text.contains("<!-- wp:") { text } else { wpautop(&text, &mark) };
    let origins = cx.origins.iter().map(|o| origin_of(o).unwrap_or_else(|| o.to_ascii_lowercase())).collect();
    let mut pass = Pass { cx: Some(cx), seen: Some(seen), mark, pending, origins, ..Pass::default() };
    pass.html(&text);
    pass.res.html = pass.out.trim().to_owned();
    pass.res
}

/// An attribute name the content does not use, for the placeholders of generated blocks.
fn unique_mark(s: &str) -> String {
    let used: HashSet<&str> = s
        .match_indices("data-wpc")
        .map(|(i, m)| {
            let rest = &s[i + m.len()..];
            &rest[..rest.bytes().take_while(u8::is_ascii_digit).count()]
        })
        .collect();
    (0..).map(|n| format!("data-wpc{n}")).find(|m| !used.contains(&m["data-wpc".len()..])).unwrap_or_default()
}

/// Something generated where a shortcode or an address stood, rendered in document order.
enum Pending {
    Caption(Vec<(String, String)>, String),
    Gallery(Vec<i64>),
    Embed(String),
}

fn placeholder(mark: &str, pending: &mut Vec<Pending>, item: Pending) -> String {
    pending.push(item);
    format!("<figure {mark}=\"{}\"></figure>", pending.len() - 1)
}

// ---- shortcodes ----

const KNOWN: [&str; 7] = ["caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist"];

fn name_byte(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-'
}

/// Expands shortcodes as `do_shortcode()` finds them: `[name attrs]`, `[name attrs/]`,
/// `[name attrs]content[/name]` (up to the first closing tag), `[[name]]` escaped.
fn shortcodes(s: &str, mark: &str, pending: &mut Vec<Pending>, depth: u32) -> String {
    if depth > 8 || !s.contains('[') {
        return s.to_owned();
    }
    // Where each closing tag stands, so finding one is a lookup, not a scan.
    let mut closes: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, _) in s.match_indices("[/") {
        let n = s.as_bytes()[i + 2..].iter().take_while(|c| name_byte(**c)).count();
        if n > 0 && s.as_bytes().get(i + 2 + n) == Some(&b']') {
            closes.entry(&s[i + 2..i + 2 + n]).or_default().push(i);
        }
    }
    let (b, bracket) = (s.as_bytes(), Finder::new("]"));
    let (mut out, mut last, mut i) = (String::with_capacity(s.len()), 0, 0);
    while i < b.len() {
        if at(s, i, "<!--") {
            // Shortcodes in comments are not run.
            i = find(s, i + 2, "-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if b[i] != b'[' {
            i += 1;
            continue;
        }
        let escaped = b.get(i + 1) == Some(&b'[');
        let n0 = i + 1 + usize::from(escaped);
        let n1 = n0 + b[n0..].iter().take_while(|c| name_byte(**c)).count();
        let Some(open_end) =
            bracket.find(s, n1).filter(|_| n1 > n0 && matches!(b.get(n1), Some(c) if ws(*c) || b"]/".contains(c)))
        else {
            i += 1;
            continue;
        };
        let name = &s[n0..n1];
        let attrs = &s[n1..open_end];
        let mut end = open_end + 1;
        let mut content = None;
        if !attrs.ends_with('/') {
            let close = closes.get(name).and_then(|v| v.get(v.partition_point(|p| *p < end)));
            if let Some(&c) = close {
                content = Some(&s[end..c]);
                end = c + name.len() + 3;
            }
        }
        // Only WordPress's own shortcodes and what is plainly one: `[sic]` and `[1]` stay text.
        let shortcode = KNOWN.contains(&name) || content.is_some() || attrs.contains('=');
        if !shortcode || (escaped && b.get(end) != Some(&b']')) {
            i += 1;
            continue;
        }
        out.push_str(&s[last..i]);
        if escaped {
            out.push_str(&s[i + 1..end]);
            end += 1;
        } else {
            let atts = sc_attrs(attrs.trim_end_matches('/'));
            let get = |k: &str| atts.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            match name {
                "caption" | "wp_caption" => out.push_str(&placeholder(
                    mark,
                    pending,
                    Pending::Caption(atts.clone(), content.unwrap_or("").into()),
                )),
                "gallery" => {
                    let ids = get("ids").or(get("include")).unwrap_or("");
                    let ids: Vec<i64> = ids.split(',').filter_map(|n| n.trim().parse().ok()).collect();
                    if !ids.is_empty() {
                        out.push_str(&placeholder(mark, pending, Pending::Gallery(ids)));
                    }
                }
                "embed" => {
                    let url = decode(content.unwrap_or("").trim());
                    let url = if url.is_empty() { get("src").map(decode).unwrap_or_default() } else { url };
                    if !url.is_empty() {
                        out.push_str(&placeholder(mark, pending, Pending::Embed(url)));
                    }
                }
                // Media players and plugins' shortcodes have no newsdesk form: their text stays.
                _ => out.push_str(&shortcodes(content.unwrap_or(""), mark, pending, depth + 1)),
            }
        }
        last = end;
        i = end;
    }
    out.push_str(&s[last..]);
    out
}

/// `shortcode_parse_atts()`: `name="v"`, `name='v'`, `name=v`, or positional values.
fn sc_attrs(text: &str) -> Vec<(String, String)> {
    let mut t = text.replace(['\u{a0}', '\u{200b}'], " ");
    for (entity, quote) in [("&quot;", "\""), ("&#34;", "\""), ("&#8221;", "\""), ("&#8243;", "\"")] {
        t = t.replace(entity, quote);
    }
    for entity in ["&#039;", "&#39;", "&apos;", "&#8217;"] {
        t = t.replace(entity, "'");
    }
    let (b, mut i, mut atts) = (t.as_bytes(), 0, Vec::new());
    while i < b.len() {
        if ws(b[i]) {
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-').count();
        let after = i + n + b[i + n..].iter().take_while(|c| ws(**c)).count();
        let (name, start) = if n > 0 && b.get(after) == Some(&b'=') {
            let v = after + 1 + b[after + 1..].iter().take_while(|c| ws(**c)).count();
            (t[i..i + n].to_ascii_lowercase(), v)
        } else {
            (atts.len().to_string(), i)
        };
        let (value, next) = match b.get(start) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let e = b[start + 1..].iter().position(|c| *c == q).map_or(b.len(), |p| start + 1 + p);
                (&t[start + 1..e], e + 1)
            }
            _ => {
                let e = start + b[start..].iter().take_while(|c| !ws(**c)).count();
                (&t[start..e], e)
            }
        };
        atts.push((name, value.to_owned()));
        i = next.max(i + 1);
    }
    atts
}

// ---- auto-embeds ----

/// `WP_Embed::autoembed()`: an address alone on its line (or alone in a `<p>`, or as a link whose
/// text is itself) becomes an embed when newsdesk knows the provider, else a link.
fn autoembed(s: &str, cx: &Context, mark: &str, pending: &mut Vec<Pending>) -> String {
    if !s.to_ascii_lowercase().contains("http") {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let (mut out, mut line, mut i) = (String::with_capacity(s.len()), 0, 0);
    // Inside <pre> (where WordPress would embed too) and figures (wp:embed's own address) lines stay.
    let (mut skip, mut skip_at_start) = (0usize, 0usize);
    while i <= b.len() {
        if i == b.len() || b[i] == b'\n' {
            let text = &s[line..i];
            match bare_url(text).filter(|_| skip == 0 && skip_at_start == 0) {
                Some((from, to, _)) if (cx.embed)(&decode(&text[from..to])).is_some() => {
                    out.push_str(&placeholder(mark, pending, Pending::Embed(decode(&text[from..to]))))
                }
                Some((from, to, false)) => {
                    let url = &text[from..to];
                    out.push_str(&format!("{}<a href=\"{url}\">{url}</a>{}", &text[..from], &text[to..]));
                }
                _ => out.push_str(text),
            }
            if i < b.len() {
                out.push('\n');
            }
            (line, skip_at_start) = (i + 1, skip);
            i += 1;
        } else if b[i] == b'<' {
            // A newline inside a tag or comment does not end a line.
            let end =
                if at(s, i, "<!--") { find(s, i + 2, "-->").map(|e| e + 3) } else { find(s, i, ">").map(|e| e + 1) };
            let end = end.unwrap_or(b.len());
            let tag = s.as_bytes()[i..end.min(i + 9)].to_ascii_lowercase();
            for (open, close) in [("<pre", "</pre"), ("<figure", "</figure")] {
                skip += usize::from(tag.starts_with(open.as_bytes()));
                skip -= usize::from(tag.starts_with(close.as_bytes()) && skip > 0);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Where the address of a line that holds only an address is, and whether it is a link's text.
fn bare_url(line: &str) -> Option<(usize, usize, bool)> {
    let (b, mut from, mut to) = (line.as_bytes(), 0, line.len());
    from += b.iter().take_while(|c| ws(**c)).count();
    to -= b[from..].iter().rev().take_while(|c| ws(**c)).count();
    if at(line, from, "<p>") || at(line, from, "<p ") {
        from = skip_ws(line, from + line[from..to].find('>')? + 1);
        to = line[..to].strip_suffix("</p>")?.trim_end_matches(ws_char).len();
    }
    let t = line.get(from..to)?;
    let is_url = |u: &str| {
        let l = u.get(..8).unwrap_or(u).to_ascii_lowercase();
        (l.starts_with("http://") && u.len() > 7 || l.starts_with("https://") && u.len() > 8)
            && !u.bytes().any(|c| ws(c) || b"<>\"".contains(&c))
    };
    if is_url(t) {
        return Some((from, to, false));
    }
    let inner = t.strip_prefix("<a ")?.strip_suffix("</a>")?;
    let gt = inner.find('>')?;
    let href = attr(&t[..gt + 4], "href").map(decode)?;
    let text = &inner[gt + 1..];
    (is_url(text) && href == decode(text)).then_some((from + gt + 4, to - 4, true))
}

// ---- wpautop ----

/// wpautop's block elements, as its regex lists them.
const BLOCKS: &str = "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|\
                      blockquote|address|style|p|h1|h2|h3|h4|h5|h6|hr|fieldset|legend|section|article|aside|hgroup|\
                      header|footer|nav|figure|figcaption|details|menu|summary";
const BR_BEFORE: &str = "p|li|div|dl|dd|dt|th|pre|td|ul|ol";

/// PCRE's `\s` without the `u` flag.
fn ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn ws_char(c: char) -> bool {
    c.is_ascii() && ws(c as u8)
}

fn at(s: &str, i: usize, pat: &str) -> bool {
    s.as_bytes().get(i..).is_some_and(|r| r.starts_with(pat.as_bytes()))
}

fn skip_ws(s: &str, i: usize) -> usize {
    i + s.as_bytes().get(i..).map_or(0, |r| r.iter().take_while(|c| ws(**c)).count())
}

fn find(s: &str, from: usize, pat: &str) -> Option<usize> {
    let hay = s.as_bytes().get(from..)?;
    hay.windows(pat.len()).position(|w| w == pat.as_bytes()).map(|p| p + from)
}

/// The next occurrence of a pattern, remembered: the scans of one pass then stay linear however
/// many unclosed tags the input holds.
struct Finder {
    pat: &'static str,
    from: Cell<usize>,
    hit: Cell<Option<usize>>,
}

impl Finder {
    fn new(pat: &'static str) -> Self {
        Finder { pat, from: Cell::new(usize::MAX), hit: Cell::new(None) }
    }

    fn find(&self, s: &str, from: usize) -> Option<usize> {
        let hit = self.hit.get();
        if self.from.get() <= from && hit.is_none_or(|h| h >= from) {
            return hit;
        }
        let hit = find(s, from, self.pat);
        self.from.set(from);
        self.hit.set(hit);
        hit
    }
}

/// A regex replace-all: `m(i)` gives the end and replacement of a match starting at `i`;
/// `lead_ws` also removes the whitespace just before a match (a leading `\s*`).
fn sub(s: &str, lead_ws: bool, m: impl Fn(usize) -> Option<(usize, String)>) -> String {
    let (mut out, mut last, mut i) = (String::with_capacity(s.len() + s.len() / 8), 0, 0);
    while i < s.len() {
        match m(i) {
            Some((end, rep)) if end > i => {
                let kept = &s[last..i];
                out.push_str(if lead_ws { kept.trim_end_matches(ws_char) } else { kept });
                out.push_str(&rep);
                (last, i) = (end, end);
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[last..]);
    out
}

/// A piece of one of wpautop's regexes.
#[derive(Clone, Copy)]
enum Re<'p> {
    /// A literal.
    L(&'p str),
    /// An optional literal.
    O(&'p str),
    /// `\s*`
    Ws,
    /// `\n*`
    Nl,
    /// `(` or `)`: what `$1` stands for.
    G,
    /// `</?(?:names)[^>]*>` (`<(?:names)[^>]*>` when false): WordPress matches names as prefixes.
    Tag(&'p str, bool),
    /// `<(?:BLOCKS)[\s/>]`, or `</(?:BLOCKS)>` when true: whole names.
    Block(bool),
    /// `[<\[](?:audio|video)[^>\]]*[>\]]`, or `[<\[]/(?:audio|video)[>\]]` when true.
    Media(bool),
}

/// `preg_replace` with a pattern of `Re`s; `with` may hold `$1`.
fn rep(t: &str, re: &[Re], with: &str) -> String {
    let (gt, rb) = (Finder::new(">"), Finder::new("]"));
    let (lead, re) = match re {
        [Re::Ws, rest @ ..] => (true, rest),
        _ => (false, re),
    };
    let media = |j: usize, close: usize| {
        (at(t, j, "<") || at(t, j, "[")) && (at(t, j + 1 + close, "audio") || at(t, j + 1 + close, "video"))
    };
    sub(t, lead, |i| {
        let (mut j, mut group) = (i, Vec::new());
        for p in re {
            j = match *p {
                Re::L(l) => at(t, j, l).then_some(j + l.len())?,
                Re::O(l) => j + if at(t, j, l) { l.len() } else { 0 },
                Re::Ws => skip_ws(t, j),
                Re::Nl => j + t.as_bytes()[j..].iter().take_while(|c| **c == b'\n').count(),
                Re::G => {
                    group.push(j);
                    j
                }
                Re::Tag(names, slash) => {
                    let n = j + 1 + usize::from(slash && at(t, j + 1, "/"));
                    (at(t, j, "<") && names.split('|').any(|b| at(t, n, b))).then(|| gt.find(t, n)).flatten()? + 1
                }
                Re::Block(close) => {
                    // Only after the `<`: measuring the name at every byte of a long word is quadratic.
                    let n = at(t, j, if close { "</" } else { "<" }).then_some(j + 1 + usize::from(close))?;
                    let e = n + t.as_bytes()[n..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
                    let end =
                        t.as_bytes().get(e).filter(|c| if close { **c == b'>' } else { ws(**c) || b"/>".contains(c) });
                    (BLOCKS.split('|').any(|b| b == &t[n..e]) && end.is_some()).then_some(e + 1)?
                }
                Re::Media(false) => {
                    let ends = media(j, 0).then(|| [gt.find(t, j + 6), rb.find(t, j + 6)])?;
                    ends.into_iter().flatten().min()? + 1
                }
                Re::Media(true) => {
                    (media(j, 1) && at(t, j + 1, "/") && (at(t, j + 7, ">") || at(t, j + 7, "]"))).then_some(j + 8)?
                }
            };
        }
        let group = match group[..] {
            [a, b] => &t[a..b],
            _ => "",
        };
        Some((j, with.replace("$1", group)))
    })
}

/// A port of WordPress's `wpautop()`, step by step; `mark` names its `<pre>` placeholders.
fn wpautop(text: &str, mark: &str) -> String {
    use Re::*;
    if text.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0b']).is_empty() {
        return String::new();
    }
    let mut t = format!("{text}\n");
    let mut pres = Vec::new();
    if t.contains("<pre") {
        let mut parts: Vec<&str> = t.split("</pre>").collect();
        let last = parts.pop().unwrap_or("");
        let mut acc = String::with_capacity(t.len());
        for part in parts {
            // WordPress drops a `</pre>` that closes nothing.
            match part.find("<pre") {
                Some(start) => {
                    acc.push_str(&format!("{}<pre {mark}=\"{}\"></pre>", &part[..start], pres.len()));
                    pres.push(format!("{}</pre>", &part[start..]));
                }
                None => acc.push_str(part),
            }
        }
        acc.push_str(last);
        t = acc;
    }
    let br = [L("<br"), Ws, O("/"), L(">")];
    t = rep(&t, &[&br[..], &[Ws], &br[..]].concat(), "\n\n");
    t = rep(&t, &[G, Block(false), G], "\n\n$1");
    t = rep(&t, &[G, Block(true), G], "$1\n\n");
    t = rep(&t, &[G, L("<hr"), Ws, O("/"), L(">"), G], "$1\n\n");
    t = in_tags(&t.replace("\r\n", "\n").replace('\r', "\n"));
    if t.contains("<option") {
        t = rep(&rep(&t, &[Ws, L("<option")], "<option"), &[L("</option>"), Ws], "</option>");
    }
    if t.contains("</object>") {
        t = rep(&t, &[G, Tag("object", false), G, Ws], "$1");
        t = rep(&t, &[Ws, L("</object>")], "</object>");
        t = rep(&t, &[Ws, G, Tag("param|embed", true), G, Ws], "$1");
    }
    if t.contains("<source") || t.contains("<track") {
        t = rep(&t, &[G, Media(false), G, Ws], "$1");
        t = rep(&t, &[Ws, G, Media(true), G], "$1");
        t = rep(&t, &[Ws, G, Tag("source|track", false), G, Ws], "$1");
    }
    if t.contains("<figcaption") {
        t = rep(&rep(&t, &[Ws, G, Tag("figcaption", false), G], "$1"), &[L("</figcaption>"), Ws], "</figcaption>");
    }
    t = paragraphs(&rep(&t, &[L("\n\n"), Nl], "\n\n"));
    t = rep(&t, &[L("<p>"), Ws, L("</p>")], "");
    let lt = Finder::new("<");
    t = sub(&t, false, |i| {
        let e = at(&t, i, "<p>").then(|| lt.find(&t, i + 3)).flatten().filter(|e| *e > i + 3)?;
        let name = ["div", "address", "form"].into_iter().find(|n| at(&t, e, &format!("</{n}>")))?;
        Some((e + name.len() + 3, format!("<p>{}</p></{name}>", &t[i + 3..e])))
    });
    t = rep(&t, &[L("<p>"), Ws, G, Tag(BLOCKS, true), G, Ws, L("</p>")], "$1");
    let (close_p, nl) = (Finder::new("</p>"), Finder::new("\n"));
    t = sub(&t, false, |i| {
        let e = at(&t, i, "<p><li").then(|| close_p.find(&t, i + 7)).flatten()?;
        nl.find(&t, i + 6).is_none_or(|n| n > e).then(|| (e + 4, t[i + 3..e].into()))
    });
    let gt = Finder::new(">");
    t = sub(&t, false, |i| {
        let head = t.as_bytes().get(i..i + 14).is_some_and(|h| h.eq_ignore_ascii_case(b"<p><blockquote"));
        let e = head.then(|| gt.find(&t, i + 14)).flatten()?;
        Some((e + 1, format!("<blockquote{}><p>", &t[i + 14..e])))
    });
    t = t.replace("</blockquote></p>", "</p></blockquote>");
    t = rep(&t, &[L("<p>"), Ws, G, Tag(BLOCKS, true), G], "$1");
    t = rep(&t, &[G, Tag(BLOCKS, true), G, Ws, L("</p>")], "$1");
    let raw =
        [("<script", Finder::new("</script>")), ("<style", Finder::new("</style>")), ("<svg", Finder::new("</svg>"))];
    t = sub(&t, false, |i| {
        let (_, f) = raw.iter().find(|(open, _)| at(&t, i, open))?;
        let e = f.find(&t, i + 1)? + f.pat.len();
        Some((e, t[i..e].replace('\n', "<WPPreserveNewline />")))
    });
    t = line_breaks(&t.replace("<br>", "<br />").replace("<br/>", "<br />")).replace("<WPPreserveNewline />", "\n");
    t = rep(&t, &[G, Tag(BLOCKS, true), G, Ws, L("<br />")], "$1");
    t = rep(&t, &[L("<br />"), G, Ws, Tag(BR_BEFORE, true), G], "$1");
    if t.ends_with("\n</p>") || t.ends_with("\n</p>\n") {
        let at = t.rfind("\n</p>").unwrap_or(0);
        t.replace_range(at..at + 5, "</p>");
    }
    if !pres.is_empty() {
        let open = format!("<pre {mark}=\"");
        t = sub(&t, false, |i| {
            let from = at(&t, i, &open).then_some(i + open.len())?;
            let digits = t.as_bytes()[from..].iter().take_while(|c| c.is_ascii_digit()).count();
            let n: usize = t[from..from + digits].parse().ok()?;
            at(&t, from + digits, "\"></pre>").then(|| (from + digits + 8, pres.get(n).cloned().unwrap_or_default()))
        });
    }
    if t.contains("<!-- wpnl -->") {
        t = t.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n");
    }
    t
}

/// `wp_replace_in_html_tags($text, ["\n" => " <!-- wpnl --> "])`.
fn in_tags(s: &str) -> String {
    let (mut out, mut last, mut i) = (String::with_capacity(s.len()), 0, 0);
    while let Some(lt) = find(s, i, "<") {
        let end = if at(s, lt, "<!--") {
            find(s, lt + 2, "-->").map(|e| e + 3)
        } else if at(s, lt, "<![CDATA[") {
            find(s, lt + 9, "]]>").map(|e| e + 3)
        } else {
            find(s, lt + 1, ">").map(|e| e + 1)
        }
        .unwrap_or(s.len());
        out.push_str(&s[last..lt]);
        out.push_str(&s[lt..end].replace('\n', " <!-- wpnl --> "));
        (last, i) = (end, end);
    }
    out.push_str(&s[last..]);
    out
}

/// `preg_split('/\n\s*\n/')`, each piece wrapped as `<p>…</p>\n`.
fn paragraphs(s: &str) -> String {
    let (b, mut out, mut last, mut i) = (s.as_bytes(), String::with_capacity(s.len() + 64), 0, 0);
    let piece = |p: &str, out: &mut String| {
        if !p.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", p.trim_matches('\n')));
        }
    };
    while i < b.len() {
        if b[i] == b'\n' {
            let run = b[i + 1..].iter().take_while(|c| ws(**c)).count();
            if let Some(k) = b[i + 1..i + 1 + run].iter().rposition(|c| *c == b'\n') {
                piece(&s[last..i], &mut out);
                (last, i) = (i + k + 2, i + k + 2);
                continue;
            }
        }
        i += 1;
    }
    piece(&s[last..], &mut out);
    out
}

/// `preg_replace('|(?<!<br />)\s*\n|', "<br />\n")`.
fn line_breaks(s: &str) -> String {
    let (b, mut out, mut last, mut i) = (s.as_bytes(), String::with_capacity(s.len() + 64), 0, 0);
    while i < b.len() {
        if !ws(b[i]) {
            i += 1;
            continue;
        }
        let run_end = i + b[i..].iter().take_while(|c| ws(**c)).count();
        if let Some(nl) = b[i..run_end].iter().rposition(|c| *c == b'\n').map(|p| p + i) {
            let start = if s[..i].ends_with("<br />") { i + 1 } else { i };
            if start <= nl {
                out.push_str(&s[last..start]);
                out.push_str("<br />\n");
                last = nl + 1;
            }
        }
        i = run_end;
    }
    out.push_str(&s[last..]);
    out
}

// ---- HTML ----

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Comment,
    Start,
    End,
}

struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Lowercase tag name; empty for text and comments.
    name: String,
}

const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
const PHRASING: [&str; 29] = [
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u",
];
/// More inline elements around an image than this: its figure stays where it is.
const SPLIT_CAP: usize = 24;
/// Nor when their tags are longer than this.
const SPLIT_BYTES: usize = 1024;

/// Splits HTML as a browser would: tags (quotes respected), comments, raw text of scripts.
fn tokenize(s: &str) -> Vec<Tok> {
    let (b, mut toks, mut text, mut i) = (s.as_bytes(), Vec::new(), 0, 0);
    let tok = |kind, start, end, name: &str| Tok { kind, start, end, name: name.to_owned() };
    while let Some(lt) = find(s, i, "<") {
        let next = b.get(lt + 1).copied().unwrap_or(0);
        let (kind, end) = if at(s, lt, "<!--") {
            (Kind::Comment, find(s, lt + 2, "-->").map_or(b.len(), |e| e + 3))
        } else if next == b'!' || next == b'?' {
            (Kind::Comment, find(s, lt, ">").map_or(b.len(), |e| e + 1))
        } else if next.is_ascii_alphabetic() || (next == b'/' && b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic)) {
            // A tag that never ends swallows the rest, as in a browser; here it stays text.
            let Some(end) = tag_end(b, lt) else { break };
            (if next == b'/' { Kind::End } else { Kind::Start }, end)
        } else {
            i = lt + 1;
            continue;
        };
        if text < lt {
            toks.push(tok(Kind::Text, text, lt, ""));
        }
        let name = if kind == Kind::Comment { String::new() } else { tag_name(&s[lt..end]) };
        toks.push(tok(kind, lt, end, &name));
        (text, i) = (end, end);
        if kind == Kind::Start && ["script", "style", "textarea", "title", "xmp"].contains(&name.as_str()) {
            let close = format!("</{name}");
            let len = close.len();
            let found = b[end..].windows(len).position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
            let close = found.map_or(b.len(), |p| p + end);
            if end < close {
                toks.push(tok(Kind::Text, end, close, ""));
            }
            (text, i) = (close, close);
        }
    }
    if text < b.len() {
        toks.push(tok(Kind::Text, text, b.len(), ""));
    }
    toks
}

fn tag_end(b: &[u8], lt: usize) -> Option<usize> {
    let (mut quote, mut after_eq) = (0u8, false);
    for (j, &c) in b.iter().enumerate().skip(lt + 1) {
        if quote != 0 {
            quote = if c == quote { 0 } else { quote };
            continue;
        }
        match c {
            b'>' => return Some(j + 1),
            b'"' | b'\'' if after_eq => quote = c,
            _ => {}
        }
        if !ws(c) {
            after_eq = c == b'=';
        }
    }
    None
}

fn tag_name(tag: &str) -> String {
    let name = tag.trim_start_matches(['<', '/']);
    name[..name.bytes().take_while(|c| !ws(*c) && !b"/>".contains(c)).count()].to_ascii_lowercase()
}

/// An attribute of a start tag (the first of that name): its raw value and where the value,
/// quotes included, starts and ends.
fn attr_at<'t>(tag: &'t str, name: &str) -> Option<(&'t str, usize, usize)> {
    let b = tag.as_bytes();
    let mut i = 1 + tag_name(tag).len();
    while i < b.len() {
        i += b[i..].iter().take_while(|c| ws(**c) || **c == b'/').count();
        let n = b[i..].iter().take_while(|c| !ws(**c) && !b"/>=".contains(c)).count().max(1);
        let key = tag.get(i..i + n).unwrap_or("");
        i = skip_ws(tag, i + n);
        if !at(tag, i, "=") {
            if key.eq_ignore_ascii_case(name) {
                return Some(("", i, i));
            }
            continue;
        }
        let v = skip_ws(tag, i + 1);
        let (start, end, next) = match b.get(v) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let e = b[v + 1..].iter().position(|c| *c == q).map_or(b.len(), |p| v + 1 + p);
                (v + 1, e, (e + 1).min(b.len()))
            }
            _ => {
                let e = v + b.get(v..).map_or(0, |r| r.iter().take_while(|c| !ws(**c) && **c != b'>').count());
                (v, e, e)
            }
        };
        if key.eq_ignore_ascii_case(name) {
            return Some((tag.get(start..end).unwrap_or(""), v, next));
        }
        i = next;
    }
    None
}

fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    attr_at(tag, name).map(|a| a.0)
}

fn has_class(classes: &str, name: &str) -> bool {
    classes.split_ascii_whitespace().any(|c| c == name)
}

/// Character references decoded (named ones only for the characters that matter in addresses).
fn decode(s: &str) -> String {
    let (mut out, mut rest) = (String::with_capacity(s.len()), s);
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest.bytes().take(12).position(|c| c == b';');
        let ent = semi.map_or("", |e| &rest[1..e]);
        let num = |d: &str, radix| u32::from_str_radix(d, radix).ok().and_then(char::from_u32);
        let named = [("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''), ("nbsp", '\u{a0}')];
        let c = match ent.strip_prefix("#x").or(ent.strip_prefix("#X")) {
            Some(hex) => num(hex, 16),
            None => {
                ent.strip_prefix('#').map_or_else(|| named.iter().find(|n| n.0 == ent).map(|n| n.1), |d| num(d, 10))
            }
        };
        match (c, semi) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escaped for an attribute value or text.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `scheme://host[:port]` as the URL standard serialises it, to compare origins.
fn origin_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok().filter(|u| u.has_host()).map(|u| u.origin().ascii_serialization())
}

/// The attachment id WordPress writes into an image's class.
fn class_id(classes: &str) -> Option<i64> {
    classes.split_ascii_whitespace().find_map(|c| c.strip_prefix("wp-image-")?.parse().ok())
}

/// An address as given, without its query, and without WordPress's `-300x200` size suffix.
fn url_variants(src: &str) -> Vec<String> {
    let bare = src.split(['?', '#']).next().unwrap_or(src);
    let mut out = vec![src.to_owned(), bare.to_owned()];
    if let Some(dot) = bare.rfind('.').filter(|d| !bare[*d..].contains('/')) {
        let stem = &bare[..dot];
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit());
        if let Some((base, size)) = stem.rsplit_once('-')
            && size.split_once('x').is_some_and(|(w, h)| digits(w) && digits(h))
        {
            out.push(format!("{base}{}", &bare[dot..]));
        }
    }
    out.dedup();
    out
}

/// Told of each image found: (address, attachment id).
type Seen<'c> = &'c mut dyn FnMut(&str, Option<i64>);

struct Open {
    name: String,
    tag: String,
    pos: usize,
    events: u64,
}

/// What an image is known by besides its own tag.
#[derive(Default)]
struct Hints {
    id: Option<i64>,
    caption: Option<String>,
    classes: String,
    width: i64,
}

/// The HTML pass: images to photos, figures of blocks, placeholders, links. It keeps the stack
/// of open elements so that a figure generated inside a paragraph closes it and reopens it after.
#[derive(Default)]
struct Pass<'c, 'a> {
    cx: Option<&'c Context<'a>>,
    seen: Option<Seen<'c>>,
    mark: String,
    pending: Vec<Pending>,
    origins: Vec<String>,
    out: String,
    stack: Vec<Open>,
    reopen: Vec<Open>,
    /// Content written so far (text, void elements, figures): an element whose count did not
    /// move while it was open is empty.
    events: u64,
    block_id: Option<i64>,
    /// Open `<pre>` and `<textarea>` elements.
    pre: usize,
    res: Converted,
    reported: HashSet<String>,
    linked: HashSet<String>,
}

impl Pass<'_, '_> {
    fn html(&mut self, s: &str) {
        let toks = tokenize(s);
        let is = |k: usize, kind: Kind, name: &str| toks.get(k).is_some_and(|t| t.kind == kind && t.name == name);
        let blank = |k: usize| toks.get(k).is_some_and(|t| t.kind == Kind::Text && s[t.start..t.end].bytes().all(ws));
        // Matching figure ends and image positions, found once, so that lookahead stays linear.
        let (mut figures, mut open, mut imgs) = (HashMap::new(), Vec::new(), Vec::new());
        for (k, t) in toks.iter().enumerate() {
            match (t.kind, t.name.as_str()) {
                (Kind::Start, "figure") => open.push(k),
                (Kind::End, "figure") => {
                    if let Some(o) = open.pop() {
                        figures.insert(o, k);
                    }
                }
                (Kind::Start, "img") => imgs.push(k),
                _ => {}
            }
        }
        let mut k = 0;
        while k < toks.len() {
            let (t, raw) = (&toks[k], &s[toks[k].start..toks[k].end]);
            match (t.kind, t.name.as_str()) {
                (Kind::Comment, _) => self.comment(raw),
                (Kind::Text, _) => self.text(raw),
                (Kind::End, name) => self.end(name, raw),
                (Kind::Start, "img") => {
                    let html = self.photo(raw, Hints { id: self.block_id, ..Hints::default() });
                    self.block(&html);
                }
                (Kind::Start, "a") => {
                    // A link around nothing but an image goes with it: a figure is not a link.
                    let img = k + 1 + usize::from(blank(k + 1));
                    let close = img + 1 + usize::from(blank(img + 1));
                    if is(img, Kind::Start, "img") && is(close, Kind::End, "a") {
                        let html = self
                            .photo(&s[toks[img].start..toks[img].end], Hints { id: self.block_id, ..Hints::default() });
                        self.block(&html);
                        k = close;
                    } else {
                        let tag = self.link_tag(raw);
                        self.start("a", tag);
                    }
                }
                (Kind::Start, name) => match figures.get(&k) {
                    Some(&end) if name == "figure" && self.figure(s, &toks, k, end, &imgs) => k = end,
                    _ => self.start(name, raw.to_owned()),
                },
            }
            k += 1;
        }
        self.close_to(0, None);
    }

    fn comment(&mut self, c: &str) {
        // A block's attributes name its attachment: `<!-- wp:image {"id":12} -->`.
        if let Some(rest) = c.strip_prefix("<!-- wp:image ") {
            let id = rest.split_once("\"id\":").map(|(_, v)| v.trim_start());
            self.block_id = id.and_then(|v| v[..v.bytes().take_while(u8::is_ascii_digit).count()].parse().ok());
        } else if c.starts_with("<!-- /wp:image") {
            self.block_id = None;
        }
    }

    fn text(&mut self, t: &str) {
        let blank = t.bytes().all(ws);
        if !self.reopen.is_empty() {
            if blank {
                return;
            }
            self.flush_reopen();
            // The space that stood between the image and the text is not the paragraph's.
            self.events += 1;
            self.out.push_str(t.trim_start_matches(ws_char));
            return;
        }
        self.events += u64::from(!blank);
        // Blank lines left where block comments stood collapse; in <pre> whitespace is content.
        if !(blank && self.pre == 0 && t.contains('\n')) {
            self.out.push_str(t);
        } else if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn start(&mut self, name: &str, tag: String) {
        if !self.reopen.is_empty() {
            match name {
                // A line break right after a figure would only open the paragraph with a blank line.
                "br" => return,
                n if PHRASING.contains(&n) || VOID.contains(&n) => self.flush_reopen(),
                _ => self.reopen.clear(),
            }
        }
        let pos = self.out.len();
        self.out.push_str(&tag);
        if VOID.contains(&name) {
            self.events += 1;
        } else {
            self.pre += usize::from(matches!(name, "pre" | "textarea"));
            self.stack.push(Open { name: name.to_owned(), tag, pos, events: self.events });
        }
    }

    fn end(&mut self, name: &str, t: &str) {
        if !self.reopen.is_empty() {
            if let Some(k) = self.reopen.iter().rposition(|o| o.name == name) {
                self.reopen.truncate(k);
                return;
            }
            self.reopen.clear();
        }
        // An end tag that closes nothing open is dropped, and one that closes more (as `</td>`
        // closes the `<p>` wpautop may leave in a cell) has their end tags written: the output
        // stays balanced.
        let Some(k) = self.stack.iter().rposition(|o| o.name == name) else { return };
        self.close_to(k, Some(t));
    }

    /// Closes the open elements from `k` up; an empty paragraph is removed instead.
    fn close_to(&mut self, k: usize, last: Option<&str>) {
        while self.stack.len() > k {
            let Some(o) = self.stack.pop() else { break };
            self.pre -= usize::from(matches!(o.name.as_str(), "pre" | "textarea"));
            if o.name == "p" && o.events == self.events {
                self.out.truncate(o.pos);
            } else if let Some(t) = last.filter(|_| self.stack.len() == k) {
                self.out.push_str(t);
            } else {
                self.out.push_str(&format!("</{}>", o.name));
            }
        }
    }

    fn flush_reopen(&mut self) {
        for o in std::mem::take(&mut self.reopen) {
            let pos = self.out.len();
            self.out.push_str(&o.tag);
            self.stack.push(Open { pos, events: self.events, ..o });
        }
    }

    /// Writes generated block HTML, closing the paragraph and inline elements it stands in
    /// (empty ones are removed) to reopen them when more of their content follows.
    fn block(&mut self, html: &str) {
        if html.is_empty() {
            return;
        }
        let (len, phrasing) = (self.stack.len(), |o: &Open| PHRASING.contains(&o.name.as_str()));
        let mut k = len;
        while k > 0 && len - k < SPLIT_CAP && phrasing(&self.stack[k - 1]) {
            k -= 1;
        }
        if k > 0 && ["p", "h1", "h2", "h3", "h4", "h5", "h6"].contains(&self.stack[k - 1].name.as_str()) {
            k -= 1;
        } else if k > 0 && phrasing(&self.stack[k - 1]) {
            k = len;
        }
        // Reopened tags are written again after each figure: long ones would multiply the output.
        if self.stack[k..].iter().map(|o| o.tag.len()).sum::<usize>() > SPLIT_BYTES {
            k = len;
        }
        let closed: Vec<Open> = self.stack.drain(k..).collect();
        if let Some(top) = closed.last().filter(|o| o.events != self.events) {
            // A line break that only led to the image goes with it.
            let floor = top.pos + top.tag.len();
            loop {
                self.out.truncate(self.out.trim_end().len().max(floor));
                match ["<br />", "<br/>", "<br>"]
                    .iter()
                    .find(|b| self.out.len() >= floor + b.len() && self.out.ends_with(*b))
                {
                    Some(b) => self.out.truncate(self.out.len() - b.len()),
                    None => break,
                }
            }
        }
        for o in closed.iter().rev() {
            if o.events == self.events {
                self.out.truncate(o.pos);
            } else {
                self.out.push_str(&format!("</{}>", o.name));
            }
        }
        self.out.push_str(html);
        self.events += 1;
        if !closed.is_empty() {
            self.reopen = closed;
        }
    }

    /// A `<figure>` of the content; false when it is not one this pass replaces.
    fn figure(&mut self, s: &str, toks: &[Tok], k: usize, end: usize, imgs: &[usize]) -> bool {
        let tag = &s[toks[k].start..toks[k].end];
        if let Some(n) = attr(tag, &self.mark).and_then(|n| n.parse::<usize>().ok()) {
            // Taken, not copied: a placeholder repeated by hostile input renders once.
            let item = self.pending.get_mut(n).map(|p| std::mem::replace(p, Pending::Gallery(Vec::new())));
            let html = item.map(|p| self.render(p)).unwrap_or_default();
            self.block(&html);
            return true;
        }
        let classes = decode(attr(tag, "class").unwrap_or(""));
        let raw = |j: usize| &s[toks[j].start..toks[j].end];
        // The first figcaption in (from, to) that is (or is not) a gallery's own: its tokens.
        let caption = |from: usize, to: usize, gallery: bool| {
            let c = (from..to).find(|&j| {
                toks[j].kind == Kind::Start
                    && toks[j].name == "figcaption"
                    && attr(raw(j), "class").unwrap_or("").contains("gallery-caption") == gallery
            })?;
            let e = (c..to).find(|&j| toks[j].kind == Kind::End && toks[j].name == "figcaption")?;
            Some((c, e))
        };
        let inner = |(c, e): (usize, usize)| &s[toks[c].end..toks[e].start];
        if classes.split_ascii_whitespace().any(|c| c.starts_with("wp-block-embed")) {
            let cap = caption(k, end, false);
            let body =
                (k + 1..cap.map_or(end, |c| c.0)).filter(|j| toks[*j].kind == Kind::Text).map(raw).collect::<String>();
            let url = decode(body.trim());
            if !url.is_empty() && !url.contains(char::is_whitespace) {
                let html = self.embed_html(&url);
                self.block(&html);
            }
            self.caption_paragraph(cap.map(inner));
            return true;
        }
        let within = &imgs[imgs.partition_point(|i| *i < k)..imgs.partition_point(|i| *i < end)];
        if within.is_empty() {
            return false;
        }
        let gallery = within.len() > 1 || classes.contains("wp-block-gallery");
        for (n, &img) in within.iter().enumerate() {
            let next = within.get(n + 1).copied().unwrap_or(end);
            let caption = caption(img, next, false).map(|c| self.inline(inner(c)));
            let hints =
                Hints { id: if gallery { None } else { self.block_id }, caption, classes: classes.clone(), width: 0 };
            let html = self.photo(raw(img), hints);
            self.block(&html);
        }
        if gallery {
            self.caption_paragraph(caption(k, end, true).map(inner));
        }
        true
    }

    /// A caption that newsdesk's figure cannot hold (an embed's, a gallery's), kept as a paragraph.
    fn caption_paragraph(&mut self, caption: Option<&str>) {
        let text = caption.map(|c| self.inline(c)).unwrap_or_default();
        if !text.trim().is_empty() {
            self.block(&format!("<p>{}</p>", text.trim()));
        }
    }

    fn render(&mut self, item: Pending) -> String {
        match item {
            Pending::Caption(atts, content) => {
                let get = |k: &str| atts.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                let num =
                    |v: Option<&str>| v.and_then(|v| v.trim_start_matches(|c: char| !c.is_ascii_digit()).parse().ok());
                let toks = tokenize(&content);
                let Some(img) = toks.iter().position(|t| t.kind == Kind::Start && t.name == "img") else {
                    return String::new();
                };
                // `img_caption_shortcode()`: without a caption attribute, the caption is what
                // follows the image (and the link around it).
                let caption = get("caption").map_or_else(
                    || {
                        let blank = |j: usize| {
                            toks.get(j).is_some_and(|t| t.kind == Kind::Text && content[t.start..t.end].bytes().all(ws))
                        };
                        let e = img + 1 + usize::from(blank(img + 1));
                        let closes_a = toks.get(e).is_some_and(|t| t.kind == Kind::End && t.name == "a");
                        content[if closes_a { toks[e].end } else { toks[img].end }..].trim().to_owned()
                    },
                    str::to_owned,
                );
                let hints = Hints {
                    id: num(get("id")),
                    caption: Some(self.inline(&caption)),
                    classes: get("align").unwrap_or("").to_owned(),
                    width: num(get("width")).unwrap_or(0),
                };
                self.photo(&content[toks[img].start..toks[img].end], hints)
            }
            Pending::Gallery(ids) => {
                let mut html = String::new();
                for id in ids {
                    if let Some(seen) = self.seen.as_mut() {
                        seen("", Some(id));
                    }
                    if let Some(p) = self.cx.and_then(|cx| (cx.photo_by_id)(id)) {
                        html.push_str(&figure_html(&p, "", "", false));
                    }
                }
                html
            }
            Pending::Embed(url) => self.embed_html(&url),
        }
    }

    fn embed_html(&mut self, url: &str) -> String {
        match self.cx.and_then(|cx| (cx.embed)(url)) {
            Some((code, canon)) => {
                format!("<figure data-embed=\"{}\" data-url=\"{}\"></figure>", esc(&code), esc(&canon))
            }
            None => {
                let href = self.local(url).unwrap_or_else(|| url.to_owned());
                format!("<p><a href=\"{}\">{}</a></p>", esc(&href), esc(url))
            }
        }
    }

    /// An image as a library photo's figure, or nothing (and reported) when it has none.
    fn photo(&mut self, tag: &str, hints: Hints) -> String {
        if self.stack.iter().rev().take(SPLIT_CAP).any(|o| o.name == "figcaption") {
            return String::new();
        }
        let src = decode(attr(tag, "src").unwrap_or("").trim());
        let classes = format!("{} {}", decode(attr(tag, "class").unwrap_or("")), hints.classes);
        let data_id = attr(tag, "data-id").and_then(|v| v.trim().parse().ok());
        let id = class_id(&classes).or(hints.id).or(data_id);
        if src.is_empty() && id.is_none() {
            return String::new();
        }
        if let Some(seen) = self.seen.as_mut() {
            seen(&src, id);
        }
        let Some(cx) = self.cx else { return String::new() };
        let by_url =
            || if src.is_empty() { None } else { url_variants(&src).iter().find_map(|u| (cx.photo_by_url)(u)) };
        let Some(photo) = id.and_then(|id| (cx.photo_by_id)(id)).or_else(by_url) else {
            // Only addresses are reported: a `data:` image has nothing to fetch.
            let scheme = src.split_once(':').map(|(s, _)| s.to_ascii_lowercase()).filter(|s| !s.contains('/'));
            if !src.is_empty() && scheme.as_deref().is_none_or(|s| s == "http" || s == "https") {
                let abs = self.absolute(&src);
                if self.reported.insert(abs.clone()) {
                    self.res.missing_images.push(abs);
                }
            }
            return String::new();
        };
        let width = attr(tag, "width").and_then(|w| w.trim().trim_end_matches("px").parse::<i64>().ok()).unwrap_or(0);
        let full = ["size-full", "alignwide", "alignfull"].iter().any(|c| has_class(&classes, c))
            || width.max(hints.width) >= 1000;
        let alt = decode(attr(tag, "alt").unwrap_or("").trim());
        figure_html(&photo, &alt, hints.caption.as_deref().unwrap_or("").trim(), full)
    }

    fn absolute(&self, src: &str) -> String {
        let Some(origin) = self.cx.and_then(|cx| cx.origins.first()) else { return src.to_owned() };
        if src.starts_with("//") {
            format!("{}:{src}", origin.split_once(':').map_or("https", |(s, _)| s))
        } else if src.starts_with('/') {
            format!("{origin}{src}")
        } else if src.contains("://") {
            src.to_owned()
        } else {
            format!("{origin}/{src}")
        }
    }

    /// A link's address made site-relative when it points into the old site.
    fn local(&mut self, href: &str) -> Option<String> {
        let h = href.trim();
        let lower = h.get(..8).unwrap_or(h).to_ascii_lowercase();
        let rest = if h.starts_with("//") {
            let ours = |scheme: &str| origin_of(&format!("{scheme}{h}")).is_some_and(|o| self.origins.contains(&o));
            (ours("http:") || ours("https:")).then(|| &h[2..])?
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            origin_of(h).filter(|o| self.origins.contains(o))?;
            &h[h.find("//")? + 2..]
        } else if h.starts_with('/') {
            // Already site-relative: kept as it is, but still a link to re-point.
            self.note_link(h);
            return None;
        } else {
            return None;
        };
        let path = rest.find(['/', '?', '#']).map_or("/", |p| &rest[p..]);
        let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        self.note_link(&path).then_some(path)
    }

    /// Records a site-relative link; false for an uploaded file, which keeps its address.
    fn note_link(&mut self, path: &str) -> bool {
        if path.contains("/wp-content/uploads/") {
            return false;
        }
        let listed = path.split('#').next().filter(|p| !p.is_empty()).unwrap_or("/");
        if self.linked.insert(listed.to_owned()) {
            self.res.old_links.push(listed.to_owned());
        }
        true
    }

    fn link_tag(&mut self, tag: &str) -> String {
        let Some((value, start, end)) = attr_at(tag, "href") else { return tag.to_owned() };
        match self.local(&decode(value)) {
            Some(path) => format!("{}\"{}\"{}", &tag[..start], esc(&path), &tag[end..]),
            None => tag.to_owned(),
        }
    }

    /// Caption HTML: links re-pointed, images and comments dropped.
    fn inline(&mut self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        for t in tokenize(html) {
            let raw = &html[t.start..t.end];
            match (t.kind, t.name.as_str()) {
                (Kind::Comment, _) | (Kind::Start, "img") => {}
                (Kind::Start, "a") => out.push_str(&self.link_tag(raw)),
                _ => out.push_str(raw),
            }
        }
        out
    }
}

/// newsdesk's photo figure; attributes in the stored form's order, empty ones left out.
fn figure_html(p: &Photo, alt: &str, caption: &str, full: bool) -> String {
    let mut f = format!("<figure data-media=\"{}\"", p.media_id);
    if full {
        f.push_str(" data-size=\"full\"");
    }
    let alt = if alt.is_empty() { p.alt.trim() } else { alt };
    for (name, value) in [("data-alt", alt), ("data-credit", p.credit.trim())] {
        if !value.is_empty() {
            f.push_str(&format!(" {name}=\"{}\"", esc(value)));
        }
    }
    f.push('>');
    let caption = if caption.is_empty() { esc(p.caption.trim()) } else { caption.to_owned() };
    if !caption.is_empty() {
        f.push_str(&format!("<figcaption>{caption}</figcaption>"));
    }
    f.push_str("</figure>");
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINS: [&str; 3] = ["https://example.com", "http://example.com", "https://www.example.com"];

    fn photo(media_id: i64) -> Photo {
        Photo {
            media_id,
            alt: format!("library alt {media_id}"),
            caption: format!("Library caption {media_id}"),
            credit: "Photo: Rina".into(),
        }
    }

    /// Converts with a library holding `urls` (address → media id) and `ids` (attachment → media
    /// id), and an embed check that knows YouTube and X/Twitter.
    fn conv(content: &str, urls: &[(&str, i64)], ids: &[(i64, i64)]) -> Converted {
        let origins: Vec<String> = ORIGINS.iter().map(|o| o.to_string()).collect();
        let by_url = |u: &str| urls.iter().find(|(a, _)| *a == u).map(|(_, m)| photo(*m));
        let by_id = |id: i64| ids.iter().find(|(a, _)| *a == id).map(|(_, m)| photo(*m));
        let embed = |u: &str| {
            let code = ["youtube.com/", "youtu.be/"].iter().any(|h| u.contains(h)).then_some("youtube");
            let code = code.or(u.contains("twitter.com/").then_some("x"));
            code.map(|c| (c.to_owned(), u.to_owned()))
        };
        convert(content, &Context { origins: &origins, photo_by_url: &by_url, photo_by_id: &by_id, embed: &embed })
    }

    fn html(content: &str) -> String {
        conv(content, &[], &[]).html
    }

    #[test]
    fn wpautop_matches_wordpress_on_real_fragments() {
        // From "Markup: HTML Tags and Formatting"; expected outputs are PHP's wpautop().
        let cases = [
            (
                "<strong>Address Tag</strong>\n\n<address>1 Infinite Loop\nCupertino, CA 95014\nUnited States</address>\
                 <strong>Anchor Tag (aka. Link)</strong>\n\nThis is an example of a <a title=\"WordPress Foundation\" \
                 href=\"https://wordpressfoundation.org/\">link</a>.\n",
                "<p><strong>Address Tag</strong></p>\n<address>1 Infinite Loop<br />\nCupertino, CA 95014<br />\n\
                 United States</address>\n<p><strong>Anchor Tag (aka. Link)</strong></p>\n<p>This is an example of a \
                 <a title=\"WordPress Foundation\" href=\"https://wordpressfoundation.org/\">link</a>.</p>\n",
            ),
            (
                "<h2>Unordered Lists (Nested)</h2>\n<ul>\n\t<li>List item one\n<ul>\n\t<li>List item one</li>\n</ul>\n\
                 </li>\n\t<li>List item two</li>\n</ul>",
                "<h2>Unordered Lists (Nested)</h2>\n<ul>\n<li>List item one\n<ul>\n<li>List item one</li>\n</ul>\n\
                 </li>\n<li>List item two</li>\n</ul>\n",
            ),
            (
                "Single line blockquote:\n<blockquote>Stay hungry. Stay foolish.</blockquote>\n\
                 Multi line blockquote with a cite reference:",
                "<p>Single line blockquote:</p>\n<blockquote><p>Stay hungry. Stay foolish.</p></blockquote>\n\
                 <p>Multi line blockquote with a cite reference:</p>\n",
            ),
            ("  \n\t ", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(wpautop(input, "data-wpc0"), expected, "{input}");
        }
    }

    #[test]
    fn classic_post_gets_paragraphs_and_line_breaks() {
        // "Post Format: Chat" and "Template: Paginated".
        let chat = "Abbott: Strange as it may seem, they give ball players nowadays very peculiar names.\n\n\
                    Costello: Funny names?\nAbbott: Nicknames, nicknames.";
        assert_eq!(
            html(chat),
            "<p>Abbott: Strange as it may seem, they give ball players nowadays very peculiar names.</p>\n\
             <p>Costello: Funny names?<br />\nAbbott: Nicknames, nicknames.</p>"
        );
        let paged = "Post Page 1\n\n<!--nextpage-->\n\nPost Page 2\n\n<!--nextpage-->\n\nPost Page 3";
        assert_eq!(html(paged), "<p>Post Page 1</p>\n<p>Post Page 2</p>\n<p>Post Page 3</p>");
    }

    #[test]
    fn pre_is_kept_as_written() {
        let pre = "<pre>\n<cite>Robert Frost</cite>\n\n\n\tTwo roads diverged in a yellow wood,\n\
                   \tAnd sorry I could not travel both          (\\_/)\n</pre>";
        let input = format!("This tag is for preserving whitespace.\n<h2>The Road Not Taken</h2>\n{pre}\nAfter.");
        assert_eq!(
            html(&input),
            format!("<p>This tag is for preserving whitespace.</p>\n<h2>The Road Not Taken</h2>\n{pre}\n<p>After.</p>")
        );
    }

    #[test]
    fn block_comments_and_more_tags_are_dropped() {
        // "Block: Image" paragraphs; block content is not run through wpautop.
        let blocks = "<!-- wp:paragraph -->\n<p>The image above happens to be <em><strong>centered</strong></em>.</p>\n\
                      <!-- /wp:paragraph -->\n\n<!-- wp:separator /-->\n\n<!-- wp:paragraph -->\n<p>Line one\n\
                      line two</p>\n<!-- /wp:paragraph -->";
        assert_eq!(
            html(blocks),
            "<p>The image above happens to be <em><strong>centered</strong></em>.</p>\n<p>Line one\nline two</p>"
        );
        // "Template: More Tag".
        let more = "Right after this sentence should be a \"continue reading\" button.\n\n<!--more-->\n\n\
                    And this content is after the more tag.";
        let out = html(more);
        assert!(!out.contains("<!--") && !out.contains("<p></p>"), "{out}");
        assert!(out.ends_with("<p>And this content is after the more tag.</p>"), "{out}");
    }

    #[test]
    fn caption_shortcode_becomes_a_photo_with_its_caption() {
        // wp2ghost's export: a link around the image, the caption after it.
        let linked = "[caption id=\"attachment_1\" align=\"alignright\" width=\"150\"]<a href=\"#\"><img \
                      class=\"wp-image-1\" alt=\"Sample Image\" src=\"foo.jpg\" width=\"150\" height=\"150\" /></a> \
                      FooBar Caption[/caption]";
        assert_eq!(
            conv(linked, &[], &[(1, 1)]).html,
            "<figure data-media=\"1\" data-alt=\"Sample Image\" data-credit=\"Photo: Rina\">\
             <figcaption>FooBar Caption</figcaption></figure>"
        );
        let out = conv(linked, &[], &[(1, 501)]);
        assert!(out.html.starts_with("<figure data-media=\"501\""), "{}", out.html);
        // "Post Format: Image (Linked)": the caption in an attribute, entities in the quotes.
        let attr = "[caption id=&quot;attachment_612&quot; align=\"aligncenter\" width=\"640\" caption=\"Chunk of \
                    resinous blackboy husk.\"]<a href=\"https://wpthemetestdata.files.wordpress.com/2013/09/a.jpg\">\
                    <img src=\"https://wpthemetestdata.files.wordpress.com/2013/09/a.jpg\" alt=\"\" width=\"640\" \
                    height=\"480\" class=\"size-full wp-image-612\" /></a>[/caption]";
        assert_eq!(
            conv(attr, &[], &[(612, 7)]).html,
            "<figure data-media=\"7\" data-size=\"full\" data-alt=\"library alt 7\" data-credit=\"Photo: Rina\">\
             <figcaption>Chunk of resinous blackboy husk.</figcaption></figure>"
        );
        // "Markup: Image Alignment": a link in the caption is kept; text around stays paragraphs.
        let in_text = "The image above.\n\n[caption id=\"attachment_906\" align=\"aligncenter\" width=\"580\"]<img \
                       class=\"size-full wp-image-906  \" alt=\"Image Alignment 580x300\" src=\"a.jpg\" width=\"580\" \
                       height=\"300\" /> Look at 580x300 getting some <a title=\"Image Settings\" \
                       href=\"https://example.com/images/\">caption</a> love.[/caption]\n\nThe caption also has a link.";
        let out = conv(in_text, &[], &[(906, 9)]);
        assert_eq!(
            out.html,
            "<p>The image above.</p>\n<figure data-media=\"9\" data-size=\"full\" data-alt=\"Image Alignment 580x300\" \
             data-credit=\"Photo: Rina\"><figcaption>Look at 580x300 getting some <a title=\"Image Settings\" \
             href=\"/images/\">caption</a> love.</figcaption></figure>\n<p>The caption also has a link.</p>"
        );
        assert_eq!(out.old_links, ["/images/"]);
    }

    #[test]
    fn gallery_shortcode_places_each_photo_it_can() {
        // "Post Format: Gallery (Tiled)" and the columns variant of "Post Format: Gallery".
        let tiled = "Install Jetpack to test.\n\n[gallery type=\"rectangular\" columns=\"4\" \
                     ids=\"755,757,758,760,766,763\" orderby=\"rand\"]\n\nThis is some text after the Tiled Gallery.";
        assert_eq!(
            conv(tiled, &[], &[(757, 1), (766, 2)]).html,
            "<p>Install Jetpack to test.</p>\n<figure data-media=\"1\" data-alt=\"library alt 1\" \
             data-credit=\"Photo: Rina\"><figcaption>Library caption 1</figcaption></figure><figure data-media=\"2\" \
             data-alt=\"library alt 2\" data-credit=\"Photo: Rina\"><figcaption>Library caption 2</figcaption>\
             </figure>\n<p>This is some text after the Tiled Gallery.</p>"
        );
        assert_eq!(conv("[gallery columns=2 ids=\"770,771\"]", &[], &[(771, 3)]).html.matches("<figure").count(), 1);
        assert_eq!(
            html("<h2>One Column</h2>\n[gallery columns=\"1\"]\n<h2>Two Columns</h2>"),
            "<h2>One Column</h2>\n<h2>Two Columns</h2>"
        );
        assert_eq!(images(tiled)[..2], [(String::new(), Some(755)), (String::new(), Some(757))]);
    }

    #[test]
    fn embed_shortcode_and_bare_addresses() {
        let yt = "https://www.youtube.com/watch?v=SQEQr7c0-dw";
        let figure = format!("<figure data-embed=\"youtube\" data-url=\"{yt}\"></figure>");
        assert_eq!(html(&format!("[embed]{yt}[/embed]")), figure);
        assert_eq!(
            html(&format!("Watch:\n\n[embed width=\"560\" height=\"315\"]{yt}[/embed]")),
            format!("<p>Watch:</p>\n{figure}")
        );
        // "Post Format: Video (YouTube)": the address alone on its line.
        let post =
            format!("{yt}\n\nLearn more about <a href=\"https://codex.wordpress.org/Embeds\">WordPress Embeds</a>.");
        assert_eq!(
            html(&post),
            format!(
                "{figure}\n<p>Learn more about <a href=\"https://codex.wordpress.org/Embeds\">WordPress Embeds</a>.</p>"
            )
        );
        // Alone in a paragraph, or as a link to itself, it is the same.
        assert_eq!(html(&format!("<!-- wp:paragraph -->\n<p>{yt}</p>\n<!-- /wp:paragraph -->")), figure);
        assert_eq!(html(&format!("<a href=\"{yt}\">{yt}</a>")), figure);
        // "Post Format: Video (WordPress.tv)": a provider newsdesk does not embed stays a link.
        let tv = "https://wordpress.tv/2009/03/16/anatomy-of-a-wordpress-theme/";
        assert_eq!(
            html(&format!("{tv}\n\nPosted as per the instructions.")),
            format!("<p><a href=\"{tv}\">{tv}</a></p>\n<p>Posted as per the instructions.</p>")
        );
        assert_eq!(html(&format!("[embed]{tv}[/embed]")), format!("<p><a href=\"{tv}\">{tv}</a></p>"));
        // An address inside a sentence is not an embed.
        assert_eq!(html(&format!("See {yt} now.")), format!("<p>See {yt} now.</p>"));
    }

    #[test]
    fn wp_embed_blocks_become_embeds() {
        // Theme Unit Test's core-embed block, and the wp:embed form of WordPress 5.6 on.
        let old = "<!-- wp:core-embed/youtube {\"url\":\"https://youtu.be/ex8fMxXJDJw\",\"type\":\"video\"} -->\n\
                   <figure class=\"wp-block-embed-youtube wp-block-embed is-type-video is-provider-youtube \
                   wp-embed-aspect-16-9 wp-has-aspect-ratio\"><div class=\"wp-block-embed__wrapper\">\n\
                   https://youtu.be/ex8fMxXJDJw\n</div><figcaption>YouTube<br></figcaption></figure>\n\
                   <!-- /wp:core-embed/youtube -->";
        assert_eq!(
            html(old),
            "<figure data-embed=\"youtube\" data-url=\"https://youtu.be/ex8fMxXJDJw\"></figure><p>YouTube<br></p>"
        );
        let new = "<!-- wp:embed {\"url\":\"https://twitter.com/WordPress/status/1057136472321613824\"} -->\n\
                   <figure class=\"wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter\"><div \
                   class=\"wp-block-embed__wrapper\">\nhttps://twitter.com/WordPress/status/1057136472321613824\n\
                   </div></figure>\n<!-- /wp:embed -->";
        assert_eq!(
            html(new),
            "<figure data-embed=\"x\" data-url=\"https://twitter.com/WordPress/status/1057136472321613824\"></figure>"
        );
        let unknown = new.replace("twitter.com/WordPress/status", "wordpress.tv/2018/10/14");
        assert_eq!(
            html(&unknown),
            "<p><a href=\"https://wordpress.tv/2018/10/14/1057136472321613824\">\
             https://wordpress.tv/2018/10/14/1057136472321613824</a></p>"
        );
    }

    #[test]
    fn wp_image_blocks_become_photos() {
        // "Block: Image": a caption with a link; the block's id when the image has no class.
        let block = "<!-- wp:image {\"id\":906,\"align\":\"center\"} -->\n<div class=\"wp-block-image size-full \
                     wp-image-906\"><figure class=\"aligncenter\"><a href=\"https://en.support.wordpress.com/images/\">\
                     <img src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-580x300.jpg\" \
                     alt=\"Image Alignment 580x300\" class=\"wp-image-906\"/></a><figcaption>Look at 580x300 getting \
                     some <a title=\"Image Settings\" href=\"https://www.example.com/images/\">caption</a> love.\
                     </figcaption></figure></div>\n<!-- /wp:image -->";
        let out = conv(block, &[], &[(906, 12)]);
        assert_eq!(
            out.html,
            "<div class=\"wp-block-image size-full wp-image-906\"><figure data-media=\"12\" data-alt=\"Image Alignment \
             580x300\" data-credit=\"Photo: Rina\"><figcaption>Look at 580x300 getting some <a title=\"Image Settings\" \
             href=\"/images/\">caption</a> love.</figcaption></figure></div>"
        );
        let unclassed = "<!-- wp:image {\"id\":907,\"sizeSlug\":\"full\"} -->\n<figure class=\"wp-block-image \
                         alignwide\"><img src=\"https://example.com/wp-content/uploads/2013/03/image-alignment-1200x4002.jpg\" \
                         alt=\"\"/></figure>\n<!-- /wp:image -->";
        assert_eq!(
            conv(unclassed, &[], &[(907, 13)]).html,
            "<figure data-media=\"13\" data-size=\"full\" data-alt=\"library alt 13\" data-credit=\"Photo: Rina\">\
             <figcaption>Library caption 13</figcaption></figure>"
        );
        assert_eq!(
            images(unclassed),
            [("https://example.com/wp-content/uploads/2013/03/image-alignment-1200x4002.jpg".to_owned(), Some(907))]
        );
    }

    #[test]
    fn unresolved_images_are_dropped_and_reported_once() {
        // "Post Format: Image": a wordpress.com address with a query, inside a link to the file.
        let post = "<a href=\"https://wpthemetestdata.files.wordpress.com/2008/06/100_5540.jpg\"><img class=\"alignnone \
                    wp-image-755 size-large\" src=\"https://wpthemetestdata.files.wordpress.com/2008/06/100_5540.jpg?w=604\" \
                    alt=\"\" width=\"604\" height=\"453\" /></a>\n\nText <img src=\"/wp-content/uploads/2024/05/x-300x200.jpg\"> \
                    and <img src=\"/wp-content/uploads/2024/05/x-300x200.jpg\"><img src=\"data:image/png;base64,AAAA\">";
        let out = conv(post, &[], &[]);
        assert_eq!(out.html, "<p>Text  and </p>");
        assert_eq!(
            out.missing_images,
            [
                "https://wpthemetestdata.files.wordpress.com/2008/06/100_5540.jpg?w=604",
                "https://example.com/wp-content/uploads/2024/05/x-300x200.jpg"
            ]
        );
        // The address without its query, or without its size suffix, finds the library photo.
        let found = conv(
            post,
            &[
                ("https://wpthemetestdata.files.wordpress.com/2008/06/100_5540.jpg", 4),
                ("/wp-content/uploads/2024/05/x.jpg", 5),
            ],
            &[],
        );
        assert_eq!(found.missing_images, Vec::<String>::new());
        assert_eq!(found.html.matches("data-media=\"5\"").count(), 2);
        assert!(found.html.starts_with("<figure data-media=\"4\" data-alt=\"library alt 4\""), "{}", found.html);
    }

    #[test]
    fn photos_close_the_paragraph_they_stood_in() {
        // "Markup: Image Alignment": an image in its own <p>, and one that starts a paragraph.
        let post = "<p><img class=\"size-full wp-image-906 aligncenter\" title=\"Image Alignment 580x300\" alt=\"Image \
                    Alignment 580x300\" src=\"a.jpg\" width=\"580\" height=\"300\" /></p>\nThe image above happens to be \
                    <em><strong>centered</strong></em>.\n\n<img class=\"alignnone  wp-image-907\" alt=\"Big\" \
                    src=\"b.jpg\" width=\"1200\" height=\"400\" /> The rest of this paragraph is filler.\n\n\
                    Inline <em>before <img class=\"wp-image-904\" src=\"c.jpg\"> after</em> end.";
        assert_eq!(
            conv(post, &[], &[(906, 1), (907, 2), (904, 3)]).html,
            "<figure data-media=\"1\" data-size=\"full\" data-alt=\"Image Alignment 580x300\" data-credit=\"Photo: \
             Rina\"><figcaption>Library caption 1</figcaption></figure>\n<p>The image above happens to be \
             <em><strong>centered</strong></em>.</p>\n<figure data-media=\"2\" data-size=\"full\" data-alt=\"Big\" \
             data-credit=\"Photo: Rina\"><figcaption>Library caption 2</figcaption></figure><p>The rest of this \
             paragraph is filler.</p>\n<p>Inline <em>before</em></p><figure data-media=\"3\" data-alt=\"library alt \
             3\" data-credit=\"Photo: Rina\"><figcaption>Library caption 3</figcaption></figure><p><em>after</em> \
             end.</p>"
        );
    }

    #[test]
    fn generated_attributes_are_escaped() {
        let origins: Vec<String> = vec![];
        let by_url = |_: &str| {
            Some(Photo { media_id: 1, alt: "\"A\" & <b>".into(), caption: "<i>x</i>".into(), credit: "R&D".into() })
        };
        let (none_id, embed) =
            (|_: i64| None, |_: &str| Some(("youtube".to_owned(), "https://youtu.be/a?b=1&c=\"2\"".to_owned())));
        let cx = Context { origins: &origins, photo_by_url: &by_url, photo_by_id: &none_id, embed: &embed };
        assert_eq!(
            convert("<img src=\"a.jpg\">\n\nhttps://youtu.be/a", &cx).html,
            "<figure data-media=\"1\" data-alt=\"&quot;A&quot; &amp; &lt;b&gt;\" data-credit=\"R&amp;D\">\
             <figcaption>&lt;i&gt;x&lt;/i&gt;</figcaption></figure>\n<figure data-embed=\"youtube\" \
             data-url=\"https://youtu.be/a?b=1&amp;c=&quot;2&quot;\"></figure>"
        );
        assert!(
            convert("<img src=\"a.jpg\" alt=\"Tom &amp; &quot;Jerry&quot;\">", &cx)
                .html
                .contains("data-alt=\"Tom &amp; &quot;Jerry&quot;\"")
        );
    }

    #[test]
    fn links_into_the_old_site_become_site_relative() {
        let post = "<a href=\"https://example.com/2024/05/slug/\">a</a> <a href=\"https://WWW.Example.com/about/\">b</a> \
                    <a href='http://example.com/?p=12&amp;page=2'>c</a> <a href=\"//example.com/2024/06/other/#comments\">d</a> \
                    <a href=\"https://example.com\">e</a> <a href=\"https://example.com/wp-content/uploads/2024/05/file.pdf\">f</a> \
                    <a href=\"https://other.org/2024/05/slug/\">g</a> <a href=\"/category/news/\">h</a> \
                    <a href=\"https://example.com:8443/x/\">i</a> <a href=\"https://example.com/2024/05/slug/\">j</a>";
        let out = conv(post, &[], &[]);
        assert_eq!(
            out.html,
            "<p><a href=\"/2024/05/slug/\">a</a> <a href=\"/about/\">b</a> <a href=\"/?p=12&amp;page=2\">c</a> \
             <a href=\"/2024/06/other/#comments\">d</a> <a href=\"/\">e</a> \
             <a href=\"https://example.com/wp-content/uploads/2024/05/file.pdf\">f</a> \
             <a href=\"https://other.org/2024/05/slug/\">g</a> <a href=\"/category/news/\">h</a> \
             <a href=\"https://example.com:8443/x/\">i</a> <a href=\"/2024/05/slug/\">j</a></p>"
        );
        assert_eq!(
            out.old_links,
            ["/2024/05/slug/", "/about/", "/?p=12&page=2", "/2024/06/other/", "/", "/category/news/"]
        );
    }

    #[test]
    fn brackets_that_are_not_shortcodes_stay() {
        let text = "As noted [1], the author [sic] wrote [[caption]] and [[gallery ids=\"1\"]]. \
                    _=([![]]+{})[+!+[]+[+[]]]+([]+[]+{})[+!+[]];";
        assert_eq!(
            html(text),
            "<p>As noted [1], the author [sic] wrote [caption] and [gallery ids=\"1\"]. \
             _=([![]]+{})[+!+[]+[+[]]]+([]+[]+{})[+!+[]];</p>"
        );
    }

    #[test]
    fn other_shortcodes_keep_their_text() {
        let text = "[video width=\"640\" mp4=\"clip.mp4\"][/video]Before [audio mp3=\"a.mp3\"] after.\n\n\
                    [foo bar='1']Kept [b]bold[/b] text[/foo] [playlist ids=\"1,2\"]";
        assert_eq!(html(text), "<p>Before  after.</p>\n<p>Kept bold text </p>");
    }

    #[test]
    fn bangla_text_is_untouched() {
        let text = "ঢাকায় আজ বৃষ্টি হয়েছে।\nবিকেলে রোদ উঠবে&nbsp;বলে জানিয়েছে আবহাওয়া অফিস।\n\n\
                    <a href=\"https://example.com/২০২৪/০৫/বৃষ্টি/\">আরও পড়ুন</a> [সূত্র]";
        let out = conv(text, &[], &[]);
        assert_eq!(
            out.html,
            "<p>ঢাকায় আজ বৃষ্টি হয়েছে।<br />\nবিকেলে রোদ উঠবে&nbsp;বলে জানিয়েছে আবহাওয়া অফিস।</p>\n\
             <p><a href=\"/২০২৪/০৫/বৃষ্টি/\">আরও পড়ুন</a> [সূত্র]</p>"
        );
        assert_eq!(out.old_links, ["/২০২৪/০৫/বৃষ্টি/"]);
    }

    #[test]
    fn images_lists_every_image_with_its_attachment_id() {
        let content = "<img class=\"size-full wp-image-904\" src=\"https://example.com/a-150x150.jpg\">\
                       [caption id=\"attachment_12\"]<img src=\"/b.jpg\"> Cap[/caption]\
                       <!-- wp:image {\"id\":30} --><figure class=\"wp-block-image\"><img src=\"c.jpg\"></figure><!-- /wp:image -->\
                       <img src=\"/b.jpg\">[gallery ids=\"5, 6\"]";
        assert_eq!(
            images(content),
            [
                ("https://example.com/a-150x150.jpg".to_owned(), Some(904)),
                ("/b.jpg".to_owned(), Some(12)),
                ("c.jpg".to_owned(), Some(30)),
                ("/b.jpg".to_owned(), None),
                (String::new(), Some(5)),
                (String::new(), Some(6)),
            ]
        );
    }

    #[test]
    fn hostile_input_never_panics_and_stays_bounded() {
        let pieces = [
            "<",
            ">",
            "</",
            "<p>",
            "</p>",
            "<a href=\"https://example.com/x\">",
            "</a>",
            "<img src=x>",
            "<img class=\"wp-image-1\">",
            "<figure>",
            "</figure>",
            "<figure class=\"wp-block-embed\">",
            "<figcaption>",
            "<!--",
            "-->",
            "<!-- wp:image {\"id\":",
            "[",
            "]",
            "[caption",
            "[caption id=\"attachment_1\"]",
            "[/caption]",
            "[gallery ids=\"1,1,1\"]",
            "[embed]",
            "[/embed]",
            "[[",
            "]]",
            "[/",
            "[x=",
            "\n",
            "\n\n",
            " ",
            "\"",
            "'",
            "=",
            "&",
            "&#",
            "&#x110000;",
            "<pre>",
            "</pre>",
            "<em>",
            "</em>",
            "https://youtu.be/x",
            "বাংলা",
            "<script>",
            "</script>",
            "<br />",
            "<blockquote>",
            "<li>",
            "data-wpc0",
            "<figure data-wpc0=\"0\">",
        ];
        let one = |_: &str| Some(photo(1));
        let one_id = |_: i64| Some(photo(1));
        let embed = |u: &str| Some(("youtube".to_owned(), u.to_owned()));
        let origins = vec!["https://example.com".to_owned()];
        let cx = Context { origins: &origins, photo_by_url: &one, photo_by_id: &one_id, embed: &embed };
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..800 {
            let mut input = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for n in 0..(seed % 120) {
                input.push_str(pieces[((seed >> (n % 50)) as usize + n as usize * 7) % pieces.len()]);
            }
            let out = convert(&input, &cx);
            assert!(out.html.len() <= 64 * input.len() + 1024, "{input:?}");
            let _ = images(&input);
        }
        // Deep nesting, many unclosed constructs: must finish quickly and stay in proportion.
        let n = 4_000;
        for input in [
            format!("{}<img src=x>text{}", "<em>".repeat(n), "</em>".repeat(n)),
            format!("<p>{}", "<a href=\"https://example.com/a\"><img src=x>t".repeat(n)),
            "[caption id=\"attachment_1\"".repeat(n),
            "<figure>".repeat(n),
            "[x]".repeat(n) + &"[/x]".repeat(n),
            "<pre>\n".repeat(n),
            "<!--".repeat(n),
            "<a title='".repeat(n),
            "<p><li x".repeat(n),
            " \n".repeat(n),
            format!("<a href=\"{}\">{}", "x".repeat(n), "<img src=y>t".repeat(n)),
        ] {
            let out = convert(&input, &cx);
            assert!(out.html.len() <= 64 * input.len() + 1024, "{}", &input[..40]);
        }
    }
}
