//! Generates a realistic archive for benchmarks: N published stories in both editions (two in
//! five in English, the rest in Bangla), built from the sample stories' sentences, with
//! bylines, topics, view counts, readers and comments, spread over five years.
//!
//!   cargo run --release --example generate_archive -- --data-dir /tmp/archive --articles 100000
//!   cargo run --release --example generate_archive -- --database-url postgres://… --media-dir /srv/media --articles 100000
//!
//! The sample content is loaded first (as on a first start), so sections, desks and topics are
//! the real ones. Writes in transactions of 1,000 stories; prints how long it took.

use std::time::Instant;

use anyhow::{Context, bail};
use newsdesk::articles::model::Slug;
use newsdesk::config::DatabaseUrl;
use newsdesk::db::Db;
use newsdesk::html::markdown as render_markdown;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, RngExt, SeedableRng};
use sqlx::Row;

struct Source {
    lang: String,
    section_id: i64,
    title_words: Vec<String>,
    sentences: Vec<String>,
    standfirst: String,
    topic_ids: Vec<i64>,
    byline_ids: Vec<i64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let count: usize = value("--articles").unwrap_or_else(|| "100000".into()).parse().context("--articles")?;
    let database = match (value("--database-url"), value("--data-dir")) {
        (Some(url), _) => DatabaseUrl::Postgres(url),
        (None, Some(dir)) => {
            std::fs::create_dir_all(&dir)?;
            DatabaseUrl::Sqlite(std::path::Path::new(&dir).join("newsdesk.db"))
        }
        (None, None) => bail!("give --data-dir DIR (SQLite) or --database-url postgres://…"),
    };
    let started = Instant::now();
    let db = Db::connect(&database).await?;
    db.migrate().await?;
    let now = chrono::Utc::now().timestamp();
    // The sample's photos go where `newsdesk serve --data-dir` looks for media.
    let media_dir = value("--media-dir")
        .map(std::path::PathBuf::from)
        .or_else(|| value("--data-dir").map(|dir| std::path::Path::new(&dir).join("media")))
        .unwrap_or_else(|| std::env::temp_dir().join("newsdesk-archive-media"));
    newsdesk::sample::load_once(&db, &media_dir, now).await?;
    let sources = sources(&db).await?;
    let (en, bn): (Vec<&Source>, Vec<&Source>) = sources.iter().partition(|s| s.lang == "en");
    let mut rng = rand::rngs::StdRng::seed_from_u64(20_261_127);
    let readers = readers(&db, 500).await?;
    let five_years = 5 * 365 * 86_400;
    let mut written = 0;
    while written < count {
        let mut tx = db.pool.begin().await?;
        for _ in 0..1_000.min(count - written) {
            let pool = if rng.random_range(0..5) < 2 { &en } else { &bn };
            let Some(source) = pool.choose(&mut rng) else { bail!("the sample has no stories") };
            let (title, body) = compose(source, &sources, &mut rng, written);
            let published_at = now - rng.random_range(0..five_years);
            let slug = Slug::from_title(&title);
            let row = sqlx::query(
                "INSERT INTO articles (lang, section_id, slug, title, standfirst, body_md, body_html, status, \
                 published_at, updated_at, created_at, view_count) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'published', $8, $8, $8, $9) RETURNING id",
            )
            .bind(&source.lang)
            .bind(source.section_id)
            .bind(slug.as_str())
            .bind(&title)
            .bind(&source.standfirst)
            .bind(&body)
            .bind(render_markdown(&body))
            .bind(published_at)
            .bind(rng.random_range(0..5_000_i64))
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = row.try_get("id")?;
            for (position, byline) in source.byline_ids.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO article_bylines (article_id, byline_id, position, published_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(byline)
                .bind(position as i64)
                .bind(published_at)
                .execute(&mut *tx)
                .await?;
            }
            for (position, topic) in source.topic_ids.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO article_topics (article_id, topic_id, position, published_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(topic)
                .bind(position as i64)
                .bind(published_at)
                .execute(&mut *tx)
                .await?;
            }
            // About one comment for every two stories, a few stories with many.
            let comments = if rng.random_range(0..50) == 0 { rng.random_range(5..40) } else { rng.random_range(0..2) };
            for n in 0..comments {
                let Some(user) = readers.choose(&mut rng) else { break };
                let body = source.sentences.choose(&mut rng).cloned().unwrap_or_default();
                sqlx::query(
                    "INSERT INTO comments (article_id, user_id, body, status, body_hash, created_at) \
                     VALUES ($1, $2, $3, 'approved', $4, $5)",
                )
                .bind(id)
                .bind(user)
                .bind(&body)
                .bind(format!("{id}-{n}"))
                .bind(published_at + 600 + n * 60)
                .execute(&mut *tx)
                .await?;
            }
            written += 1;
        }
        tx.commit().await?;
        if written % 10_000 == 0 || written == count {
            eprintln!("{written} stories written");
        }
    }
    println!("generated {count} stories in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The sample stories, cut into headline words and sentences.
async fn sources(db: &Db) -> anyhow::Result<Vec<Source>> {
    let rows = sqlx::query(
        "SELECT id, lang, section_id, title, standfirst, body_md FROM articles WHERE sample_key IS NOT NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut sources = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let body: String = row.try_get("body_md")?;
        let title: String = row.try_get("title")?;
        let topic_ids = sqlx::query_scalar("SELECT topic_id FROM article_topics WHERE article_id = $1")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
        let byline_ids = sqlx::query_scalar("SELECT byline_id FROM article_bylines WHERE article_id = $1")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
        let sentences = body
            .split(['\n', '।', '.'])
            .map(str::trim)
            .filter(|s| s.chars().count() > 20 && !s.starts_with('#'))
            .map(str::to_owned)
            .collect();
        sources.push(Source {
            lang: row.try_get("lang")?,
            section_id: row.try_get("section_id")?,
            title_words: title.split_whitespace().map(str::to_owned).collect(),
            sentences,
            standfirst: row.try_get("standfirst")?,
            topic_ids,
            byline_ids,
        });
    }
    Ok(sources)
}

/// A headline from one story's words (shuffled, so each is new) and a body of five to twelve
/// paragraphs of sentences from stories of the same edition.
fn compose(source: &Source, all: &[Source], rng: &mut impl Rng, n: usize) -> (String, String) {
    let mut words = source.title_words.clone();
    words.shuffle(rng);
    words.truncate(rng.random_range(6..=words.len().max(6)));
    let title = format!("{} {}", words.join(" "), n);
    let same: Vec<&Source> = all.iter().filter(|s| s.lang == source.lang).collect();
    let end = if source.lang == "bn" { "।" } else { "." };
    let paragraphs: Vec<String> = (0..rng.random_range(5..=12))
        .map(|_| {
            (0..rng.random_range(2..=4))
                .filter_map(|_| same.choose(rng).and_then(|s| s.sentences.choose(rng)))
                .map(|s| format!("{s}{end}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    (title, paragraphs.join("\n\n"))
}

/// `n` reader accounts that comment (they cannot log in: the hash is not a real one).
async fn readers(db: &Db, n: usize) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, role, created_at) \
             VALUES ($1, $2, 'generated', 'reader', 0) \
             ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id",
        )
        .bind(format!("reader{i}@archive.test"))
        .bind(format!("Reader {i}"))
        .fetch_one(&db.pool)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}
