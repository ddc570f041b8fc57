//! How an article looks when it is shared or crawled: Open Graph and Twitter card tags, a
//! schema.org `NewsArticle` in JSON-LD, and the share row (plain links, no third-party script).

use serde_json::json;

use crate::clock::Timestamp;
use crate::editions::{Lang, rfc3339};
use crate::web::encode_query;

/// What an article page says about itself to crawlers and link previews.
pub struct RichLinks {
    /// `<meta property=… content=…>` pairs (Open Graph, article:*).
    pub properties: Vec<(&'static str, String)>,
    /// `<meta name=… content=…>` pairs (Twitter card).
    pub names: Vec<(&'static str, String)>,
    /// The JSON-LD object, safe to place inside `<script type="application/ld+json">`.
    pub json_ld: crate::html::SafeHtml,
    pub share: Vec<ShareLink>,
}

/// A link that shares the article on one service.
pub struct ShareLink {
    pub service: &'static str,
    pub href: String,
}

/// A credited desk or reporter.
pub struct Credit {
    pub name: String,
    /// Absolute URL of their page.
    pub url: String,
    pub is_desk: bool,
}

/// An image with absolute URL and size.
pub struct SharedImage {
    pub url: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
}

/// Everything the tags are made from.
pub struct ArticleFacts<'a> {
    pub lang: Lang,
    pub site_name: &'a str,
    /// Absolute canonical URL.
    pub url: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub section: &'a str,
    pub topics: Vec<String>,
    pub credits: Vec<Credit>,
    pub published_at: Timestamp,
    pub updated_at: Timestamp,
    /// The story's image, else the site's share card; `None` leaves the logo.
    pub image: Option<SharedImage>,
    /// Absolute URL of the site logo.
    pub logo_url: &'a str,
    /// Whether the story is also published in the other edition.
    pub translated: bool,
    pub offset_minutes: i32,
}

fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en_US",
        Lang::Bn => "bn_BD",
    }
}

/// Builds the tags, the JSON-LD and the share links of one article.
pub fn rich_links(f: &ArticleFacts<'_>) -> RichLinks {
    let published = rfc3339(f.published_at, f.offset_minutes);
    let modified = rfc3339(f.updated_at.max(f.published_at), f.offset_minutes);
    let mut properties = vec![
        ("og:type", "article".to_owned()),
        ("og:site_name", f.site_name.to_owned()),
        ("og:title", f.title.to_owned()),
        ("og:description", f.description.to_owned()),
        ("og:url", f.url.to_owned()),
        ("og:locale", locale(f.lang).to_owned()),
    ];
    if f.translated {
        properties.push(("og:locale:alternate", locale(f.lang.other()).to_owned()));
    }
    let image_url = f.image.as_ref().map_or(f.logo_url, |i| i.url.as_str()).to_owned();
    properties.push(("og:image", image_url.clone()));
    if let Some(image) = &f.image {
        properties.push(("og:image:width", image.width.to_string()));
        properties.push(("og:image:height", image.height.to_string()));
        if !image.alt.is_empty() {
            properties.push(("og:image:alt", image.alt.clone()));
        }
    }
    properties.push(("article:published_time", published.clone()));
    properties.push(("article:modified_time", modified.clone()));
    properties.push(("article:section", f.section.to_owned()));
    properties.extend(f.topics.iter().map(|t| ("article:tag", t.clone())));
    let card = if f.image.is_some() { "summary_large_image" } else { "summary" };
    let names = vec![
        ("twitter:card", card.to_owned()),
        ("twitter:title", f.title.to_owned()),
        ("twitter:description", f.description.to_owned()),
        ("twitter:image", image_url.clone()),
    ];
    let authors: Vec<_> = f
        .credits
        .iter()
        .map(|c| json!({"@type": if c.is_desk { "Organization" } else { "Person" }, "name": c.name, "url": c.url}))
        .collect();
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": f.url},
        "url": f.url,
        "headline": f.title,
        "description": f.description,
        "image": [image_url],
        "datePublished": published,
        "dateModified": modified,
        "author": authors,
        "publisher": {"@type": "Organization", "name": f.site_name, "logo": {"@type": "ImageObject", "url": f.logo_url}},
        "articleSection": f.section,
        "keywords": f.topics,
        "inLanguage": f.lang.code(),
        "isAccessibleForFree": true,
    });
    RichLinks {
        properties,
        names,
        json_ld: crate::html::script_json(&ld.to_string()),
        share: share_links(f.url, f.title),
    }
}

fn share_links(url: &str, title: &str) -> Vec<ShareLink> {
    let (u, t) = (encode_query(url), encode_query(title));
    vec![
        ShareLink { service: "Facebook", href: format!("https://www.facebook.com/sharer/sharer.php?u={u}") },
        ShareLink { service: "X", href: format!("https://twitter.com/intent/tweet?url={u}&text={t}") },
        ShareLink { service: "WhatsApp", href: format!("https://wa.me/?text={t}%20{u}") },
        ShareLink { service: "LinkedIn", href: format!("https://www.linkedin.com/sharing/share-offsite/?url={u}") },
        ShareLink { service: "Email", href: format!("mailto:?subject={t}&body={u}") },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(title: &str) -> ArticleFacts<'_> {
        ArticleFacts {
            lang: Lang::Bn,
            site_name: "ভিউজ বাংলাদেশ",
            url: "https://news.test/bn/news/2/x",
            title,
            description: "summary",
            section: "আন্তর্জাতিক",
            topics: vec!["তালেবান".into()],
            credits: vec![Credit {
                name: "ভিবি ডেস্ক".into(),
                url: "https://news.test/bn/authors/vb-desk".into(),
                is_desk: true,
            }],
            published_at: 1_751_545_800,
            updated_at: 1_751_545_800,
            image: None,
            logo_url: "https://news.test/logo.png",
            translated: true,
            offset_minutes: 360,
        }
    }

    #[test]
    fn json_ld_cannot_break_out_of_its_script() {
        let links = rich_links(&facts("</script><script>alert(1)</script> & <!--"));
        assert!(!links.json_ld.as_str().contains('<') && !links.json_ld.as_str().contains('>'));
        let parsed: serde_json::Value = serde_json::from_str(links.json_ld.as_str()).unwrap();
        assert_eq!(parsed["headline"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn a_story_without_image_shares_the_logo_as_a_small_card() {
        let links = rich_links(&facts("শিরোনাম"));
        assert!(links.properties.contains(&("og:image", "https://news.test/logo.png".into())));
        assert!(links.names.contains(&("twitter:card", "summary".into())));
        assert!(links.properties.contains(&("og:locale:alternate", "en_US".into())));
    }
}
