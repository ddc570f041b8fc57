//! Tests for the WXR reader, on real WordPress exports (`../shared/wxr/` beside the repository,
//! described in its `SOURCES.md`) and on generated input.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read};

use super::*;

/// The exports, in `shared/wxr` beside the repository (as on the development machines and in CI).
fn dir() -> String {
    let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/wxr/");
    assert!(std::path::Path::new(beside).is_dir(), "the WordPress exports are expected in {beside}");
    beside.to_string()
}

fn open(name: &str) -> Reader<BufReader<File>> {
    let file = File::open(format!("{}{name}", dir())).expect("fixture exists");
    Reader::new(BufReader::new(file)).expect("fixture parses")
}

fn read_all(name: &str) -> (Site, Vec<Item>) {
    let mut reader = open(name);
    let items: Vec<Item> = reader.by_ref().map(|r| r.expect("item parses")).collect();
    (reader.site().clone(), items)
}

fn parse_str(xml: &str) -> Result<Reader<Cursor<Vec<u8>>>, WxrError> {
    Reader::new(Cursor::new(xml.as_bytes().to_vec()))
}

fn error_of(name: &str) -> WxrError {
    let file = File::open(format!("{}{name}", dir())).expect("fixture exists");
    Reader::new(BufReader::new(file)).expect_err("fixture must be rejected")
}

fn count_by<'a>(values: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for v in values {
        *map.entry(v).or_default() += 1;
    }
    map
}

#[test]
fn theme_unit_test_data() {
    let (site, items) = read_all("wordpress-importer__phpunit__data__theme-unit-test-data.xml");
    assert_eq!(site.wxr_version, "1.2");
    assert_eq!(site.language, "en");
    assert_eq!(site.authors.len(), 2);
    assert_eq!(site.categories.len(), 68);
    assert_eq!(site.categories.iter().filter(|c| !c.parent_slug.is_empty()).count(), 10);
    assert_eq!(site.tags.len(), 110);
    assert!(site.tags.iter().all(|t| t.taxonomy == "post_tag"));
    assert_eq!(items.len(), 186);
    let types = count_by(items.iter().map(|i| i.post_type.as_str()));
    assert_eq!((types["post"], types["page"], types["attachment"], types["nav_menu_item"]), (58, 21, 37, 70));
    let statuses = count_by(items.iter().map(|i| i.status.as_str()));
    assert_eq!((statuses["publish"], statuses["inherit"], statuses["future"], statuses["draft"]), (147, 37, 1, 1));
    let comments: Vec<&Comment> = items.iter().flat_map(|i| &i.comments).collect();
    assert_eq!(comments.len(), 33);
    assert_eq!(comments.iter().filter(|c| c.parent != 0).count(), 10);
    assert_eq!(comments.iter().filter(|c| c.approved == "0").count(), 3);
    assert_eq!(comments.iter().filter(|c| c.comment_type == "pingback" || c.comment_type == "trackback").count(), 4);
    assert_eq!(items.iter().filter(|i| i.is_sticky).count(), 1);
    let protected: Vec<&Item> = items.iter().filter(|i| !i.password.is_empty()).collect();
    assert_eq!(protected.len(), 1);
    assert_eq!(protected[0].password, "enter");
    assert_eq!(items.iter().map(|i| i.postmeta.len()).sum::<usize>(), 737);
    let greek =
        items.iter().find(|i| i.raw_post_name == "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2").expect("greek");
    assert_eq!(greek.post_name, "επίπεδο-2");
}

#[test]
fn polylang_bilingual_export() {
    let (site, items) = read_all("parchlinux.com__wordpress-export.xml");
    assert_eq!(site.base_site_url, "https://blog.parchlinux.com");
    assert_eq!(items.len(), 146);
    let posts: Vec<&Item> = items.iter().filter(|i| i.post_type == "post").collect();
    assert_eq!(posts.len(), 26);
    let lang = |i: &Item| i.categories.iter().find(|c| c.domain == "language").map(|c| c.nicename.clone());
    let post_langs: Vec<String> = posts.iter().filter_map(|p| lang(p)).collect();
    let langs = count_by(post_langs.iter().map(String::as_str));
    assert_eq!((langs["fa"], langs["en"]), (19, 7));
    // Translation groups: the term's description maps languages to old post ids.
    let group = site.terms.iter().find(|t| t.slug == "pll_68f7a70a13708").expect("translation group");
    assert_eq!(group.taxonomy, "post_translations");
    let map = php_unserialize_string_map(&group.description).expect("serialized map");
    assert_eq!(map, vec![("en".to_string(), 325), ("fa".to_string(), 349)]);
    let fa = items.iter().find(|i| i.post_id == 349).expect("post 349");
    assert!(fa.categories.iter().any(|c| c.domain == "post_translations" && c.nicename == "pll_68f7a70a13708"));
    // Arabic-script slugs are decoded, RTL text intact.
    let decoded: Vec<&Item> =
        items.iter().filter(|i| i.raw_post_name.starts_with("%d8%a2%d9%85%d9%88%d8%b2%d8%b4")).collect();
    assert!(!decoded.is_empty());
    assert!(decoded.iter().all(|i| i.post_name.starts_with("آموزش")));
    assert_eq!(items.iter().filter(|i| i.raw_post_name.contains('%')).count(), 10);
    let arabic = |s: &str| s.chars().any(|ch| ('\u{600}'..='\u{6ff}').contains(&ch));
    let item_terms: Vec<&ItemTerm> = items.iter().flat_map(|i| &i.categories).collect();
    assert_eq!(item_terms.iter().filter(|c| arabic(&c.nicename)).count(), 58);
    assert!(item_terms.iter().all(|c| !c.nicename.contains("%d")));
    assert!(site.categories.iter().chain(&site.tags).all(|t| !t.slug.contains("%d")));
    let comments: Vec<&Comment> = items.iter().flat_map(|i| &i.comments).collect();
    assert_eq!(comments.len(), 13);
    assert_eq!(comments.iter().filter(|c| c.parent != 0).count(), 1);
    assert_eq!(comments.iter().filter(|c| c.approved == "0").count(), 2);
    let zero_gmt: Vec<&Item> =
        items.iter().filter(|i| i.post_type == "post" && i.post_date_gmt == "0000-00-00 00:00:00").collect();
    assert_eq!(zero_gmt.len(), 4);
    assert!(zero_gmt.iter().all(|i| i.post_name.is_empty() && i.status == "draft"));
}

#[test]
fn co_authors_plus_terms() {
    let (site, items) = read_all("TryGhost-migrate__mg-wp-xml__test__fixtures__co-authors-plus.xml");
    assert_eq!(site.authors.len(), 3);
    assert_eq!(items.len(), 4);
    let authors: Vec<&ItemTerm> = items.iter().flat_map(|i| &i.categories).filter(|c| c.domain == "author").collect();
    assert_eq!(authors.len(), 10);
    assert_eq!((authors[0].nicename.as_str(), authors[0].name.as_str()), ("alice-smith", "Alice Smith"));
}

#[test]
fn wxr_1_0_with_undeclared_excerpt_prefix() {
    let (site, items) = read_all("wp2ghost__test__wordpress-export.xml");
    assert_eq!(site.wxr_version, "1.0");
    assert_eq!((site.categories.len(), site.tags.len()), (9, 7));
    assert_eq!(site.categories.iter().filter(|c| !c.parent_slug.is_empty()).count(), 4);
    assert_eq!(items.len(), 3);
    assert_eq!(items.iter().map(|i| i.comments.len()).sum::<usize>(), 1);
    let (site, items) = read_all("wordpress-importer__phpunit__data__valid-wxr-1.0.xml");
    assert_eq!(site.wxr_version, "1.0");
    assert!(site.authors.is_empty());
    assert_eq!((site.categories.len(), site.tags.len(), items.len()), (5, 4, 6));
    assert!(site.categories.iter().all(|c| c.id.is_none()));
    assert!(items.iter().all(|i| !i.creator.is_empty()));
    let terms: Vec<&ItemTerm> = items.iter().flat_map(|i| &i.categories).collect();
    assert!(terms.iter().all(|t| t.domain == "category" || t.domain == "post_tag"), "{terms:?}");
    assert!(terms.iter().any(|t| t.domain == "post_tag" && t.nicename == "news"));
}

#[test]
fn cdata_pieces_are_joined() {
    let (_, items) = read_all("wordpress-importer__phpunit__data__crazy-cdata-escaped.xml");
    let item = &items[0];
    assert_eq!(item.content, "Content with nested <![CDATA[ tags ]]> :)");
    assert_eq!(item.postmeta[1], ("Closing CDATA".to_string(), "]]>".to_string()));
    assert_eq!(item.postmeta[2].1, "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>");
    let (_, items) = read_all("wordpress-importer__phpunit__data__multiple-cdata.xml");
    assert_eq!(items[0].content, "\nline oneline twoline three\n");
    let (_, items) = read_all("wordpress-importer__phpunit__data__cdata-edge.xml");
    assert_eq!(items[0].content, "ends with sequence ]] >");
}

#[test]
fn namespace_edge_cases() {
    let (site, items) = read_all("wordpress-importer__phpunit__data__namespace-edge-cases.xml");
    let logins: Vec<&str> = site.authors.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(logins, ["fake_ns_user", "real_user", "version_conflict"]);
    let ids: Vec<i64> = items.iter().map(|i| i.post_id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    assert_eq!(items[5].content, "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;");
    // Terms after the items are still collected into the header.
    assert_eq!(site.terms.len() + site.categories.len(), 3);
}

#[test]
fn bare_ampersands_are_kept_as_text() {
    let (_, items) = read_all("TryGhost-migrate__mg-wp-xml__test__fixtures__sample.xml");
    assert_eq!(items.len(), 6);
    let attachment = items.iter().find(|i| i.post_type == "attachment").expect("attachment");
    assert!(
        attachment
            .attachment_url
            .ends_with("?ixlib=rb-1.2.1&ixid=eyJhcHBfaWQiOjEyMDd9&auto=format&fit=crop&w=1268&q=80")
    );
    assert_eq!(read_all("TryGhost-migrate__mg-wp-xml__test__fixtures__multiple__attachments-only.xml").1.len(), 1);
}

#[test]
fn newline_before_xml_declaration_is_accepted() {
    let (site, items) = read_all("remark42__wordpress_test.go__xmlTestWP.xml");
    assert!(!site.wxr_version.is_empty());
    assert!(!items.is_empty());
}

#[test]
fn every_wellformed_fixture_parses() {
    let bad = ["crazy-cdata.xml", "malformed", "invalid-version", "missing-version"];
    let mut parsed = 0;
    for entry in std::fs::read_dir(dir()).expect("fixture dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if !name.ends_with(".xml") || bad.iter().any(|b| name.contains(b)) {
            continue;
        }
        let mut reader = open(&name);
        for item in reader.by_ref() {
            if let Err(e) = item {
                panic!("{name}: {e}");
            }
        }
        parsed += 1;
    }
    assert!(parsed >= 51, "{parsed}");
}

#[test]
fn other_fixture_details() {
    let (site, _) = read_all("wordpress-importer__phpunit__data__large-authors.xml");
    assert_eq!(site.authors.len(), 300);
    let (site, _) = read_all("wordpress-importer__phpunit__data__authors-multiline.xml");
    assert_eq!(site.authors[1].login, "bob");
    assert_eq!(site.authors[1].id, Some(2));
    let (_, items) = read_all("pelican__tests__content__wordpressexport.xml");
    let comments: Vec<&Comment> = items.iter().flat_map(|i| &i.comments).collect();
    assert!(comments.iter().any(|c| c.approved == "trash"));
    let (_, items) = read_all("wordpress-importer__phpunit__data__wxr-utf-8-challenges.xml");
    assert!(!items[0].post_name.is_ascii());
}

#[test]
fn doctype_is_refused() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&lol2;</title></item></channel></rss>"#;
    assert!(matches!(parse_str(bomb), Err(WxrError::Doctype)));
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>"#;
    assert!(matches!(parse_str(xxe), Err(WxrError::Doctype)));
}

#[test]
fn custom_entities_are_never_expanded() {
    let xml = r#"<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&lol; &amp; &#x263A; &#2479;</title><wp:post_id>7</wp:post_id>
<category domain="category" nicename="a&amp;b&x;">C</category></item></channel></rss>"#;
    let item = parse_str(xml).expect("parses").next().expect("item").expect("ok");
    assert_eq!(item.title, "&lol; & ☺ য");
    assert_eq!(item.categories[0].nicename, "a&b&x;");
}

#[test]
fn not_wxr_is_rejected_with_a_message() {
    for (name, needle) in [
        ("wordpress-importer__phpunit__data__invalid-version-tag.xml", "\"abc\""),
        ("wordpress-importer__phpunit__data__missing-version-tag.xml", "no <wp:wxr_version>"),
        ("wordpress-importer__phpunit__data__malformed.xml", "<notachanneltag>"),
    ] {
        let msg = error_of(name).to_string();
        assert!(msg.starts_with("the file is not a WordPress export: ") && msg.contains(needle), "{name}: {msg}");
    }
    for doc in ["", "just text", "{\"json\": true}", "<html><body/></html>", "<rss><channel><item/></channel></rss>"] {
        assert!(matches!(parse_str(doc), Err(WxrError::NotWxr(_))), "{doc:?}");
    }
    let bad_version = r#"<rss><channel><wp:wxr_version>1.2.3</wp:wxr_version></channel></rss>"#;
    assert!(matches!(parse_str(bad_version), Err(WxrError::NotWxr(_))));
}

#[test]
fn malformed_xml_is_an_error_with_position() {
    // Cut off inside an item: the header parses, the item is a final fatal error.
    let mut reader = open("wordpress-importer__phpunit__data__malformed-simple.xml");
    let errors: Vec<ItemError> = reader.by_ref().filter_map(Result::err).collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].fatal);
    assert!(reader.next().is_none());
    // Nested CDATA: quick-xml reads on past the early `]]>`; the item is reported as damaged.
    let results: Vec<_> = open("wordpress-importer__phpunit__data__crazy-cdata.xml").collect();
    assert_eq!(results.len(), 1);
    assert!(results[0].as_ref().is_err_and(|e| !e.fatal && e.reason.contains("nested CDATA")), "{results:?}");
    // Mismatched tags in the header.
    let err = parse_str("<rss>\n<channel>\n<title>x</titel>\n</channel></rss>").expect_err("malformed");
    match err {
        WxrError::Xml { line, position, .. } => assert!(line == 3 && position > 10, "{line} {position}"),
        other => panic!("{other}"),
    }
}

#[test]
fn damaged_item_is_skipped_and_iteration_continues() {
    let xml = r#"<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>one</title><wp:post_id>1</wp:post_id></item>
<item><title>two</title><wp:post_id>x2</wp:post_id></item>
<item><title>three</title></item>
<item><title>four</title><wp:post_id>4</wp:post_id><wp:post_parent>1</wp:post_parent></item>
</channel></rss>"#;
    let results: Vec<Result<Item, ItemError>> = parse_str(xml).expect("parses").collect();
    assert_eq!(results.len(), 4);
    let err = results[1].as_ref().expect_err("bad id");
    assert_eq!((err.index, err.post_id.as_deref(), err.title.as_str(), err.fatal), (2, Some("x2"), "two", false));
    assert!(results[2].as_ref().is_err_and(|e| e.reason.contains("no <wp:post_id>")));
    assert_eq!(results[3].as_ref().map(|i| i.post_parent).ok(), Some(1));
}

#[test]
fn crlf_is_kept_in_serialized_meta() {
    let xml = "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><wp:wxr_version>1.2</wp:wxr_version>\
<item><wp:post_id>1</wp:post_id><wp:postmeta><wp:meta_key>k</wp:meta_key>\
<wp:meta_value><![CDATA[s:3:\"a\r\n\";]]></wp:meta_value></wp:postmeta></item></channel></rss>";
    let item = parse_str(xml).expect("parses").next().expect("item").expect("ok");
    assert_eq!(item.postmeta, vec![("k".to_string(), "s:3:\"a\r\n\";".to_string())]);
}

#[test]
fn byte_order_mark_and_non_utf8() {
    let xml = "\u{feff}<?xml version=\"1.0\"?><rss><channel><wp:wxr_version>1.1</wp:wxr_version></channel></rss>";
    assert_eq!(parse_str(xml).expect("BOM accepted").site().wxr_version, "1.1");
    let latin1 = b"<rss><channel><title>Caf\xe9</title><wp:wxr_version>1.0</wp:wxr_version></channel></rss>".to_vec();
    assert!(matches!(Reader::new(Cursor::new(latin1)), Err(WxrError::Xml { .. })));
}

#[test]
fn slug_decoding() {
    assert_eq!(decode_slug("%e0%a6%ac%e0%a6%be%e0%a6%82%e0%a6%b2%e0%a6%be-news"), "বাংলা-news");
    assert_eq!(decode_slug("100%-sure%2"), "100%-sure%2");
    assert_eq!(decode_slug("bad-%ff%FE-x%41"), "bad-%ff%FE-xA");
    assert_eq!(decode_slug("half-%e0%a6"), "half-%e0%a6");
    assert_eq!(decode_slug("already-বাংলা"), "already-বাংলা");
    assert_eq!(decode_slug("%zz%"), "%zz%");
}

#[test]
fn php_unserialize() {
    let map = php_unserialize_string_map(r#"a:2:{s:2:"en";i:325;s:2:"fa";i:349;}"#);
    assert_eq!(map, Some(vec![("en".into(), 325), ("fa".into(), 349)]));
    assert_eq!(php_unserialize_string_map(r#"a:1:{s:2:"bn";s:2:"12";}"#), Some(vec![("bn".into(), 12)]));
    assert_eq!(php_unserialize_string_map("a:0:{}"), Some(vec![]));
    assert_eq!(php_unserialize_string_map(r#"a:2:{s:2:"en";i:325;}"#), None);
    assert_eq!(php_unserialize_string_map(r#"a:1:{s:3:"en";i:325;}"#), None);
    assert_eq!(php_unserialize_string_map(r#"a:1:{s:2:"en";a:0:{}}"#), None);
    assert_eq!(php_unserialize_string_map("not serialized"), None);
}

/// Generates a WXR export of `total` items on the fly, never holding it in memory.
struct Generated {
    total: usize,
    next: usize,
    chunk: Vec<u8>,
    pos: usize,
    finished: bool,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.chunk.len() {
            self.pos = 0;
            self.chunk = if self.next == 0 && !self.finished {
                self.next = 1;
                b"<?xml version=\"1.0\"?><rss xmlns:wp=\"http://wordpress.org/export/1.2/\" \
xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Gen</title>\
<wp:wxr_version>1.2</wp:wxr_version>"
                    .to_vec()
            } else if self.next <= self.total {
                let n = self.next;
                self.next += 1;
                format!(
                    "<item><title>খবর {n}</title><wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type>\
<content:encoded><![CDATA[<p>{}</p>]]></content:encoded><category domain=\"language\" nicename=\"bn\">বাংলা</category>\
<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>{n}</wp:meta_value></wp:postmeta></item>\n",
                    "লেখা ".repeat(20)
                )
                .into_bytes()
            } else if !self.finished {
                self.finished = true;
                b"</channel></rss>".to_vec()
            } else {
                return Ok(0);
            };
        }
        let n = out.len().min(self.chunk.len() - self.pos);
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn streams_a_large_generated_export() {
    let total = 50_000;
    let source = Generated { total, next: 0, chunk: Vec::new(), pos: 0, finished: false };
    let reader = Reader::new(BufReader::new(source)).expect("header");
    assert_eq!(reader.site().title, "Gen");
    let (mut count, mut id_sum) = (0usize, 0i64);
    for item in reader {
        let item = item.expect("item");
        assert_eq!(item.categories[0].nicename, "bn");
        count += 1;
        id_sum += item.post_id;
    }
    assert_eq!(count, total);
    assert_eq!(id_sum, (total as i64) * (total as i64 + 1) / 2);
}
