//! Streaming reader for WordPress eXtended RSS (WXR) exports, versions 1.0 to 1.2.
//!
//! [`Reader::new`] reads the channel header (site, authors, categories, tags, other terms) up to the
//! first `<item>`; the reader is then an iterator of [`Item`]s, one at a time, so memory stays bounded
//! by the largest single item and an export of any size can be read.
//!
//! Safety and leniency, following WordPress's own importer:
//! * any `<!DOCTYPE` is refused ([`WxrError::Doctype`]); entities other than the five XML ones and
//!   numeric character references are never expanded (an unknown `&name;` is kept as written);
//! * a bare `&` (as in unescaped URLs) is kept as text rather than failing the file;
//! * namespaces are matched by prefix *or* URI, so WXR 1.0's undeclared `excerpt:` prefix, a
//!   redefined `wp:` prefix and a default-namespace `<post_id xmlns="…/export/1.2/">` all work;
//! * text is returned exactly as written (CDATA pieces joined, line ends not normalised), so
//!   PHP-serialized values keep their byte lengths.
//!
//! Pure parsing: nothing here touches a database.

use std::fmt;
use std::io::BufRead;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

#[cfg(test)]
mod tests;

/// A reason the whole export cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    /// The document has a DOCTYPE declaration (refused: entity expansion and XXE risk).
    #[error(
        "the file has a <!DOCTYPE> declaration, which a WordPress export never has; it was refused \
         unread because DOCTYPEs can define entities (XXE, \"billion laughs\")"
    )]
    Doctype,
    /// The document is XML but not a WordPress export.
    #[error("the file is not a WordPress export: {0}")]
    NotWxr(String),
    /// The document is not well-formed XML.
    #[error("malformed XML near line {line} (byte offset {position}): {message}")]
    Xml {
        /// Line (1-based) where the construct that failed to parse starts.
        line: u64,
        /// Byte offset where quick-xml reported the error.
        position: u64,
        /// What was wrong.
        message: String,
    },
}

/// A damaged item: reported, skipped, and iteration goes on with the next item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// 1-based position of the item in the export.
    pub index: usize,
    /// The item's old `wp:post_id` as written, if it had one.
    pub post_id: Option<String>,
    /// The item's title, to help a person find it.
    pub title: String,
    /// Byte offset of the end of the item.
    pub position: u64,
    /// What is wrong with it.
    pub reason: String,
    /// The file could not be read past this point: this is the last thing the iterator yields.
    pub fatal: bool,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.post_id.as_deref().unwrap_or("?");
        let what = if self.fatal { "export unreadable after" } else { "skipped" };
        write!(
            f,
            "{what} item #{} (post_id {id}, title {:?}, byte {}): {}",
            self.index, self.title, self.position, self.reason
        )
    }
}

impl std::error::Error for ItemError {}

/// The channel header of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// `<title>` of the channel.
    pub title: String,
    /// `<link>`: the site's URL.
    pub link: String,
    /// `wp:base_site_url` (WXR 1.1+; empty when absent).
    pub base_site_url: String,
    /// `wp:base_blog_url` (WXR 1.1+; empty when absent).
    pub base_blog_url: String,
    /// `<language>`, e.g. `en-US`.
    pub language: String,
    /// `wp:wxr_version`, validated as `\d+.\d+`.
    pub wxr_version: String,
    /// `wp:author` entries (absent in WXR 1.0: take authors from items' `dc:creator` instead).
    pub authors: Vec<Author>,
    /// `wp:category` entries, in file order (parents before children in real exports).
    pub categories: Vec<Term>,
    /// `wp:tag` entries.
    pub tags: Vec<Term>,
    /// Other `wp:term` entries (nav menus, Polylang `language`/`post_translations`, …).
    pub terms: Vec<Term>,
}

/// A `wp:author` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// `wp:author_id` (None when missing or not a number).
    pub id: Option<i64>,
    /// `wp:author_login`, trimmed; items refer to it in `dc:creator`.
    pub login: String,
    /// `wp:author_email`.
    pub email: String,
    /// `wp:author_display_name`.
    pub display_name: String,
    /// `wp:author_first_name`.
    pub first_name: String,
    /// `wp:author_last_name`.
    pub last_name: String,
}

/// A category, tag or other taxonomy term from the channel header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    /// `wp:term_id` (None when missing, as in WXR 1.0).
    pub id: Option<i64>,
    /// `category`, `post_tag`, or `wp:term_taxonomy` for other terms.
    pub taxonomy: String,
    /// Slug, percent-decoded to Unicode.
    pub slug: String,
    /// Slug exactly as exported (WordPress compares slugs in this encoded form).
    pub raw_slug: String,
    /// Display name.
    pub name: String,
    /// The parent's slug (decoded), empty for a top-level term.
    pub parent_slug: String,
    /// Description (for Polylang `post_translations`, a PHP-serialized map; see
    /// [`php_unserialize_string_map`]).
    pub description: String,
    /// `wp:termmeta` key/value pairs, values raw.
    pub meta: Vec<(String, String)>,
}

/// A term attached to an item: `<category domain="…" nicename="…">name</category>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// Taxonomy: `category`, `post_tag`, `language`, `post_translations`, `author`, `nav_menu`, …
    pub domain: String,
    /// Slug, percent-decoded.
    pub nicename: String,
    /// Display name.
    pub name: String,
}

/// A `wp:comment` of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    /// `wp:comment_id`.
    pub id: i64,
    /// `wp:comment_author`.
    pub author: String,
    /// `wp:comment_author_email`.
    pub author_email: String,
    /// `wp:comment_author_url`.
    pub author_url: String,
    /// `wp:comment_date`, raw.
    pub date: String,
    /// `wp:comment_date_gmt`, raw.
    pub date_gmt: String,
    /// `wp:comment_content`.
    pub content: String,
    /// `wp:comment_approved`, raw: `1`, `0`, `spam`, `trash`.
    pub approved: String,
    /// `wp:comment_type`: empty/`comment`, `pingback`, `trackback`, …
    pub comment_type: String,
    /// `wp:comment_parent` (old comment id, 0 for none).
    pub parent: i64,
    /// `wp:comment_user_id` (old author id, 0 for none).
    pub user_id: i64,
    /// `wp:commentmeta` key/value pairs, values raw.
    pub meta: Vec<(String, String)>,
}

/// One `<item>` of the export: a post, page, attachment, menu item or other post type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// `wp:post_id` (old id; not unique in some real exports).
    pub post_id: i64,
    /// `<guid>`: an identifier, not a link.
    pub guid: String,
    /// `<link>`.
    pub link: String,
    /// `<title>`.
    pub title: String,
    /// `dc:creator`: the author's login (may be empty or unknown to the header).
    pub creator: String,
    /// `content:encoded`.
    pub content: String,
    /// `excerpt:encoded`.
    pub excerpt: String,
    /// `wp:post_date`, raw (`0000-00-00 00:00:00` kept).
    pub post_date: String,
    /// `wp:post_date_gmt`, raw.
    pub post_date_gmt: String,
    /// `wp:post_modified`, raw (empty before WXR 1.2).
    pub post_modified: String,
    /// `wp:post_modified_gmt`, raw.
    pub post_modified_gmt: String,
    /// `wp:post_name`, percent-decoded (may be empty for drafts).
    pub post_name: String,
    /// `wp:post_name` exactly as exported.
    pub raw_post_name: String,
    /// `wp:status`: publish, draft, pending, private, future, trash, inherit, auto-draft…
    pub status: String,
    /// `wp:post_type`.
    pub post_type: String,
    /// `wp:post_parent` (old id, 0 for none).
    pub post_parent: i64,
    /// `wp:menu_order`.
    pub menu_order: i64,
    /// `wp:post_password`.
    pub password: String,
    /// `wp:is_sticky` = 1.
    pub is_sticky: bool,
    /// `wp:attachment_url`.
    pub attachment_url: String,
    /// `wp:comment_status` (open/closed).
    pub comment_status: String,
    /// `wp:ping_status`.
    pub ping_status: String,
    /// Item terms in file order (a `<category>` without `nicename`, as WXR 1.0 repeats them, is
    /// skipped as WordPress does; domain `tag` becomes `post_tag`).
    pub categories: Vec<ItemTerm>,
    /// `wp:postmeta` key/value pairs, values raw, repeated keys kept.
    pub postmeta: Vec<(String, String)>,
    /// Comments in file order.
    pub comments: Vec<Comment>,
}

/// Key/value pairs of `wp:postmeta`, `wp:termmeta` or `wp:commentmeta`.
type Meta = Vec<(String, String)>;

/// Which vocabulary an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No prefix (plain RSS).
    Rss,
    Wp,
    Content,
    Excerpt,
    Dc,
    Other,
}

/// An element start, reduced to what WXR needs.
struct Tag {
    ns: Ns,
    local: String,
    domain: String,
    nicename: String,
}

enum Ev {
    Start(Tag),
    End,
    Text(String),
    Eof,
}

fn classify(resolved: &ResolveResult<'_>, e: &BytesStart<'_>) -> Ns {
    let qname = e.name();
    let prefix = qname.prefix().map(|p| p.as_ref().to_ascii_lowercase());
    let uri = match resolved {
        ResolveResult::Bound(Namespace(uri)) => uri.to_string(),
        _ => String::new(),
    };
    match prefix.as_deref() {
        Some("wp") => return Ns::Wp,
        Some("content") => return Ns::Content,
        Some("excerpt") => return Ns::Excerpt,
        Some("dc") => return Ns::Dc,
        _ => {}
    }
    if uri.contains("wordpress.org/export/") {
        if uri.contains("/excerpt") { Ns::Excerpt } else { Ns::Wp }
    } else if uri.contains("purl.org/rss/1.0/modules/content") {
        Ns::Content
    } else if uri.contains("purl.org/dc/elements") {
        Ns::Dc
    } else if prefix.is_none() {
        // Unprefixed: plain RSS, even under a default namespace.
        Ns::Rss
    } else {
        Ns::Other
    }
}

/// Unescapes the five XML entities and numeric references in an attribute value; anything else
/// (custom entities, a bare `&`) is kept as written.
fn unescape_lenient(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest[1..].find(';').filter(|&j| j <= 32).and_then(|j| resolve_ref(&rest[1..=j]).map(|c| (j, c))) {
            Some((j, c)) => {
                out.push(c);
                rest = &rest[j + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Resolves a predefined entity or numeric character reference name (without `&` and `;`).
fn resolve_ref(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// Streaming WXR reader: construct with [`Reader::new`], then iterate for items.
pub struct Reader<R: BufRead> {
    xml: NsReader<R>,
    buf: Vec<u8>,
    site: Site,
    /// Newlines seen so far, for error messages.
    lines: u64,
    /// Items started so far (for [`ItemError::index`]).
    items: usize,
    /// The `<item>` start tag has been read but the item not yet parsed.
    at_item: bool,
    /// Well-formedness damage quick-xml tolerates but we report (`]]>` in text: nested CDATA).
    damage: Option<String>,
    done: bool,
}

impl<R: BufRead> fmt::Debug for Reader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader").field("site", &self.site).field("items", &self.items).finish_non_exhaustive()
    }
}

impl<R: BufRead> Reader<R> {
    /// Reads the XML prolog and the channel header up to the first `<item>` (or the end of the
    /// channel), and checks that this is a WordPress export.
    pub fn new(input: R) -> Result<Self, WxrError> {
        let mut xml = NsReader::from_reader(input);
        let cfg = xml.config_mut();
        cfg.expand_empty_elements = true;
        cfg.allow_dangling_amp = true;
        let mut r = Reader {
            xml,
            buf: Vec::new(),
            site: Site::default(),
            lines: 0,
            items: 0,
            at_item: false,
            damage: None,
            done: false,
        };
        // Prolog: the first element must be <rss>, then <channel>.
        for expected in ["rss", "channel"] {
            loop {
                match r.next_ev()? {
                    Ev::Start(t) if t.local == expected => break,
                    Ev::Start(t) => {
                        return Err(WxrError::NotWxr(format!(
                            "found <{}> where <{expected}> was expected (a WXR file is <rss><channel>…)",
                            t.local
                        )));
                    }
                    Ev::Text(_) => {}
                    Ev::End | Ev::Eof => {
                        return Err(WxrError::NotWxr(format!("no <{expected}> element (is this an XML file at all?)")));
                    }
                }
            }
        }
        r.read_channel_until_item()?;
        if let Some(message) = r.damage.take() {
            return Err(WxrError::Xml { line: r.lines + 1, position: r.xml.buffer_position(), message });
        }
        let v = &r.site.wxr_version;
        if v.is_empty() {
            return Err(WxrError::NotWxr(
                "it has no <wp:wxr_version> (a plain RSS feed, or an export cut short before its header?)".into(),
            ));
        }
        let valid = v.split_once('.').is_some_and(|(a, b)| {
            !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        });
        if !valid {
            return Err(WxrError::NotWxr(format!("its <wp:wxr_version> is {v:?}, expected a number like 1.2")));
        }
        Ok(r)
    }

    /// The channel header. Header elements that appear after the first item (rare) are added as
    /// iteration meets them.
    pub fn site(&self) -> &Site {
        &self.site
    }

    fn xml_err(&self, e: impl fmt::Display) -> WxrError {
        WxrError::Xml { line: self.lines + 1, position: self.xml.error_position(), message: e.to_string() }
    }

    fn next_ev(&mut self) -> Result<Ev, WxrError> {
        loop {
            self.buf.clear();
            let (resolved, event) = match self.xml.read_resolved_event_into(&mut self.buf) {
                Ok(x) => x,
                Err(e) => {
                    let msg = e.to_string();
                    return Err(self.xml_err(msg));
                }
            };
            let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count() as u64;
            let ev = match event {
                Event::DocType(_) => return Err(WxrError::Doctype),
                Event::Start(e) => {
                    self.lines += newlines(e.attributes_raw().as_bytes());
                    let ns = classify(&resolved, &e);
                    let local = e.local_name().as_ref().to_string();
                    let (mut domain, mut nicename) = (String::new(), String::new());
                    if ns == Ns::Rss && local == "category" {
                        for a in e.attributes().with_checks(false).flatten() {
                            let val = unescape_lenient(&a.value);
                            match a.key.local_name().as_ref() {
                                "domain" => domain = val,
                                "nicename" => nicename = val,
                                _ => {}
                            }
                        }
                    }
                    Ev::Start(Tag { ns, local, domain, nicename })
                }
                Event::End(_) => Ev::End,
                Event::Text(t) => {
                    let s = t.into_inner();
                    if self.damage.is_none() && s.contains("]]>") {
                        let line = self.lines + 1;
                        self.damage = Some(format!("\"]]>\" outside CDATA near line {line} (nested CDATA?)"));
                    }
                    self.lines += newlines(s.as_bytes());
                    Ev::Text(s.into_owned())
                }
                Event::CData(t) => {
                    let s = t.into_inner();
                    self.lines += newlines(s.as_bytes());
                    Ev::Text(s.into_owned())
                }
                Event::GeneralRef(r) => {
                    let name = r.into_inner();
                    Ev::Text(resolve_ref(&name).map_or_else(|| format!("&{name};"), String::from))
                }
                Event::Comment(t) => {
                    self.lines += newlines(t.into_inner().as_bytes());
                    continue;
                }
                Event::Decl(_) | Event::PI(_) | Event::Empty(_) => continue,
                Event::Eof => Ev::Eof,
            };
            return Ok(ev);
        }
    }

    /// Reads the text of the current element up to its end, joining text, CDATA pieces and
    /// references; text inside nested elements is included, the markup dropped.
    fn read_text(&mut self) -> Result<String, WxrError> {
        let mut out = String::new();
        let mut depth = 0usize;
        loop {
            match self.next_ev()? {
                Ev::Text(t) if out.is_empty() => out = t,
                Ev::Text(t) => out.push_str(&t),
                Ev::Start(_) => depth += 1,
                Ev::End if depth == 0 => return Ok(out),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.xml_err("unexpected end of file inside an element")),
            }
        }
    }

    /// Reads the children of the current element as (tag, text) pairs; nested `*meta` containers
    /// are returned as one pair whose text is empty and whose pairs follow in `meta`.
    fn read_fields(&mut self) -> Result<(Vec<(Tag, String)>, Meta), WxrError> {
        let (mut fields, mut meta) = (Vec::new(), Vec::new());
        loop {
            match self.next_ev()? {
                Ev::Start(t) if t.ns == Ns::Wp && t.local.ends_with("meta") => meta.push(self.read_meta()?),
                Ev::Start(t) => {
                    let text = self.read_text()?;
                    fields.push((t, text));
                }
                Ev::Text(_) => {}
                Ev::End => return Ok((fields, meta)),
                Ev::Eof => return Err(self.xml_err("unexpected end of file inside an element")),
            }
        }
    }

    /// Reads a `wp:postmeta` / `wp:termmeta` / `wp:commentmeta` container.
    fn read_meta(&mut self) -> Result<(String, String), WxrError> {
        let (fields, _) = self.read_fields()?;
        let (mut key, mut value) = (String::new(), String::new());
        for (t, text) in fields {
            match t.local.as_str() {
                "meta_key" => key = text,
                "meta_value" => value = text,
                _ => {}
            }
        }
        Ok((key, value))
    }

    /// Reads channel children until an `<item>` start (sets `at_item`) or the channel's end.
    fn read_channel_until_item(&mut self) -> Result<(), WxrError> {
        loop {
            let t = match self.next_ev()? {
                Ev::Start(t) => t,
                Ev::Text(_) => continue,
                Ev::End | Ev::Eof => {
                    self.done = true;
                    return Ok(());
                }
            };
            match (t.ns, t.local.as_str()) {
                (Ns::Rss, "item") => {
                    self.at_item = true;
                    return Ok(());
                }
                (Ns::Rss, "title") => self.site.title = self.read_text()?,
                (Ns::Rss, "link") => self.site.link = self.read_text()?.trim().to_string(),
                (Ns::Rss, "language") => self.site.language = self.read_text()?.trim().to_string(),
                (Ns::Wp, "wxr_version") => self.site.wxr_version = self.read_text()?.trim().to_string(),
                (Ns::Wp, "base_site_url") => self.site.base_site_url = self.read_text()?.trim().to_string(),
                (Ns::Wp, "base_blog_url") => self.site.base_blog_url = self.read_text()?.trim().to_string(),
                (Ns::Wp, "author") => {
                    let author = self.read_author()?;
                    self.site.authors.push(author);
                }
                (Ns::Wp, kind @ ("category" | "tag" | "term")) => {
                    let kind = kind.to_string();
                    let term = self.read_term(&kind)?;
                    match kind.as_str() {
                        "category" => self.site.categories.push(term),
                        "tag" => self.site.tags.push(term),
                        _ => self.site.terms.push(term),
                    }
                }
                _ => {
                    self.read_text()?;
                }
            }
        }
    }

    fn read_author(&mut self) -> Result<Author, WxrError> {
        let (fields, _) = self.read_fields()?;
        let mut a = Author::default();
        for (t, text) in fields {
            let text = text.trim().to_string();
            match t.local.as_str() {
                "author_id" => a.id = text.parse().ok(),
                "author_login" => a.login = text,
                "author_email" => a.email = text,
                "author_display_name" => a.display_name = text,
                "author_first_name" => a.first_name = text,
                "author_last_name" => a.last_name = text,
                _ => {}
            }
        }
        Ok(a)
    }

    fn read_term(&mut self, kind: &str) -> Result<Term, WxrError> {
        let (fields, meta) = self.read_fields()?;
        let mut term =
            Term { taxonomy: if kind == "tag" { "post_tag" } else { kind }.to_string(), meta, ..Term::default() };
        for (t, text) in fields {
            match t.local.as_str() {
                "term_id" => term.id = text.trim().parse().ok(),
                "term_taxonomy" => term.taxonomy = text.trim().to_string(),
                "category_nicename" | "tag_slug" | "term_slug" => term.raw_slug = text.trim().to_string(),
                "category_parent" | "term_parent" => term.parent_slug = decode_slug(text.trim()),
                "cat_name" | "tag_name" | "term_name" => term.name = text,
                "category_description" | "tag_description" | "term_description" => term.description = text,
                _ => {}
            }
        }
        term.slug = decode_slug(&term.raw_slug);
        Ok(term)
    }

    /// Parses one item whose start tag has just been read. The outer error is fatal; the inner
    /// one is a damaged item.
    fn read_item(&mut self) -> Result<Result<Item, ItemError>, WxrError> {
        self.items += 1;
        self.damage = None;
        let mut item = Item::default();
        let mut raw = RawNumbers::default();
        loop {
            let t = match self.next_ev()? {
                Ev::Start(t) => t,
                Ev::Text(_) => continue,
                Ev::End => break,
                Ev::Eof => return Err(self.xml_err("unexpected end of file inside an <item>")),
            };
            match (t.ns, t.local.as_str()) {
                (Ns::Wp, "postmeta") => {
                    let m = self.read_meta()?;
                    item.postmeta.push(m);
                }
                (Ns::Wp, "comment") => {
                    let c = self.read_comment()?;
                    item.comments.push(c);
                }
                (Ns::Rss, "category") => {
                    let name = self.read_text()?;
                    // As WordPress does: WXR 1.0's duplicates without a nicename are dropped.
                    if t.nicename.trim().is_empty() {
                        continue;
                    }
                    let domain = match t.domain.trim() {
                        "tag" => "post_tag".to_string(),
                        d => d.to_string(),
                    };
                    item.categories.push(ItemTerm { domain, nicename: decode_slug(t.nicename.trim()), name });
                }
                (ns, local) => {
                    let local = local.to_string();
                    let text = self.read_text()?;
                    item_field(&mut item, &mut raw, ns, &local, text);
                }
            }
        }
        let position = self.xml.buffer_position();
        let checked = match self.damage.take() {
            Some(damage) => Err(damage),
            None => raw.apply(&mut item),
        };
        Ok(match checked {
            Ok(()) => Ok(item),
            Err(reason) => Err(ItemError {
                index: self.items,
                post_id: raw.post_id,
                title: item.title,
                position,
                reason,
                fatal: false,
            }),
        })
    }

    fn read_comment(&mut self) -> Result<Comment, WxrError> {
        let (fields, meta) = self.read_fields()?;
        let mut c = Comment { meta, ..Comment::default() };
        for (t, text) in fields {
            let trimmed = || text.trim().to_string();
            match t.local.as_str() {
                "comment_id" => c.id = text.trim().parse().unwrap_or(0),
                "comment_author" => c.author = text,
                "comment_author_email" => c.author_email = trimmed(),
                "comment_author_url" => c.author_url = trimmed(),
                "comment_date" => c.date = trimmed(),
                "comment_date_gmt" => c.date_gmt = trimmed(),
                "comment_content" => c.content = text,
                "comment_approved" => c.approved = trimmed(),
                "comment_type" => c.comment_type = trimmed(),
                "comment_parent" => c.parent = text.trim().parse().unwrap_or(0),
                "comment_user_id" => c.user_id = text.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
        Ok(c)
    }
}

/// Numeric item fields as written, checked once the item is complete.
#[derive(Default)]
struct RawNumbers {
    post_id: Option<String>,
    post_parent: Option<String>,
    menu_order: Option<String>,
}

impl RawNumbers {
    fn apply(&self, item: &mut Item) -> Result<(), String> {
        let num = |name: &str, v: &Option<String>, required: bool| -> Result<i64, String> {
            match v.as_deref().map(str::trim) {
                None | Some("") if required => Err(format!("it has no <wp:{name}>")),
                None | Some("") => Ok(0),
                Some(s) => s.parse().map_err(|_| format!("<wp:{name}> is {s:?}, not a whole number")),
            }
        };
        item.post_id = num("post_id", &self.post_id, true)?;
        item.post_parent = num("post_parent", &self.post_parent, false)?;
        item.menu_order = num("menu_order", &self.menu_order, false)?;
        Ok(())
    }
}

/// Stores one simple item field. The first occurrence of a field wins (as with SimpleXML).
fn item_field(item: &mut Item, raw: &mut RawNumbers, ns: Ns, local: &str, text: String) {
    fn set(slot: &mut String, text: String) {
        if slot.is_empty() {
            *slot = text;
        }
    }
    fn set_num(slot: &mut Option<String>, text: String) {
        slot.get_or_insert(text);
    }
    let trimmed = text.trim().to_string();
    match (ns, local) {
        (Ns::Rss, "title") => set(&mut item.title, text),
        (Ns::Rss, "link") => set(&mut item.link, trimmed),
        (Ns::Rss, "guid") => set(&mut item.guid, trimmed),
        (Ns::Dc, "creator") => set(&mut item.creator, trimmed),
        (Ns::Content, "encoded") => set(&mut item.content, text),
        (Ns::Excerpt, "encoded") => set(&mut item.excerpt, text),
        (Ns::Wp, "post_id") => set_num(&mut raw.post_id, trimmed),
        (Ns::Wp, "post_parent") => set_num(&mut raw.post_parent, trimmed),
        (Ns::Wp, "menu_order") => set_num(&mut raw.menu_order, trimmed),
        (Ns::Wp, "post_date") => set(&mut item.post_date, trimmed),
        (Ns::Wp, "post_date_gmt") => set(&mut item.post_date_gmt, trimmed),
        (Ns::Wp, "post_modified") => set(&mut item.post_modified, trimmed),
        (Ns::Wp, "post_modified_gmt") => set(&mut item.post_modified_gmt, trimmed),
        (Ns::Wp, "post_name") if item.raw_post_name.is_empty() => {
            item.post_name = decode_slug(&trimmed);
            item.raw_post_name = trimmed;
        }
        (Ns::Wp, "status") => set(&mut item.status, trimmed),
        (Ns::Wp, "post_type") => set(&mut item.post_type, trimmed),
        (Ns::Wp, "post_password") => set(&mut item.password, text),
        (Ns::Wp, "is_sticky") => item.is_sticky |= trimmed == "1",
        (Ns::Wp, "attachment_url") => set(&mut item.attachment_url, trimmed),
        (Ns::Wp, "comment_status") => set(&mut item.comment_status, trimmed),
        (Ns::Wp, "ping_status") => set(&mut item.ping_status, trimmed),
        _ => {}
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Item, ItemError>;

    /// Yields the next item, or a damaged item's error. A fatal XML error is yielded once, as an
    /// [`ItemError`] with `fatal` set, and ends the iteration.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let step = if self.at_item { Ok(()) } else { self.read_channel_until_item() };
        let result = step.and_then(|()| {
            if self.done {
                return Ok(None);
            }
            self.at_item = false;
            self.read_item().map(Some)
        });
        match result {
            Ok(r) => r,
            Err(e) => {
                self.done = true;
                Some(Err(ItemError {
                    index: self.items,
                    post_id: None,
                    title: String::new(),
                    position: self.xml.buffer_position(),
                    reason: e.to_string(),
                    fatal: true,
                }))
            }
        }
    }
}

/// Percent-decodes a WordPress slug to Unicode. Escapes that are not valid hex, or that decode to
/// bytes which are not UTF-8, are left as they were.
pub fn decode_slug(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        // Collect a run of %XX escapes.
        let start = i;
        let mut run = Vec::new();
        while i + 3 <= bytes.len()
            && bytes[i] == b'%'
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            run.push(hex_val(bytes[i + 1]) * 16 + hex_val(bytes[i + 2]));
            i += 3;
        }
        if run.is_empty() {
            // Copy one character as is.
            let ch_len = s[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&s[i..i + ch_len]);
            i += ch_len;
            continue;
        }
        let mut pos = start;
        for chunk in run.utf8_chunks() {
            out.push_str(chunk.valid());
            pos += 3 * chunk.valid().len();
            let bad = 3 * chunk.invalid().len();
            out.push_str(&s[pos..pos + bad]);
            pos += bad;
        }
    }
    out
}

fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Parses a PHP-serialized array whose values are integers, such as Polylang's
/// `post_translations` description `a:2:{s:2:"en";i:325;s:2:"fa";i:349;}`. Keys may be strings
/// or integers (returned as strings); values may be integers or numeric strings. Returns `None`
/// for anything else.
pub fn php_unserialize_string_map(s: &str) -> Option<Vec<(String, i64)>> {
    let mut rest = s.trim().strip_prefix("a:")?;
    let (count, after) = rest.split_once(":{")?;
    let count: usize = count.parse().ok()?;
    rest = after;
    let mut out = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let (key, r) = php_scalar(rest)?;
        let (value, r) = php_scalar(r)?;
        out.push((key, value.parse().ok()?));
        rest = r;
    }
    (rest == "}").then_some(out)
}

/// Parses one `s:N:"…";` or `i:N;` value, returning it as a string and the rest of the input.
fn php_scalar(s: &str) -> Option<(String, &str)> {
    if let Some(r) = s.strip_prefix("i:") {
        let (n, rest) = r.split_once(';')?;
        n.parse::<i64>().ok()?;
        return Some((n.to_string(), rest));
    }
    let r = s.strip_prefix("s:")?;
    let (len, r) = r.split_once(":\"")?;
    let len: usize = len.parse().ok()?;
    let value = r.get(..len)?;
    let rest = r.get(len..)?.strip_prefix("\";")?;
    Some((value.to_string(), rest))
}
