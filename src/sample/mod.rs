//! The bundled sample content: the seed article and stories in both editions, loaded into an
//! empty database on first start (unless switched off) so that every page has something to
//! show. Loading is idempotent: sample rows carry a key and are never inserted twice.

pub mod model;

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use sqlx::{AnyConnection, Row};

use crate::articles::model::{BylineKind, Slug};
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;
use crate::editions::db::{set_setting_if_missing, setting};
use crate::sitepages::db::{Content, SamplePage};
use crate::sitepages::model::PageSlug;
use crate::trending::model::trend_key;
use model::{CatalogEntry, SampleArticle};

const CATALOG: &str = include_str!("../../sample/catalog.txt");
const ARTICLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/sample_articles.rs"));

/// The sample's photos, drawn for it (their SVG sources are beside them in `sample/photos/`).
const PHOTOS: &[(&str, &[u8])] = &[
    ("metro.jpg", include_bytes!("../../sample/photos/metro.jpg")),
    ("floods.jpg", include_bytes!("../../sample/photos/floods.jpg")),
    ("cricket.jpg", include_bytes!("../../sample/photos/cricket.jpg")),
    ("economy.jpg", include_bytes!("../../sample/photos/economy.jpg")),
];

/// The site's own pages of the sample: (key, edition, slug, the translation's key, Markdown
/// whose first line is `# Title`).
const PAGES: [(&str, Lang, &str, &str, &str); 4] = [
    (
        "page-en-editor-note",
        Lang::En,
        "editor-note",
        "page-bn-editor-note",
        include_str!("../../sample/pages/en-editor-note.md"),
    ),
    (
        "page-bn-editor-note",
        Lang::Bn,
        "সম্পাদকের-কথা",
        "page-en-editor-note",
        include_str!("../../sample/pages/bn-editor-note.md"),
    ),
    (
        "page-en-editorial-policy",
        Lang::En,
        "editorial-policy",
        "page-bn-editorial-policy",
        include_str!("../../sample/pages/en-editorial-policy.md"),
    ),
    (
        "page-bn-editorial-policy",
        Lang::Bn,
        "সম্পাদকীয়-নীতি",
        "page-en-editorial-policy",
        include_str!("../../sample/pages/bn-editorial-policy.md"),
    ),
];

/// The sample's pages, published and linked to their translations.
pub fn pages() -> anyhow::Result<Vec<SamplePage<'static>>> {
    PAGES
        .iter()
        .map(|&(key, lang, slug, translation, text)| {
            let (first, body) = text.split_once('\n').with_context(|| format!("{key}: no title line"))?;
            let title = first.strip_prefix("# ").with_context(|| format!("{key}: the first line is not `# Title`"))?;
            let slug = PageSlug::parse(slug).map_err(|e| anyhow::anyhow!("{key}: {e}"))?;
            let body = body.trim().to_owned();
            Ok(SamplePage {
                key,
                lang,
                content: Content {
                    slug: slug.as_str().to_owned(),
                    title: title.trim().to_owned(),
                    body_html: crate::html::markdown(&body),
                    body_md: body,
                },
                translation_of: Some(translation),
            })
        })
        .collect()
}

/// Setting written once the sample has been loaded, so that later starts leave the newsroom's
/// deletions alone.
const LOADED_KEY: &str = "sample_content_loaded_at";

/// Parses every bundled file.
pub fn articles() -> anyhow::Result<Vec<SampleArticle>> {
    ARTICLES.iter().map(|(name, text)| model::parse_article(name, text)).collect()
}

/// Loads the sample unless it was loaded before; returns how many articles were inserted.
pub async fn load_once(db: &Db, media_dir: &Path, now: Timestamp) -> anyhow::Result<usize> {
    if setting(db, LOADED_KEY).await?.is_some() {
        return Ok(0);
    }
    let inserted = load(db, media_dir, now).await?;
    set_setting_if_missing(db, LOADED_KEY, &now.to_string()).await?;
    Ok(inserted)
}

/// Inserts whatever part of the sample is missing; returns how many articles were inserted.
/// Photos are stored under `media_dir` as uploads are.
pub async fn load(db: &Db, media_dir: &Path, now: Timestamp) -> anyhow::Result<usize> {
    let catalog = model::parse_catalog(CATALOG)?;
    let mut articles = articles()?;
    // The seed article goes in first, so that it keeps the first id on every install.
    articles.sort_by_key(|a| a.key != "seed");
    let mut tx = db.begin().await?;
    for (key, value) in [("site_name", "Views Bangladesh"), ("site_name_bn", "ভিউজ বাংলাদেশ")] {
        sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    let ids = insert_catalog(&mut tx, &catalog, now).await?;
    let mut inserted = 0;
    for a in &articles {
        if let Some(id) = insert_article(&mut tx, a, &ids, now).await? {
            inserted += 1;
            if let Some(photo) = &a.photo {
                add_photo(&mut tx, media_dir, id, photo, now).await.with_context(|| format!("{}: photo", a.key))?;
            }
        }
    }
    link_translations(&mut tx, &articles).await?;
    // One open poll on each edition's home page.
    crate::polls::db::insert_sample(&mut tx, now).await?;
    crate::sitepages::db::insert_sample(&mut tx, &pages()?, now).await?;
    tx.commit().await?;
    Ok(inserted)
}

/// Stores a sample photo as an upload is stored (re-encoded, with its renditions) and makes it
/// the article's featured image.
async fn add_photo(
    tx: &mut AnyConnection,
    media_dir: &Path,
    article_id: i64,
    photo: &model::SamplePhoto,
    now: Timestamp,
) -> anyhow::Result<()> {
    let bytes =
        PHOTOS.iter().find(|(name, _)| *name == photo.file).with_context(|| format!("no photo {}", photo.file))?.1;
    let processed = crate::media::model::process(bytes)?;
    let files = crate::media::write_files(media_dir, &processed, now).await?;
    let widths: Vec<String> = processed.renditions.iter().map(|(w, _)| w.to_string()).collect();
    let row = sqlx::query(
        "INSERT INTO media (path, mime, width, height, renditions, alt, caption, credit, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&files.path)
    .bind(processed.mime)
    .bind(i64::from(processed.width))
    .bind(i64::from(processed.height))
    .bind(widths.join(","))
    .bind(&photo.alt)
    .bind(&photo.caption)
    .bind(&photo.credit)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let media_id: i64 = row.try_get("id")?;
    sqlx::query("UPDATE articles SET image_id = $1 WHERE id = $2")
        .bind(media_id)
        .bind(article_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The ids of the catalog's sections and topics (by edition and slug) and bylines (by slug).
#[derive(Default)]
struct CatalogIds<'a> {
    sections: HashMap<(Lang, &'a str), i64>,
    topics: HashMap<(Lang, &'a str), i64>,
    bylines: HashMap<&'a str, i64>,
}

/// Inserts the sections, topics and bylines that are missing; returns the ids of all of them.
async fn insert_catalog<'a>(
    tx: &mut AnyConnection,
    catalog: &'a [CatalogEntry],
    now: Timestamp,
) -> anyhow::Result<CatalogIds<'a>> {
    let mut ids = CatalogIds::default();
    for (position, entry) in catalog.iter().enumerate() {
        match entry {
            CatalogEntry::Section { lang, slug, name } => {
                sqlx::query("INSERT INTO sections (lang, slug, name, position) VALUES ($1, $2, $3, $4) ON CONFLICT (lang, slug) DO NOTHING")
                    .bind(lang).bind(slug).bind(name).bind(position as i64)
                    .execute(&mut *tx).await?;
                let id: i64 = sqlx::query("SELECT id FROM sections WHERE lang = $1 AND slug = $2")
                    .bind(lang)
                    .bind(slug)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?;
                ids.sections.insert((*lang, slug.as_str()), id);
            }
            CatalogEntry::Topic { lang, slug, name } => {
                sqlx::query(
                    "INSERT INTO topics (lang, slug, name) VALUES ($1, $2, $3) ON CONFLICT (lang, slug) DO NOTHING",
                )
                .bind(lang)
                .bind(slug)
                .bind(name)
                .execute(&mut *tx)
                .await?;
                let id: i64 = sqlx::query("SELECT id FROM topics WHERE lang = $1 AND slug = $2")
                    .bind(lang)
                    .bind(slug)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?;
                ids.topics.insert((*lang, slug.as_str()), id);
            }
            CatalogEntry::Byline { kind, slug, name, name_bn } => {
                // The sample's reporters are contributors without accounts, titled as such.
                let (title, title_bn) = match kind {
                    BylineKind::Person => ("Contributor", "প্রদায়ক"),
                    BylineKind::Desk => ("", ""),
                };
                sqlx::query(
                    "INSERT INTO bylines (slug, kind, name, name_bn, title, title_bn, joined_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (slug) DO NOTHING",
                )
                .bind(slug)
                .bind(*kind)
                .bind(name)
                .bind(name_bn)
                .bind(title)
                .bind(title_bn)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let id: i64 = sqlx::query("SELECT id FROM bylines WHERE slug = $1")
                    .bind(slug)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?;
                ids.bylines.insert(slug.as_str(), id);
            }
        }
    }
    Ok(ids)
}

/// Inserts one sample story with its bylines and topics, unless it is there already; returns
/// its id when it was inserted.
async fn insert_article(
    tx: &mut AnyConnection,
    a: &SampleArticle,
    ids: &CatalogIds<'_>,
    now: Timestamp,
) -> anyhow::Result<Option<i64>> {
    let section_id = *ids
        .sections
        .get(&(a.lang, a.section.as_str()))
        .with_context(|| format!("{}: unknown section {}", a.key, a.section))?;
    let published_at = now - a.hours_ago * 3600;
    let updated_at = a.updated_hours_ago.map_or(published_at, |h| now - h * 3600);
    let views = a.views as f64;
    // Exactly as the bundled Markdown always rendered (the sample places no library photo).
    let body = crate::body::Body::from_legacy_markdown(&a.body);
    let row = sqlx::query(
        "INSERT INTO articles (lang, section_id, slug, title, standfirst, body, body_md, body_html, status, \
         published_at, updated_at, created_at, view_count, trend_score, trend_at, trend_key, sample_key) \
         VALUES ($1, $2, $3, $4, $5, $6, '', $7, 'published', $8, $9, $8, $10, $11, $8, $12, $13) \
         ON CONFLICT (sample_key) DO NOTHING RETURNING id",
    )
    .bind(a.lang)
    .bind(section_id)
    .bind(Slug::from_title(&a.title).as_str())
    .bind(&a.title)
    .bind(&a.standfirst)
    .bind(&body)
    .bind(crate::body::render::render(&body, a.lang, &|_| None).html)
    .bind(published_at)
    .bind(updated_at)
    .bind(a.views)
    .bind(views)
    .bind(trend_key(views, published_at))
    .bind(&a.key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    for (position, slug) in a.bylines.iter().enumerate() {
        let byline_id = *ids.bylines.get(slug.as_str()).with_context(|| format!("{}: unknown byline {slug}", a.key))?;
        sqlx::query(
            "INSERT INTO article_bylines (article_id, byline_id, position, published_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(byline_id)
        .bind(position as i64)
        .bind(published_at)
        .execute(&mut *tx)
        .await?;
    }
    for (position, slug) in a.topics.iter().enumerate() {
        let topic_id =
            *ids.topics.get(&(a.lang, slug.as_str())).with_context(|| format!("{}: unknown topic {slug}", a.key))?;
        sqlx::query(
            "INSERT INTO article_topics (article_id, topic_id, position, published_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(topic_id)
        .bind(position as i64)
        .bind(published_at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(Some(id))
}

/// Translations point both ways once both sides exist.
async fn link_translations(tx: &mut AnyConnection, articles: &[SampleArticle]) -> anyhow::Result<()> {
    for a in articles.iter().filter(|a| a.translation_of.is_some()) {
        let other = a.translation_of.as_deref().unwrap_or_default();
        for (from, to) in [(a.key.as_str(), other), (other, a.key.as_str())] {
            sqlx::query(
                "UPDATE articles SET translation_id = (SELECT id FROM articles WHERE sample_key = $2) \
                 WHERE sample_key = $1 AND translation_id IS NULL",
            )
            .bind(from)
            .bind(to)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_file_parses_and_names_known_slugs() {
        let catalog = model::parse_catalog(CATALOG).unwrap();
        let articles = articles().unwrap();
        let known = |wanted: &dyn Fn(&CatalogEntry) -> bool| catalog.iter().any(wanted);
        for a in &articles {
            assert!(
                known(
                    &|e| matches!(e, CatalogEntry::Section { lang, slug, .. } if *lang == a.lang && *slug == a.section)
                ),
                "{}",
                a.key
            );
            for t in &a.topics {
                assert!(
                    known(&|e| matches!(e, CatalogEntry::Topic { lang, slug, .. } if *lang == a.lang && slug == t)),
                    "{}: {t}",
                    a.key
                );
            }
            for b in &a.bylines {
                assert!(known(&|e| matches!(e, CatalogEntry::Byline { slug, .. } if slug == b)), "{}: {b}", a.key);
            }
        }
        let keys: std::collections::HashSet<_> = articles.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys.len(), articles.len(), "sample keys are unique");
    }

    #[test]
    fn the_sample_pages_parse_in_pairs_of_translations() {
        let pages = pages().unwrap();
        assert_eq!(pages.len(), 4);
        for page in &pages {
            assert!(!page.content.title.is_empty() && page.content.body_md.len() > 500, "{}", page.key);
            let other = pages.iter().find(|p| Some(p.key) == page.translation_of).unwrap();
            assert_ne!(other.lang, page.lang, "{}", page.key);
        }
    }

    #[test]
    fn the_seed_article_is_reproduced_paragraph_for_paragraph() {
        let seed = articles().unwrap().into_iter().find(|a| a.key == "seed").unwrap();
        assert_eq!(seed.title, "Russia officially recognises Afghanistan’s Taliban govt");
        assert_eq!(seed.bylines, ["vb-desk"]);
        assert_eq!(seed.section, "international");
        let paragraphs: Vec<&str> = seed.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 11);
        assert!(paragraphs[10].starts_with("Lavrov remarked that the new authorities in Kabul are a “reality”"));
    }
}
