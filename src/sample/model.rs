//! The format of the bundled sample content, parsed without IO.
//!
//! `sample/catalog.txt` holds `|`-separated lines: `section|lang|slug|name`,
//! `topic|lang|slug|name`, `desk|slug|English name|Bangla name`, `reporter|…` likewise.
//! Each `sample/articles/*.md` is `key: value` header lines, a `---` line, then Markdown; a
//! `photo:` line names its featured photo in `sample/photos/` (with `photo_alt:`, which is
//! required, `photo_caption:` and `photo_credit:`).

use anyhow::{Context, anyhow, bail};

use crate::articles::model::BylineKind;
use crate::editions::Lang;

/// A section, topic, desk or reporter from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogEntry {
    Section { lang: Lang, slug: String, name: String },
    Topic { lang: Lang, slug: String, name: String },
    Byline { kind: BylineKind, slug: String, name: String, name_bn: String },
}

/// Parses `catalog.txt`.
pub fn parse_catalog(text: &str) -> anyhow::Result<Vec<CatalogEntry>> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let lang =
            |code: &str| Lang::parse(code).ok_or_else(|| anyhow!("catalog line {}: unknown edition {code:?}", n + 1));
        let entry = match fields.as_slice() {
            ["section", l, slug, name] => {
                CatalogEntry::Section { lang: lang(l)?, slug: (*slug).into(), name: (*name).into() }
            }
            ["topic", l, slug, name] => {
                CatalogEntry::Topic { lang: lang(l)?, slug: (*slug).into(), name: (*name).into() }
            }
            ["desk", slug, name, name_bn] => CatalogEntry::Byline {
                kind: BylineKind::Desk,
                slug: (*slug).into(),
                name: (*name).into(),
                name_bn: (*name_bn).into(),
            },
            ["reporter", slug, name, name_bn] => CatalogEntry::Byline {
                kind: BylineKind::Person,
                slug: (*slug).into(),
                name: (*name).into(),
                name_bn: (*name_bn).into(),
            },
            _ => bail!("catalog line {} is not section|…, topic|…, desk|… or reporter|…: {line:?}", n + 1),
        };
        entries.push(entry);
    }
    Ok(entries)
}

/// One sample article.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleArticle {
    pub key: String,
    pub lang: Lang,
    pub section: String,
    pub bylines: Vec<String>,
    pub topics: Vec<String>,
    pub hours_ago: i64,
    pub updated_hours_ago: Option<i64>,
    pub views: i64,
    pub translation_of: Option<String>,
    pub title: String,
    pub standfirst: String,
    pub body: String,
    /// The featured photo, a file of `sample/photos/`, with what an uploader would say of it.
    pub photo: Option<SamplePhoto>,
}

/// A sample article's featured photo.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplePhoto {
    pub file: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

fn list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// Parses one article file.
pub fn parse_article(name: &str, text: &str) -> anyhow::Result<SampleArticle> {
    let (header, body) =
        text.split_once("\n---\n").with_context(|| format!("{name}: no `---` line after the header"))?;
    let mut get = std::collections::HashMap::new();
    for line in header.lines().filter(|l| !l.trim().is_empty()) {
        let (k, v) = line.split_once(':').with_context(|| format!("{name}: header line {line:?} has no `:`"))?;
        get.insert(k.trim(), v.trim());
    }
    let field = |k: &str| get.get(k).copied().with_context(|| format!("{name}: missing `{k}:`"));
    let number = |k: &str| -> anyhow::Result<i64> {
        field(k)?.parse().with_context(|| format!("{name}: `{k}` is not a number"))
    };
    Ok(SampleArticle {
        key: field("key")?.into(),
        lang: Lang::parse(field("lang")?).with_context(|| format!("{name}: unknown lang"))?,
        section: field("section")?.into(),
        bylines: list(field("byline")?),
        topics: list(get.get("topics").copied().unwrap_or("")),
        hours_ago: number("hours_ago")?,
        updated_hours_ago: get.get("updated_hours_ago").map(|v| v.parse()).transpose().context("updated_hours_ago")?,
        views: get.get("views").map(|v| v.parse()).transpose().context("views")?.unwrap_or(0),
        translation_of: get.get("translation_of").map(|v| v.to_string()),
        title: field("title")?.into(),
        standfirst: get.get("standfirst").copied().unwrap_or("").into(),
        body: body.trim().to_owned(),
        photo: match get.get("photo") {
            None => None,
            Some(file) => Some(SamplePhoto {
                file: (*file).into(),
                alt: field("photo_alt")?.into(),
                caption: get.get("photo_caption").copied().unwrap_or("").into(),
                credit: get.get("photo_credit").copied().unwrap_or("").into(),
            }),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_file_parses() {
        let a = parse_article(
            "x.md",
            "key: k\nlang: bn\nsection: sports\nbyline: a, b\ntopics: ক্রিকেট\nhours_ago: 5\ntitle: শিরোনাম: এক\n---\n\nপ্রথম অনুচ্ছেদ\n",
        )
        .unwrap();
        assert_eq!(a.lang, Lang::Bn);
        assert_eq!(a.bylines, ["a", "b"]);
        assert_eq!(a.title, "শিরোনাম: এক");
        assert_eq!(a.body, "প্রথম অনুচ্ছেদ");
        assert_eq!(a.views, 0);
    }

    #[test]
    fn a_file_without_header_end_is_refused() {
        assert!(parse_article("x.md", "key: k\n").is_err());
    }

    #[test]
    fn catalog_lines_parse() {
        let c = parse_catalog("# c\nsection|en|sports|Sports\ndesk|vb-desk|VB Desk|ভিবি ডেস্ক\n").unwrap();
        assert_eq!(c.len(), 2);
        assert!(parse_catalog("section|xx|a|b").is_err());
    }
}
