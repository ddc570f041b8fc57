//! One item of a WordPress export brought in. A post becomes a story with its section, topics,
//! bylines, photos, comments and old addresses, all in one savepoint (of a batch transaction) with its record in
//! `import_items`; a page becomes a site page; an attachment becomes a library image. What an
//! earlier run brought in is found by the old site's id (or GUID) and only completed (comments
//! added since). The caches here hold the taxonomy, the images and the featured images still
//! awaited, never the posts or their bodies.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::{Any, AnyConnection, Transaction};

use super::content::{self, Photo};
use super::db::{self, NewComment, NewMedia, NewStory};
use super::model::{self, Editions};
use super::report::{Outcome, story_status};
use super::wxr::{Item, Site, Term};
use crate::articles::model::{article_path, byline_path, section_path, topic_path};
use crate::body::Body;
use crate::clock::{Clock, Timestamp};
use crate::comments::model::{CommentBody, MAX_CHARS};
use crate::db::Db;
use crate::editions::Lang;
use crate::newsroom::model::Status;

/// Items are written in batches of at most this many (or this long), each item in a savepoint
/// of its own: one commit, and one disk sync, per batch rather than per item.
const BATCH_ITEMS: usize = 200;
const BATCH_TIME: Duration = Duration::from_millis(500);
/// After this many items in a row fail, the import stops: the database is gone, not an item.
const FAILURES_IN_A_ROW: usize = 25;
/// The largest file read from `--uploads` (larger ones cannot be library images anyway).
const MAX_UPLOAD_BYTES: u64 = crate::media::model::MAX_BYTES as u64;

/// The state of one import run.
pub struct Importer {
    db: Db,
    source: String,
    origins: Vec<String>,
    site_title: String,
    categories: Vec<Term>,
    /// Authors' display names by login.
    authors: HashMap<String, String>,
    editions: Editions,
    clock: Arc<dyn Clock>,
    uploads: Option<PathBuf>,
    media_dir: PathBuf,
    now: Timestamp,
    sections: HashMap<(Lang, String), i64>,
    topics: HashMap<(Lang, String), i64>,
    bylines: HashMap<String, i64>,
    /// Library photos by the old site's attachment id, and by their path below `uploads`.
    photos: HashMap<i64, Photo>,
    files: HashMap<String, Photo>,
    /// Stories whose featured image is an attachment not yet read: by the attachment's old id.
    waiting_for_image: HashMap<i64, Vec<i64>>,
    /// The featured image the item being written waits for, kept once the item is.
    waiting: Option<(i64, i64)>,
    /// Polylang translation groups: their posts' old ids by language.
    groups: HashMap<String, Vec<(String, i64)>>,
    comments_user: i64,
    failures_in_a_row: usize,
    /// The batch being written, how many items it holds and since when.
    batch: Option<Transaction<'static, Any>>,
    batch_items: usize,
    batch_since: Instant,
    /// What the run did.
    pub outcome: Outcome,
}

impl Importer {
    /// Starts a run for the site an export describes.
    pub async fn new(
        db: Db,
        site: &Site,
        editions: Editions,
        uploads: Option<PathBuf>,
        media_dir: PathBuf,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let now = clock.now();
        let comments_user = db::comments_account(&db, now).await?;
        // The site's own feeds lead to the edition's.
        let feed = format!("/{}/feed.xml", editions.default.code());
        let mut tx = db.begin().await?;
        for from in ["/feed/", "/feed/rss2/", "/feed/atom/", "/rss/", "/comments/feed/", "/?feed=rss2", "/?feed=atom"] {
            db::redirect(&mut tx, from, &feed, now).await?;
        }
        tx.commit().await?;
        Ok(Self {
            source: model::source_of(site),
            origins: model::origins(site),
            site_title: site.title.clone(),
            categories: site.categories.clone(),
            authors: site.authors.iter().map(|a| (a.login.clone(), a.display_name.clone())).collect(),
            groups: model::translation_groups(site),
            db,
            editions,
            clock,
            uploads,
            media_dir,
            now,
            sections: HashMap::new(),
            topics: HashMap::new(),
            bylines: HashMap::new(),
            photos: HashMap::new(),
            files: HashMap::new(),
            waiting_for_image: HashMap::new(),
            waiting: None,
            comments_user,
            failures_in_a_row: 0,
            batch: None,
            batch_items: 0,
            batch_since: Instant::now(),
            outcome: Outcome::default(),
        })
    }

    /// Brings one item in. An item that cannot be imported is reported and skipped; the error
    /// returned means the import cannot go on.
    pub async fn item(&mut self, item: &Item) -> anyhow::Result<()> {
        let mut batch = match self.batch.take() {
            Some(batch) => batch,
            None => {
                self.batch_since = Instant::now();
                // Each batch is stamped with its own time: the search index of a running node
                // reads what was imported since its last look.
                self.now = self.clock.now();
                self.db.begin().await?
            }
        };
        let result = {
            let mut tx = sqlx::Acquire::begin(&mut *batch).await?;
            let done = match item.post_type.as_str() {
                "post" => self.post(&mut tx, item).await,
                "page" => self.page(&mut tx, item).await,
                "attachment" => self.attachment(&mut tx, item).await,
                other => {
                    self.outcome.skipped(format!("items of type “{other}”"));
                    Ok(())
                }
            };
            match done {
                Ok(()) => tx.commit().await.map_err(anyhow::Error::from),
                Err(error) => {
                    tx.rollback().await?;
                    Err(error)
                }
            }
        };
        self.batch = Some(batch);
        self.batch_items += 1;
        if let Some((attachment, story)) = self.waiting.take()
            && result.is_ok()
        {
            self.waiting_for_image.entry(attachment).or_default().push(story);
        }
        if self.batch_items >= BATCH_ITEMS || self.batch_since.elapsed() >= BATCH_TIME {
            self.commit().await?;
        }
        match result {
            Ok(()) => self.failures_in_a_row = 0,
            Err(error) => {
                // What the failed transaction made is gone: so are the ids remembered from it.
                self.sections.clear();
                self.topics.clear();
                self.bylines.clear();
                self.files.clear();
                self.outcome.failed.push(format!("post {} ({:?}): {error:#}", item.post_id, item.title));
                self.failures_in_a_row += 1;
                if self.failures_in_a_row >= FAILURES_IN_A_ROW {
                    return Err(error.context(format!("{FAILURES_IN_A_ROW} items in a row failed; the import stopped")));
                }
            }
        }
        Ok(())
    }

    /// Commits the batch being written.
    async fn commit(&mut self) -> anyhow::Result<()> {
        if let Some(batch) = self.batch.take() {
            batch.commit().await?;
        }
        self.batch_items = 0;
        Ok(())
    }

    async fn post(&mut self, tx: &mut AnyConnection, item: &Item) -> anyhow::Result<()> {
        let status = match story_status(item) {
            Ok(status) => status,
            Err(why) => {
                self.outcome.skipped(format!("posts {why}"));
                return Ok(());
            }
        };
        let lang = match self.editions.of(item) {
            Ok(lang) => lang,
            Err(code) => {
                self.outcome.skipped(format!("posts in “{code}”, which has no edition (map it: --language {code}=bn)"));
                return Ok(());
            }
        };
        let old_id = item.post_id.to_string();
        match db::imported_post(tx, &self.source, &old_id, &item.guid).await? {
            Some((id, false)) => {
                self.comments(tx, item, id, false).await?;
                self.outcome.already("stories");
                return Ok(());
            }
            Some((id, true)) => {
                // The same post, imported from the site at another address: found by its id from
                // now on. Its comments were numbered there; they are not brought in twice.
                db::record(tx, &self.source, "post", &old_id, id, Some(&item.guid), self.now).await?;
                self.outcome.already("stories");
                self.outcome
                    .warn("stories found by their GUID from the site at another address (comments not imported again)");
                return Ok(());
            }
            None => {}
        }
        let section_id = self.section_of(tx, item, lang).await?;
        let topic_ids = self.topics_of(tx, item, lang).await?;
        let byline_ids = self.bylines_of(tx, item, lang).await?;
        let (body, old_links) = self.body(tx, &item.content, true).await?;
        let body_html = self.render(tx, &body, lang).await?;
        let image_id = self.featured_image(item);
        let published_at = model::published_at(item);
        let (status, published_at, scheduled_at) = match status {
            "published" => (Status::Published, published_at.or(Some(self.now)), None),
            "scheduled" => (Status::Scheduled, None, published_at.or(Some(self.now))),
            "unpublished" => (Status::Unpublished, published_at, None),
            _ => (Status::Draft, None, None),
        };
        if !item.password.is_empty() {
            self.outcome.warn("stories that had a password, now unpublished");
        }
        if item.is_sticky {
            self.outcome.warn("stories that were sticky (choose them as lead or top stories on the front)");
        }
        if item.content.contains("[gallery") && !item.content.contains("ids=") {
            self.outcome.warn("galleries that named no pictures (WordPress showed the post's attachments): left out");
        }
        if item.categories.iter().filter(|t| t.domain == "category").count() > 1 {
            self.outcome.warn("stories in more than one category, filed under the first (or Yoast's primary)");
        }
        let (seo_title, seo_description) = model::seo_fields(item, &self.site_title);
        let created_at = model::published_at(item).unwrap_or(self.now);
        let story = NewStory {
            lang,
            section_id,
            slug: non_empty(model::slug_of(&item.post_name, &item.title), "story"),
            title: non_empty(item.title.trim().to_owned(), "(untitled)"),
            standfirst: model::plain_text(&item.excerpt),
            body,
            body_html,
            status,
            published_at,
            scheduled_at,
            updated_at: model::modified_at(item, created_at),
            created_at,
            seo_title,
            seo_description,
            image_id,
            byline_ids,
            topic_ids,
        };
        let id = db::insert_story(tx, &story, self.now).await?;
        db::record_story(tx, &self.source, "post", &old_id, id, Some(&item.guid), !old_links, self.now).await?;
        if image_id.is_none()
            && let Some(thumbnail) = thumbnail_id(item)
        {
            self.waiting = Some((thumbnail, id));
        }
        // Only a story readers can see answers at its old addresses: a redirect would tell the
        // headline of a draft. (WordPress showed them nobody either.)
        if status == Status::Published {
            let path = article_path(lang, id, &story.slug);
            let (stored, refused) =
                db::redirects_to_new(tx, &model::post_paths(item, &self.origins), &path, self.now).await?;
            *self.outcome.imported.entry("redirects").or_default() += stored as usize;
            if refused > 0 {
                self.outcome.warn("old addresses that cannot be redirected");
            }
        }
        self.translation(tx, item, id).await?;
        self.comments(tx, item, id, true).await?;
        self.outcome.imported("stories");
        Ok(())
    }

    async fn page(&mut self, tx: &mut AnyConnection, item: &Item) -> anyhow::Result<()> {
        let published = match story_status(item) {
            Ok(status) => status == "published",
            Err(why) => {
                self.outcome.skipped(format!("pages {why}"));
                return Ok(());
            }
        };
        let lang = match self.editions.of(item) {
            Ok(lang) => lang,
            Err(code) => {
                self.outcome.skipped(format!("pages in “{code}”, which has no edition (map it: --language {code}=bn)"));
                return Ok(());
            }
        };
        let old_id = item.post_id.to_string();
        if db::imported(tx, &self.source, "page", &old_id, Some(&item.guid)).await?.is_some() {
            self.outcome.already("pages");
            return Ok(());
        }
        // Pages are written in Markdown, which carries the body's HTML as it is; a page holds no
        // library photo, so its images are reported rather than placed.
        let (body, _) = self.body(tx, &item.content, false).await?;
        let body_md = body.as_str().replace("\n\n", "\n");
        let slug = page_slug(item);
        let mut content = crate::sitepages::db::Content {
            slug: slug.clone(),
            title: non_empty(item.title.trim().to_owned(), "(untitled)"),
            body_html: crate::html::markdown(&body_md),
            body_md,
        };
        let published_at = published.then(|| model::published_at(item).unwrap_or(self.now));
        let mut id = crate::sitepages::db::insert_imported(tx, lang, &content, published_at, self.now).await?;
        if id.is_none() {
            content.slug = format!("{slug}-{}", item.post_id);
            id = crate::sitepages::db::insert_imported(tx, lang, &content, published_at, self.now).await?;
        }
        let Some(id) = id else { anyhow::bail!("the page's address /{}/{slug} is taken", lang.code()) };
        db::record(tx, &self.source, "page", &old_id, id, Some(&item.guid), self.now).await?;
        let path = crate::sitepages::model::page_path(lang, &content.slug);
        if published {
            for from in model::page_paths(item, &self.origins) {
                self.redirect_new(tx, &from, &path).await?;
            }
        }
        self.outcome.imported("pages");
        Ok(())
    }

    async fn attachment(&mut self, tx: &mut AnyConnection, item: &Item) -> anyhow::Result<()> {
        let old_id = item.post_id;
        let found = db::imported(tx, &self.source, "attachment", &old_id.to_string(), None).await?;
        let photo = match found {
            Some(media_id) => {
                self.outcome.already("images");
                db::media_text(tx, media_id).await?.map(|(alt, caption, credit, _)| Photo {
                    media_id,
                    alt,
                    caption,
                    credit,
                })
            }
            None => self.new_attachment(tx, item).await?,
        };
        let Some(photo) = photo else { return Ok(()) };
        for article in self.waiting_for_image.remove(&old_id).unwrap_or_default() {
            db::set_image(tx, article, photo.media_id).await?;
        }
        // The attachment's page leads to the story it belongs to, or else to the image.
        let to = match db::imported(tx, &self.source, "post", &item.post_parent.to_string(), None).await? {
            Some(story) if item.post_parent > 0 => db::story_path(tx, story).await?,
            _ => db::media_text(tx, photo.media_id).await?.map(|(_, _, _, path)| crate::media::url_path(&path)),
        };
        if let Some(to) = to {
            for from in model::attachment_paths(item, &self.origins) {
                self.redirect(tx, &from, &to).await?;
            }
        }
        self.photos.insert(old_id, photo);
        Ok(())
    }

    /// Stores an attachment's file as a library image with its alt text, caption and credit.
    async fn new_attachment(&mut self, tx: &mut AnyConnection, item: &Item) -> anyhow::Result<Option<Photo>> {
        let meta = |key: &str| item.postmeta.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned());
        let path = meta("_wp_attached_file")
            .and_then(|p| model::upload_path(&p))
            .or_else(|| model::upload_path(&item.attachment_url));
        let Some(path) = path else {
            self.outcome.skipped("attachments that are not files of wp-content/uploads");
            return Ok(None);
        };
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        if !matches!(extension.as_str(), "jpg" | "jpeg" | "png" | "webp" | "gif") {
            self.outcome.skipped(format!("attachments that are not pictures (.{extension})"));
            return Ok(None);
        }
        let alt = meta("_wp_attachment_image_alt").filter(|a| !a.is_empty()).unwrap_or_else(|| item.title.clone());
        let caption = model::plain_text(&item.excerpt);
        let credit = image_credit(item);
        let Some(photo) = self.file(tx, &path, &item.attachment_url, &alt, &caption, &credit).await? else {
            return Ok(None);
        };
        db::record(tx, &self.source, "attachment", &item.post_id.to_string(), photo.media_id, None, self.now).await?;
        Ok(Some(photo))
    }

    /// The library image of a file below `uploads` (its original when the address names a
    /// resized copy), stored on first use; `None` (reported) when it cannot be found or read.
    async fn file(
        &mut self,
        tx: &mut AnyConnection,
        path: &str,
        address: &str,
        alt: &str,
        caption: &str,
        credit: &str,
    ) -> anyhow::Result<Option<Photo>> {
        let original = model::original_upload(path);
        for candidate in original.iter().map(String::as_str).chain([path]) {
            if let Some(photo) = self.files.get(candidate) {
                return Ok(Some(photo.clone()));
            }
            if let Some(media_id) = db::imported(tx, &self.source, "file", candidate, None).await?
                && let Some((alt, caption, credit, _)) = db::media_text(tx, media_id).await?
            {
                let photo = Photo { media_id, alt, caption, credit };
                self.files.insert(candidate.to_owned(), photo.clone());
                return Ok(Some(photo));
            }
        }
        let Some(uploads) = &self.uploads else {
            self.outcome.missing(address);
            return Ok(None);
        };
        let found = original.iter().map(String::as_str).chain([path]).find(|p| uploads.join(p).is_file());
        let Some(found) = found.map(str::to_owned) else {
            self.outcome.missing(address);
            return Ok(None);
        };
        let file = uploads.join(&found);
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(u64::MAX);
        if size > MAX_UPLOAD_BYTES {
            self.outcome.warn("images larger than 10 MB, left out");
            return Ok(None);
        }
        let bytes = tokio::fs::read(&file).await?;
        let processed = match tokio::task::spawn_blocking(move || crate::media::model::process(&bytes)).await? {
            Ok(processed) => processed,
            Err(why) => {
                self.outcome.warn(format!("images that could not be read ({why})"));
                return Ok(None);
            }
        };
        let written = crate::media::write_files(&self.media_dir, &processed, self.now).await?;
        let alt = non_empty(alt.trim().to_owned(), "Image");
        let media = NewMedia { path: &written.path, processed: &processed, alt: &alt, caption, credit };
        let media_id = db::insert_media(tx, &media, self.now).await?;
        db::record(tx, &self.source, "file", &found, media_id, None, self.now).await?;
        self.outcome.imported("images");
        let photo = Photo { media_id, alt, caption: caption.to_owned(), credit: credit.to_owned() };
        self.files.insert(found, photo.clone());
        Ok(Some(photo))
    }

    /// A post's body in the stored form, its images brought into the library first (`photos`
    /// false: none is placed, each is reported).
    async fn body(&mut self, tx: &mut AnyConnection, html: &str, photos: bool) -> anyhow::Result<(Body, bool)> {
        let mut by_url: HashMap<String, Photo> = HashMap::new();
        let mut by_id: HashMap<i64, Photo> = HashMap::new();
        if photos {
            for (address, attachment) in content::images(html) {
                if let Some(photo) = attachment.and_then(|id| self.photos.get(&id)) {
                    by_id.insert(attachment.unwrap_or_default(), photo.clone());
                    by_url.insert(address.clone(), photo.clone());
                    continue;
                }
                let Some(path) = model::upload_path(&address) else { continue };
                if let Some(photo) = self.file(tx, &path, &address, "", "", "").await? {
                    if let Some(id) = attachment {
                        by_id.insert(id, photo.clone());
                    }
                    by_url.insert(address, photo);
                }
            }
        }
        let embed = |address: &str| {
            crate::body::embed::recognise(address).map(|e| (e.provider.code().to_owned(), e.url.clone()))
        };
        let photo_by_url = |address: &str| by_url.get(address).cloned();
        let photo_by_id = |id: i64| by_id.get(&id).cloned();
        let cx = content::Context {
            origins: &self.origins,
            photo_by_url: &photo_by_url,
            photo_by_id: &photo_by_id,
            embed: &embed,
        };
        let converted = content::convert(html, &cx);
        for address in &converted.missing_images {
            if photos {
                self.outcome.missing(address);
            } else {
                self.outcome.warn("images on pages, not brought across (pages hold no library photos)");
            }
        }
        Ok((Body::from_html(&converted.html), !converted.old_links.is_empty()))
    }

    /// The page's HTML of a body, its photos from the library.
    async fn render(&self, tx: &mut AnyConnection, body: &Body, lang: Lang) -> anyhow::Result<crate::html::SafeHtml> {
        let mut photos = HashMap::new();
        for placed in body.photos() {
            if let Some(m) = crate::media::db::find_in(tx, placed.media_id).await? {
                photos.insert(m.id, crate::media::photo(&m));
            }
        }
        Ok(crate::body::render::render(body, lang, &|id| photos.get(&id).cloned()).html)
    }

    /// The featured image, when its attachment was read already.
    fn featured_image(&self, item: &Item) -> Option<i64> {
        thumbnail_id(item).and_then(|id| self.photos.get(&id)).map(|p| p.media_id)
    }

    /// The section of a post: Yoast's primary category, else its first, else "Uncategorized".
    async fn section_of(&mut self, tx: &mut AnyConnection, item: &Item, lang: Lang) -> anyhow::Result<i64> {
        let terms: Vec<_> = item.categories.iter().filter(|t| t.domain == "category").collect();
        let primary = item
            .postmeta
            .iter()
            .find(|(k, _)| k == "_yoast_wpseo_primary_category" || k == "rank_math_primary_category")
            .and_then(|(_, v)| v.trim().parse::<i64>().ok())
            .and_then(|id| self.categories.iter().find(|c| c.id == Some(id)))
            .and_then(|c| terms.iter().find(|t| t.nicename == c.slug).copied());
        let (slug, name) = match primary.or(terms.first().copied()) {
            Some(term) => (term.nicename.clone(), term.name.clone()),
            None => ("uncategorized".to_owned(), "Uncategorized".to_owned()),
        };
        if let Some(id) = self.sections.get(&(lang, slug.clone())) {
            return Ok(*id);
        }
        let clean = non_empty(model::slug_of(&slug, &name), "uncategorized");
        let id = db::ensure_section(tx, lang, &clean, non_empty(name.trim().to_owned(), &clean).as_str()).await?;
        let old = format!("{lang:?}:{slug}");
        if db::imported(tx, &self.source, "section", &old, None).await?.is_none() {
            db::record(tx, &self.source, "section", &old, id, None, self.now).await?;
            self.outcome.imported("sections");
            let to = section_path(lang, &clean);
            let archive = match self.categories.iter().find(|c| c.slug == slug) {
                Some(term) => model::category_path(term, &self.categories),
                None => format!("/category/{slug}/"),
            };
            self.redirect(tx, &archive, &to).await?;
            self.redirect(tx, &format!("{archive}feed/"), &format!("{to}/feed.xml")).await?;
            if let Some(term_id) = self.categories.iter().find(|c| c.slug == slug).and_then(|c| c.id) {
                self.redirect(tx, &format!("/?cat={term_id}"), &to).await?;
            }
        }
        self.sections.insert((lang, slug), id);
        Ok(id)
    }

    async fn topics_of(&mut self, tx: &mut AnyConnection, item: &Item, lang: Lang) -> anyhow::Result<Vec<i64>> {
        let mut ids = Vec::new();
        for term in item.categories.iter().filter(|t| t.domain == "post_tag") {
            let key = (lang, term.nicename.clone());
            let id = match self.topics.get(&key) {
                Some(id) => *id,
                None => {
                    let clean = model::slug_of(&term.nicename, &term.name);
                    if clean.is_empty() {
                        continue;
                    }
                    let id =
                        db::ensure_topic(tx, lang, &clean, non_empty(term.name.trim().to_owned(), &clean).as_str())
                            .await?;
                    let old = format!("{lang:?}:{}", term.nicename);
                    if db::imported(tx, &self.source, "topic", &old, None).await?.is_none() {
                        db::record(tx, &self.source, "topic", &old, id, None, self.now).await?;
                        self.outcome.imported("topics");
                        let to = topic_path(lang, &clean);
                        self.redirect(tx, &format!("/tag/{}/", term.nicename), &to).await?;
                        self.redirect(tx, &format!("/tag/{}/feed/", term.nicename), &to).await?;
                        self.redirect(tx, &format!("/?tag={}", term.nicename), &to).await?;
                    }
                    self.topics.insert(key, id);
                    id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// A post's bylines: every Co-Authors Plus author, else its `dc:creator`.
    async fn bylines_of(&mut self, tx: &mut AnyConnection, item: &Item, lang: Lang) -> anyhow::Result<Vec<i64>> {
        let mut authors: Vec<(String, String)> = item
            .categories
            .iter()
            .filter(|t| t.domain == "author")
            .map(|t| (t.nicename.trim_start_matches("cap-").to_owned(), t.name.clone()))
            .collect();
        if authors.is_empty() && !item.creator.trim().is_empty() {
            let login = item.creator.trim().to_owned();
            let name = self.authors.get(&login).cloned().unwrap_or_default();
            authors.push((login, name));
        }
        let mut ids = Vec::new();
        for (login, name) in authors {
            let id = match self.bylines.get(&login) {
                Some(id) => *id,
                None => {
                    let name = non_empty(
                        self.authors.get(&login).filter(|n| !n.trim().is_empty()).cloned().unwrap_or(name),
                        &login,
                    );
                    let id = match db::imported(tx, &self.source, "byline", &login, None).await? {
                        Some(id) => id,
                        None => {
                            let (id, slug) =
                                db::ensure_byline(tx, &model::byline_slug(&login), name.trim(), self.now).await?;
                            db::record(tx, &self.source, "byline", &login, id, None, self.now).await?;
                            self.outcome.imported("bylines");
                            let to = byline_path(lang, &slug);
                            let nicename = login.to_lowercase().replace([' ', '.', '@'], "-");
                            self.redirect(tx, &format!("/author/{nicename}/"), &to).await?;
                            self.redirect(tx, &format!("/author/{nicename}/feed/"), &to).await?;
                            id
                        }
                    };
                    self.bylines.insert(login, id);
                    id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Links a Polylang post with its translations imported so far (the later one links both).
    async fn translation(&mut self, tx: &mut AnyConnection, item: &Item, id: i64) -> anyhow::Result<()> {
        let Some(group) = item.categories.iter().find(|t| t.domain == "post_translations") else { return Ok(()) };
        let Some(members) = self.groups.get(&group.nicename) else { return Ok(()) };
        let others: Vec<i64> = members.iter().map(|(_, old)| *old).filter(|old| *old != item.post_id).collect();
        for other in others {
            if let Some(other) = db::imported(tx, &self.source, "post", &other.to_string(), None).await? {
                db::link_translations(tx, id, other).await?;
            }
        }
        Ok(())
    }

    /// Brings a post's comments in that are not here yet: approved ones shown, waiting ones held,
    /// spam and trash left out; a reply to a reply joins its thread's top comment.
    /// `new`: the story was made just now, so none of its comments can be here yet.
    async fn comments(
        &mut self,
        tx: &mut AnyConnection,
        item: &Item,
        article_id: i64,
        new: bool,
    ) -> anyhow::Result<()> {
        let mut comments: Vec<_> = item.comments.iter().collect();
        // Parents first, whatever order the export wrote them in.
        comments.sort_by_key(|c| (c.parent != 0, c.id));
        let mut made: HashMap<i64, i64> = HashMap::new();
        for c in comments {
            let status = match c.approved.as_str() {
                "1" => "approved",
                "0" => "held",
                _ => {
                    self.outcome.skipped("comments marked spam or trash");
                    continue;
                }
            };
            if !matches!(c.comment_type.as_str(), "" | "comment") {
                self.outcome.skipped(format!("{}s (not comments)", c.comment_type));
                continue;
            }
            let old = c.id.to_string();
            let earlier = if new { None } else { db::imported(tx, &self.source, "comment", &old, None).await? };
            if let Some(id) = earlier {
                made.insert(c.id, id);
                self.outcome.already("comments");
                continue;
            }
            let text: String = model::plain_text(&c.content).chars().take(MAX_CHARS).collect();
            let Ok(body) = CommentBody::parse(&text) else {
                self.outcome.skipped("comments with no text");
                continue;
            };
            let parent = match c.parent {
                0 => None,
                old_parent => match made.get(&old_parent) {
                    Some(id) => Some(*id),
                    None => db::imported(tx, &self.source, "comment", &old_parent.to_string(), None).await?,
                },
            };
            let parent_id = match parent {
                Some(p) => db::thread_of(tx, p).await?,
                None => None,
            };
            let author = non_empty(c.author.trim().chars().take(100).collect(), "Anonymous");
            let created_at = model::timestamp(&c.date_gmt).or_else(|| model::timestamp(&c.date)).unwrap_or(self.now);
            let new = NewComment {
                article_id,
                user_id: self.comments_user,
                parent_id,
                body: &body,
                status,
                author_name: &author,
                created_at,
            };
            let id = db::insert_comment(tx, &new).await?;
            db::record(tx, &self.source, "comment", &old, id, None, self.now).await?;
            made.insert(c.id, id);
            self.outcome.imported("comments");
        }
        Ok(())
    }

    /// Stores a redirect from an old address to a row this item made, counting it.
    async fn redirect_new(&mut self, tx: &mut AnyConnection, from: &str, to: &str) -> anyhow::Result<()> {
        match db::redirect_to_new(tx, from, to, self.now).await? {
            Some(true) => self.outcome.imported("redirects"),
            Some(false) => {}
            None => self.outcome.warn("old addresses that cannot be redirected"),
        }
        Ok(())
    }

    /// Stores a redirect from an old address, counting it.
    async fn redirect(&mut self, tx: &mut AnyConnection, from: &str, to: &str) -> anyhow::Result<()> {
        if db::redirect(tx, from, to, self.now).await? {
            self.outcome.imported("redirects");
        } else {
            self.outcome.warn("old addresses that cannot be redirected");
        }
        Ok(())
    }

    /// Ends the run: featured images never found are reported, links between imported stories
    /// lead to their new addresses, and every node is told.
    pub async fn finish(&mut self) -> anyhow::Result<()> {
        self.commit().await?;
        let waiting: usize = self.waiting_for_image.values().map(Vec::len).sum();
        if waiting > 0 {
            self.outcome.warnings.insert(
                "featured images whose attachment is not in the export or whose file was not found".to_owned(),
                waiting,
            );
        }
        self.repoint_links().await?;
        db::mark_changed(&self.db, self.now).await?;
        Ok(())
    }

    /// Rewrites links to old addresses of the site that now redirect, to where they lead, a
    /// batch of stories per transaction.
    async fn repoint_links(&mut self) -> anyhow::Result<()> {
        let mut after = 0;
        loop {
            let batch = db::stories_with_old_links(&self.db, &self.source, after, 500).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            let mut tx = self.db.begin().await?;
            for story in batch {
                let mut changed = story.body.as_str().to_owned();
                let mut left = false;
                for path in local_links(story.body.as_str()) {
                    let Some(to) = lookup(&mut tx, &path).await? else {
                        left = true;
                        continue;
                    };
                    changed = changed.replace(&format!("href=\"{}\"", html_attr(&path)), &format!("href=\"{to}\""));
                }
                let new = Body::from_html(&changed);
                let update = if new.as_str() == story.body.as_str() {
                    None
                } else {
                    let html = self.render(&mut tx, &new, story.lang).await?;
                    Some((new, html))
                };
                let update = update.as_ref().map(|(body, html)| (body, html));
                if db::repoint_body(&mut tx, story.id, story.version, update, !left, self.now).await? {
                    self.outcome.warn("stories whose links to the old site now lead to their new addresses");
                }
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Where a stored old address leads (with or without its closing slash).
async fn lookup(tx: &mut AnyConnection, path: &str) -> anyhow::Result<Option<String>> {
    let Ok(from) = crate::redirects::model::normalize(path) else { return Ok(None) };
    let mut to = crate::redirects::db::target_in(tx, &from).await?;
    if to.is_none()
        && let Some(other) = crate::redirects::model::other_form(&from)
    {
        to = crate::redirects::db::target_in(tx, &other).await?;
    }
    Ok(to.map(|to| crate::redirects::model::location(&to, None)))
}

/// `text`, or `fallback` when it is empty.
fn non_empty(text: String, fallback: &str) -> String {
    if text.trim().is_empty() { fallback.to_owned() } else { text }
}

/// The site-relative addresses a stored body links to, as written (`&amp;` read as `&`).
fn local_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for part in html.split("href=\"/").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let path = format!("/{}", part[..end].replace("&amp;", "&"));
        if !links.contains(&path) {
            links.push(path);
        }
    }
    links
}

/// A path as it is written inside `href="…"` by the body's serializer.
fn html_attr(path: &str) -> String {
    path.replace('&', "&amp;").replace('"', "&quot;")
}

/// The old id of a post's featured image.
fn thumbnail_id(item: &Item) -> Option<i64> {
    item.postmeta
        .iter()
        .find(|(k, _)| k == "_thumbnail_id")
        .and_then(|(_, v)| v.trim().parse().ok())
        .filter(|id| *id > 0)
}

/// The credit of an attachment: a media-credit plugin's field, or the photographer WordPress read
/// from the file's metadata.
fn image_credit(item: &Item) -> String {
    let meta = |key: &str| item.postmeta.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned());
    if let Some(credit) = meta("_media_credit").or_else(|| meta("_wp_attachment_source_name")).filter(|c| !c.is_empty())
    {
        return credit;
    }
    // `_wp_attachment_metadata` is PHP-serialized; its image_meta holds `s:6:"credit";s:N:"…";`.
    meta("_wp_attachment_metadata")
        .and_then(|m| {
            let at = m.find("s:6:\"credit\";s:")?;
            let rest = &m[at + "s:6:\"credit\";s:".len()..];
            let (len, rest) = rest.split_once(":\"")?;
            let len: usize = len.parse().ok()?;
            rest.get(..len).map(str::to_owned)
        })
        .unwrap_or_default()
}

/// A page's slug: its old one when the site can serve it, else one from its title, else its id.
fn page_slug(item: &Item) -> String {
    let old = model::slug_of(&item.post_name, &item.title);
    for candidate in [old, crate::articles::model::Slug::from_title(&item.title).as_str().to_owned()] {
        if let Ok(slug) = crate::sitepages::model::PageSlug::parse(&candidate) {
            return slug.as_str().to_owned();
        }
    }
    format!("page-{}", item.post_id)
}
