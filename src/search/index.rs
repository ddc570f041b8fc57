//! The embedded full-text index (tantivy) in the data directory: built from the database when
//! missing or stale, kept current by reading the stories changed since its last sync, and
//! queried with BM25, a freshness lift and highlighted snippets.
//!
//! Every node keeps its own index and follows the shared database, so a publish on one node
//! reaches the search of every node within one sync interval. The sync remembers which
//! (story, version) pairs it has seen inside a window of [`CHANGE_WINDOW`] seconds, which
//! covers a write whose transaction commits a little after the moment it was stamped with, and
//! nodes whose clocks disagree by less than that (keep them on NTP). Results are checked
//! against the database before they are shown, so an unpublish is never missed.

use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, SegmentReader, TantivyDocument, Term};
use tokio::sync::Notify;

use super::db::{self, IndexRow, NameRow};
use super::model::{self, ANALYZER, SearchCursor, Sort};
use super::schema::{FORMAT_VERSION, Fields, Payload, create_fresh, open_existing, schema};
use super::snippets::{BodySnippets, highlighted};
use crate::body::text::plain as plain_text;
use crate::clock::Timestamp;
use crate::db::Db;
use crate::editions::Lang;
use crate::html::SafeHtml;

/// How far back, in seconds, each sync looks before its previous start.
const CHANGE_WINDOW: i64 = 120;
/// Stories read per database round trip during a rebuild.
const REBUILD_BATCH: i64 = 1_000;
/// Memory the index writer may use before it writes a segment.
const WRITER_MEMORY: usize = 32_000_000;

/// What a search asks for, already checked.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub lang: Lang,
    pub text: String,
    pub section_id: Option<i64>,
    /// Published at or after this moment.
    pub from: Option<Timestamp>,
    /// Published before this moment.
    pub until: Option<Timestamp>,
    pub sort: Sort,
    pub cursor: Option<SearchCursor>,
    pub limit: usize,
}

/// One matching story. `title_html` and `snippet_html` are escaped text with only `<mark>`
/// added around matched words; `snippet_html` starts as the standfirst and becomes a passage of
/// the body when the body holds the words (see [`BodySnippets`]).
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub title_html: SafeHtml,
    pub snippet_html: SafeHtml,
    pub section_slug: String,
    pub section_name: String,
    pub published_at: Timestamp,
}

/// One page of results.
#[derive(Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// How many stories match in all.
    pub total: usize,
    pub next: Option<SearchCursor>,
    /// Cuts passages with the matched words out of the hits' bodies.
    pub body_snippets: Option<BodySnippets>,
}

/// The index of one node.
pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Woken by this node's own writes so that they are searchable at once.
    wake: Notify,
    sync: tokio::sync::Mutex<SyncState>,
}

/// Where the sync stands.
#[derive(Default)]
struct SyncState {
    /// Start of the previous sync.
    last_start: Timestamp,
    /// (version, updated_at) of each story indexed inside the change window.
    seen: HashMap<i64, (i64, Timestamp)>,
}

impl SearchIndex {
    /// Opens the index under `dir`, or builds it from the database if it is missing, of
    /// another format, or does not hold the number of stories the database has published.
    pub async fn open(dir: &Path, db: &Db, now: Timestamp) -> anyhow::Result<Arc<Self>> {
        let existing = tokio::task::spawn_blocking({
            let dir = dir.to_owned();
            move || open_existing(&dir)
        })
        .await?;
        let (index, payload) = match existing {
            Some(found) => found,
            None => (create_fresh(dir)?, None),
        };
        let this = Arc::new(Self::from_index(index)?);
        match payload {
            Some(p) => {
                this.sync.lock().await.last_start = p.synced_to;
                // Another node may publish between the sync and the count: sync once more
                // before calling the index stale.
                let mut stale = true;
                for _ in 0..2 {
                    this.sync_from_db(db, now).await?;
                    let published = db::count_published(db).await?;
                    if this.reader.searcher().num_docs() == published as u64 {
                        stale = false;
                        break;
                    }
                }
                if stale {
                    tracing::warn!(dir = %dir.display(), "search index does not match the database; rebuilding");
                    this.rebuild(db, now).await?;
                }
            }
            None => {
                this.rebuild(db, now).await?;
            }
        }
        Ok(this)
    }

    fn from_index(index: Index) -> anyhow::Result<Self> {
        index.tokenizers().register(ANALYZER, model::analyzer());
        let (_, fields) = schema();
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY).context("opening the search index writer")?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self {
            reader,
            writer: Mutex::new(writer),
            fields,
            wake: Notify::new(),
            sync: tokio::sync::Mutex::new(SyncState::default()),
        })
    }

    /// Tells the sync that this node just changed a story, so it runs now rather than at its
    /// next tick.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// Completes when [`nudge`](Self::nudge) was called.
    pub async fn nudged(&self) {
        self.wake.notified().await;
    }

    /// Number of stories in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no story.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Empties the index and adds every published story, in id order.
    pub async fn rebuild(self: &Arc<Self>, db: &Db, now: Timestamp) -> anyhow::Result<u64> {
        let started = std::time::Instant::now();
        let mut sync = self.sync.lock().await;
        // Every story is removed by deleting each edition, not with `delete_all_documents`: that
        // winds the writer's operation stamps back to where they stood when the writer was
        // opened (tantivy 0.27 does not move that mark at commits), after which a delete made by
        // a sync in between can count as later than a story added here and remove it (seen as a
        // published story missing after a rebuild while the node runs).
        self.blocking(|this| {
            let writer = this.writer()?;
            for lang in Lang::ALL {
                writer.delete_term(Term::from_field_text(this.fields.lang, lang.code()));
            }
            Ok(())
        })
        .await?;
        let mut after = 0;
        let mut added = 0;
        loop {
            let rows = db::published_after(db, after, REBUILD_BATCH).await?;
            let (Some(first), Some(last)) = (rows.first(), rows.last()) else { break };
            let (first, last_id) = (first.id, last.id);
            let topics = db::topics_between(db, first, last_id).await?;
            let bylines = db::bylines_between(db, first, last_id).await?;
            let docs: Vec<TantivyDocument> = rows
                .iter()
                .map(|row| self.document(row, names_of(&topics, row.id), names_of(&bylines, row.id)))
                .collect();
            added += docs.len() as u64;
            self.blocking(move |this| {
                let writer = this.writer()?;
                for doc in docs {
                    writer.add_document(doc)?;
                }
                Ok(())
            })
            .await?;
            after = last_id;
        }
        self.commit(now).await?;
        sync.last_start = now;
        sync.seen.clear();
        tracing::info!(stories = added, elapsed_ms = started.elapsed().as_millis() as u64, "search index built");
        Ok(added)
    }

    /// Re-indexes the stories changed since the previous sync (minus the change window):
    /// published ones are replaced, others removed.
    pub async fn sync_from_db(self: &Arc<Self>, db: &Db, now: Timestamp) -> anyhow::Result<usize> {
        let mut sync = self.sync.lock().await;
        let since = sync.last_start.min(now) - CHANGE_WINDOW;
        let changed = db::changed_since(db, since).await?;
        sync.seen.retain(|_, (_, at)| *at >= since);
        // A new version, or the same version stamped again (a renamed section or topic, a merge:
        // the story's text is the same, the names it is found by are not).
        let fresh: Vec<_> = changed
            .into_iter()
            .filter(|c| sync.seen.get(&c.id).is_none_or(|seen| *seen != (c.version, c.updated_at)))
            .collect();
        if !fresh.is_empty() {
            let mut ops = Vec::with_capacity(fresh.len());
            for change in &fresh {
                let doc = match db::published(db, change.id).await? {
                    Some(row) => {
                        let topics = db::topics_between(db, row.id, row.id).await?;
                        let bylines = db::bylines_between(db, row.id, row.id).await?;
                        Some(self.document(&row, names_of(&topics, row.id), names_of(&bylines, row.id)))
                    }
                    None => None,
                };
                ops.push((change.id, doc));
            }
            self.blocking(move |this| {
                let writer = this.writer()?;
                for (id, doc) in ops {
                    writer.delete_term(Term::from_field_u64(this.fields.id, id as u64));
                    if let Some(doc) = doc {
                        writer.add_document(doc)?;
                    }
                }
                Ok(())
            })
            .await?;
        }
        if !fresh.is_empty() || now - sync.last_start > 3_600 {
            self.commit(now).await?;
        }
        // Only once committed: after a failed commit the next sync applies them again.
        for change in &fresh {
            sync.seen.insert(change.id, (change.version, change.updated_at));
        }
        sync.last_start = now;
        Ok(fresh.len())
    }

    /// Runs a search. Blocking work runs off the async workers.
    pub async fn search(self: &Arc<Self>, query: SearchQuery, now: Timestamp) -> anyhow::Result<Results> {
        self.blocking(move |this| this.search_now(&query, now)).await
    }

    fn search_now(&self, q: &SearchQuery, now: Timestamp) -> anyhow::Result<Results> {
        let terms = model::query_terms(&q.text);
        if terms.is_empty() {
            return Ok(Results::default());
        }
        let searcher = self.reader.searcher();
        let mut results = Results::default();
        // Every word must match (in any field); if no story has them all, any word will do.
        for occur in [Occur::Must, Occur::Should] {
            let query = self.query(q, &terms, occur);
            results.total = searcher.search(&query, &Count)?;
            if results.total == 0 {
                continue;
            }
            let ranked_at = match q.cursor {
                Some(c) if c.sort == Sort::Relevance => c.ranked_at,
                _ => now,
            };
            let sort = q.sort;
            let after = q.cursor.filter(|c| c.sort == sort).map(|c| (c.key, c.id));
            let collector = TopDocs::with_limit(q.limit + 1).tweak_score(move |segment: &SegmentReader| {
                let published = segment.fast_fields().i64("published").ok();
                let ids = segment.fast_fields().u64("id").ok();
                move |doc, score| -> Option<(f64, u64)> {
                    let published_at = published.as_ref()?.first(doc)?;
                    let id = ids.as_ref()?.first(doc)?;
                    let key = match sort {
                        Sort::Relevance => model::boosted(score, published_at, ranked_at),
                        Sort::Newest => published_at as f64,
                    };
                    match after {
                        Some(cursor) if (key, id) >= cursor => None,
                        _ => Some((key, id)),
                    }
                }
            });
            let top: Vec<(Option<(f64, u64)>, DocAddress)> = searcher.search(&query, &collector)?;
            let mut top: Vec<((f64, u64), DocAddress)> = top.into_iter().filter_map(|(k, a)| Some((k?, a))).collect();
            if top.len() > q.limit {
                top.truncate(q.limit);
                results.next = top.last().map(|((key, id), _)| SearchCursor {
                    sort,
                    key: *key,
                    id: *id,
                    ranked_at: if sort == Sort::Relevance { ranked_at } else { 0 },
                });
            }
            let (hits, body_snippets) = highlighted(&searcher, &*query, self.fields, top)?;
            results.hits = hits;
            results.body_snippets = Some(body_snippets);
            break;
        }
        Ok(results)
    }

    /// The words of the query over the text fields (headline weighs most), within the edition
    /// and the filters.
    fn query(&self, q: &SearchQuery, terms: &[String], occur: Occur) -> Box<dyn Query> {
        let f = self.fields;
        let weighted = [(f.title, 3.0), (f.standfirst, 2.0), (f.topics, 2.0), (f.byline, 1.5), (f.body, 1.0)];
        let words: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|term| {
                let fields: Vec<(Occur, Box<dyn Query>)> = weighted
                    .iter()
                    .map(|(field, boost)| {
                        let term = TermQuery::new(Term::from_field_text(*field, term), IndexRecordOption::WithFreqs);
                        (Occur::Should, Box::new(BoostQuery::new(Box::new(term), *boost)) as Box<dyn Query>)
                    })
                    .collect();
                (occur, Box::new(BooleanQuery::new(fields)) as Box<dyn Query>)
            })
            .collect();
        let mut all: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(BooleanQuery::new(words))),
            (
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(f.lang, q.lang.code()), IndexRecordOption::Basic)),
            ),
        ];
        if let Some(section) = q.section_id {
            let term = Term::from_field_u64(f.section, section as u64);
            all.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if q.from.is_some() || q.until.is_some() {
            let bound = |t: Option<Timestamp>, inclusive: bool| match t {
                None => Bound::Unbounded,
                Some(t) if inclusive => Bound::Included(Term::from_field_i64(f.published, t)),
                Some(t) => Bound::Excluded(Term::from_field_i64(f.published, t)),
            };
            all.push((Occur::Must, Box::new(RangeQuery::new(bound(q.from, true), bound(q.until, false)))));
        }
        Box::new(BooleanQuery::new(all))
    }

    fn document(&self, row: &IndexRow, topics: String, bylines: String) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, row.id as u64);
        doc.add_text(f.lang, row.lang.code());
        doc.add_u64(f.section, row.section_id as u64);
        doc.add_i64(f.published, row.published_at);
        doc.add_text(f.title, &row.title);
        doc.add_text(f.standfirst, &row.standfirst);
        doc.add_text(f.body, plain_text(&row.body));
        doc.add_text(f.topics, topics);
        doc.add_text(f.byline, bylines);
        doc.add_text(f.slug, &row.slug);
        doc.add_text(f.section_slug, &row.section_slug);
        doc.add_text(f.section_name, &row.section_name);
        doc
    }

    fn writer(&self) -> anyhow::Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer.lock().map_err(|_| anyhow::anyhow!("search index writer poisoned"))
    }

    async fn commit(self: &Arc<Self>, now: Timestamp) -> anyhow::Result<()> {
        self.blocking(move |this| {
            let payload = serde_json::to_string(&Payload { version: FORMAT_VERSION, synced_to: now })?;
            let mut writer = this.writer()?;
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()?;
            drop(writer);
            this.reader.reload()?;
            Ok(())
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Self) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let this = Arc::clone(self);
        tokio::task::spawn_blocking(move || work(&this)).await.context("search task stopped")?
    }
}

fn names_of(rows: &[NameRow], id: i64) -> String {
    rows.iter().filter(|r| r.article_id == id).map(|r| r.name.as_str()).collect::<Vec<_>>().join(" · ")
}
