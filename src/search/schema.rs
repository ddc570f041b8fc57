//! The search index's schema and its files: the fields of a story's document, what each
//! commit records about the index, and opening or creating it in the data directory.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::model::ANALYZER;
use crate::clock::Timestamp;

/// Bumped whenever the schema or the analysis changes: an index of another version is rebuilt.
pub(super) const FORMAT_VERSION: u32 = 2;

/// The fields of a search document.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) id: Field,
    pub(super) lang: Field,
    pub(super) section: Field,
    pub(super) published: Field,
    pub(super) title: Field,
    pub(super) standfirst: Field,
    pub(super) body: Field,
    pub(super) topics: Field,
    pub(super) byline: Field,
    pub(super) slug: Field,
    pub(super) section_slug: Field,
    pub(super) section_name: Field,
}

/// The index's schema and its fields.
pub(super) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing =
            TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqs);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        lang: b.add_text_field("lang", STRING),
        section: b.add_u64_field("section", INDEXED),
        published: b.add_i64_field("published", INDEXED | STORED | FAST),
        title: b.add_text_field("title", text(true)),
        standfirst: b.add_text_field("standfirst", text(true)),
        // Not stored: snippets are cut from the database's copy of the few bodies shown.
        body: b.add_text_field("body", text(false)),
        topics: b.add_text_field("topics", text(false)),
        byline: b.add_text_field("byline", text(false)),
        slug: b.add_text_field("slug", STORED),
        section_slug: b.add_text_field("section_slug", STORED),
        section_name: b.add_text_field("section_name", STORED),
    };
    (b.build(), fields)
}

/// What the index records about itself in each commit.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Payload {
    pub(super) version: u32,
    /// Changes stamped before this moment minus the sync's window are in the index.
    pub(super) synced_to: Timestamp,
}

/// Opens an index of this format under `dir` with its payload, or `None` (after removing
/// whatever is there) when it must be built anew.
pub(super) fn open_existing(dir: &Path) -> Option<(Index, Option<Payload>)> {
    let index = Index::open_in_dir(dir).ok();
    let payload: Option<Payload> = index
        .as_ref()
        .and_then(|i| i.load_metas().ok())
        .and_then(|m| m.payload)
        .and_then(|p| serde_json::from_str(&p).ok());
    match payload {
        Some(p) if p.version == FORMAT_VERSION => index.map(|index| (index, Some(p))),
        _ => {
            drop(index);
            let _ = std::fs::remove_dir_all(dir);
            None
        }
    }
}

/// A new, empty index under `dir`.
pub(super) fn create_fresh(dir: &Path) -> anyhow::Result<Index> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (schema, _) = schema();
    Index::create_in_dir(dir, schema).with_context(|| format!("creating the search index in {}", dir.display()))
}

/// The directory of the search index within the data directory.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("search")
}
