//! What the editor's form holds: read from the posted fields, turned into the API's input,
//! and filled from a stored article.

use crate::error::Result;
use crate::newsroom::api::ArticleInput;
use crate::newsroom::db::EditRow;
use crate::state::AppState;

/// What the editor form holds.
#[derive(Debug, Default, Clone)]
pub(super) struct FormValues {
    pub(super) title: String,
    pub(super) standfirst: String,
    /// The body in its stored form (HTML), as the story editor holds it.
    pub(super) body: String,
    pub(super) topics: String,
    pub(super) slug: String,
    pub(super) seo_title: String,
    pub(super) seo_description: String,
    pub(super) section: String,
    pub(super) bylines: Vec<String>,
    pub(super) premoderate: bool,
    pub(super) image_id: i64,
    pub(super) translation_id: String,
    /// The version the typed text is based on, kept when the editor is shown again (preview,
    /// refusal) so that a later save cannot overwrite someone else's.
    pub(super) based_on: Option<i64>,
}

impl FormValues {
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        Self {
            title: get("title"),
            standfirst: get("standfirst"),
            // The story editor posts `body_html`; a form of its own (or an older page) may post
            // Markdown as `body`.
            body: match pairs.iter().find(|(k, _)| k == "body_html") {
                Some((_, html)) => html.clone(),
                None => crate::body::Body::from_markdown(&get("body")).into_string(),
            },
            topics: get("topics"),
            slug: get("slug"),
            seo_title: get("seo_title"),
            seo_description: get("seo_description"),
            section: get("section"),
            bylines: pairs.iter().filter(|(k, _)| k == "byline").map(|(_, v)| v.clone()).collect(),
            premoderate: pairs.iter().any(|(k, v)| k == "premoderate" && v == "1"),
            image_id: get("image_id").parse().unwrap_or(0),
            translation_id: get("translation_id"),
            based_on: get("version").parse().ok(),
        }
    }

    /// The API input these values make; `new` forms carry the edition in the section value.
    pub(super) fn input(&self, new: bool, version: Option<i64>) -> ArticleInput {
        let (lang, section) = match self.section.split_once(':') {
            Some((lang, section)) if new => (Some(lang.to_owned()), section.to_owned()),
            _ => (None, self.section.clone()),
        };
        let some = |s: &str| Some(s.to_owned());
        ArticleInput {
            lang,
            title: some(&self.title),
            standfirst: some(&self.standfirst),
            body: None,
            body_html: some(&self.body),
            section: Some(section),
            byline: Some(self.bylines.clone()),
            topics: Some(self.topics.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()),
            // Sent as it is: unchanged, it follows the headline until publication; empty, it is
            // made from the headline again.
            slug: Some(self.slug.trim().to_owned()),
            seo_title: some(&self.seo_title),
            seo_description: some(&self.seo_description),
            premoderate: Some(self.premoderate),
            image_id: Some(self.image_id),
            // An empty field removes the link; something that is not a number links nothing.
            translation_id: Some(self.translation_id.trim().parse().unwrap_or(0)),
            version,
        }
    }
}

fn values_of(row: &EditRow, bylines: Vec<String>, topics: Vec<String>) -> FormValues {
    FormValues {
        title: row.title.clone(),
        standfirst: row.standfirst.clone(),
        body: row.body.as_str().to_owned(),
        topics: topics.join(", "),
        slug: row.slug.clone(),
        seo_title: row.seo_title.clone(),
        seo_description: row.seo_description.clone(),
        section: row.section_slug.clone(),
        bylines,
        premoderate: row.premoderate != 0,
        image_id: row.image_id.unwrap_or(0),
        translation_id: row.translation_id.map(|t| t.to_string()).unwrap_or_default(),
        based_on: None,
    }
}

pub(super) async fn stored_values(state: &AppState, row: &EditRow) -> Result<FormValues> {
    let bylines = crate::articles::db::bylines_of(&state.db, row.id).await?.into_iter().map(|b| b.slug).collect();
    let topics = crate::articles::db::topics_of(&state.db, row.id).await?.into_iter().map(|t| t.slug).collect();
    Ok(values_of(row, bylines, topics))
}
