//! The newsroom's sections page, `/newsroom/sections?lang=`: one edition's sections in order,
//! each a row that saves its place, name, address and whether it is hidden, and a form for a new
//! one. Plain forms, each with its CSRF token; no JavaScript needed.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::SectionInput;
use crate::articles::model::section_path;
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;
use crate::web::{PathParams, encode_query, see_other};

/// An edition's tab.
pub struct Tab {
    pub label: &'static str,
    pub path: String,
    pub active: bool,
}

/// The tabs of both editions for a page at `base`, named in `speaker`'s language.
pub fn edition_tabs(base: &str, lang: Lang, speaker: Lang) -> Vec<Tab> {
    Lang::ALL
        .into_iter()
        .map(|l| Tab { label: edition_name(l, speaker), path: format!("{base}?lang={}", l.code()), active: l == lang })
        .collect()
}

/// The name of `edition` ("English", "বাংলা") in `speaker`'s language.
pub fn edition_name(edition: Lang, speaker: Lang) -> &'static str {
    tr(speaker, edition.ui().edition_name)
}

/// A name quoted inside a notice: as the English notices always have, or in Bangla's quotes.
pub fn quoted(speaker: Lang, name: &str) -> String {
    match speaker {
        Lang::En => format!("{name:?}"),
        Lang::Bn => format!("“{name}”"),
    }
}

/// The text before and after `slot` in `text`, to put a link inside a translated sentence.
pub fn around(text: &str, slot: &str) -> (String, String) {
    let (before, after) = text.split_once(slot).unwrap_or((text, ""));
    (before.to_owned(), after.to_owned())
}

/// "Letters, digits and hyphens, as in /bn/topic/…": the hint under an address field.
pub fn slug_hint(speaker: Lang, example: &str) -> String {
    fill(
        tr(speaker, "Letters, digits and hyphens, as in {example}. Left empty, it is made from the name."),
        &[("example", example)],
    )
}

/// The edition a newsroom page's `?lang=` names; the site's default when absent.
pub fn edition(state: &AppState, lang: Option<&str>) -> Result<Lang> {
    match lang.filter(|l| !l.is_empty()) {
        None => Ok(state.default_edition()),
        Some(code) => Lang::parse(code)
            .ok_or_else(|| AppError::bad_request(format!("The edition must be en or bn, not {code:?}."))),
    }
}

struct Row {
    id: i64,
    name: String,
    slug: String,
    path: String,
    position: i64,
    hidden: bool,
    stories: i64,
    story_count: String,
    labels: RowLabels,
}

/// The accessible names of a row's fields.
struct RowLabels {
    place: String,
    name: String,
    address: String,
    hide: String,
}

impl RowLabels {
    fn of(speaker: Lang, name: &str) -> Self {
        let label = |text: &'static str| fill(tr(speaker, text), &[("name", name)]);
        Self {
            place: label("Place of {name}"),
            name: label("Name of {name}"),
            address: label("Address of {name}"),
            hide: label("Hide {name}"),
        }
    }
}

/// What the new-section form shows again after a refusal.
#[derive(Default)]
struct Values {
    name: String,
    slug: String,
    hidden: bool,
}

#[derive(Template)]
#[template(path = "sections/newsroom.html")]
struct PageTemplate {
    frame: Frame,
    csrf: String,
    tabs: Vec<Tab>,
    lang: &'static str,
    about: String,
    slug_hint: String,
    rows: Vec<Row>,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
}

/// `?lang=&notice=` of the page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
    notice: Option<String>,
}

/// A section's form: a row of the list, or the new-section form.
#[derive(Debug, Deserialize)]
pub struct SectionForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    position: String,
    /// Present when the box is ticked.
    hidden: Option<String>,
}

impl SectionForm {
    fn input(&self, speaker: Lang) -> Result<SectionInput> {
        let position = match self.position.trim() {
            "" => None,
            text => Some(text.parse::<i64>().map_err(|_| {
                let message = tr(speaker, "The place {text} is not a number: give 1 for first.");
                AppError::Unprocessable(fill(message, &[("text", &quoted(speaker, text))]))
            })?),
        };
        Ok(SectionInput {
            lang: Some(self.lang.clone()).filter(|l| !l.is_empty()),
            name: Some(self.name.clone()),
            slug: Some(self.slug.clone()),
            position,
            hidden: Some(self.hidden.is_some()),
        })
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    lang: Lang,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let rows = super::db::list(&state.db, lang)
        .await?
        .into_iter()
        .map(|s| Row {
            path: section_path(lang, &s.slug),
            id: s.id,
            position: s.position,
            hidden: s.hidden != 0,
            stories: s.stories,
            story_count: number(staff.lang, s.stories),
            labels: RowLabels::of(staff.lang, &s.name),
            name: s.name,
            slug: s.slug,
        })
        .collect();
    let page = PageTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Sections")),
        csrf: csrf.value().to_owned(),
        tabs: edition_tabs("/newsroom/sections", lang, staff.lang),
        lang: lang.code(),
        about: fill(tr(staff.lang, ABOUT), &[("edition", edition_name(lang, staff.lang))]),
        slug_hint: slug_hint(staff.lang, &format!("/{}/category/world-news", lang.code())),
        rows,
        values,
        error,
        notice,
    };
    Ok(page.render()?)
}

/// What the page says first: how the edition's navigation uses the sections.
const ABOUT: &str = "The {edition} edition's navigation shows these sections in this order, except hidden ones. A hidden section keeps its address and its stories and still takes new stories; it is only left out of the navigation and the home page. A new name keeps the address; change the address only if you must: the old one then leads to the new one.";

/// A notice about the section `name`, in `speaker`'s language.
fn notice(speaker: Lang, text: &'static str, name: &str) -> String {
    fill(tr(speaker, text), &[("name", &quoted(speaker, name))])
}

fn done(lang: Lang, notice: &str) -> Response {
    see_other(format!("/newsroom/sections?lang={}&notice={}", lang.code(), encode_query(notice)))
}

/// `GET /newsroom/sections`.
pub async fn page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let lang = edition(&state, q.lang.as_deref())?;
    Ok(Html(render(&state, &staff, &csrf, lang, Values::default(), None, q.notice).await?).into_response())
}

/// `POST /newsroom/sections`: adds a section.
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<SectionForm>,
) -> Result<Response> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let lang = edition(&state, Some(&form.lang))?;
    let result = match form.input(staff.lang) {
        Ok(input) => super::create(&state, &staff, &input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => Ok(done(lang, &notice(staff.lang, "Section {name} added.", &row.name))),
        Err(err @ (AppError::Unprocessable(_) | AppError::Conflict(_))) => {
            let values = Values { name: form.name, slug: form.slug, hidden: form.hidden.is_some() };
            let html = render(&state, &staff, &csrf, lang, values, Some(err.to_string()), None).await?;
            Ok((err.status(), Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}

/// `POST /newsroom/sections/{id}`: saves a row.
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<SectionForm>,
) -> Result<Response> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let current = super::load(&state, id).await?;
    let result = match form.input(staff.lang) {
        Ok(input) => super::update(&state, &staff, id, &SectionInput { lang: None, ..input }).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => Ok(done(row.lang, &notice(staff.lang, "Section {name} saved; the site shows it now.", &row.name))),
        Err(err @ (AppError::Unprocessable(_) | AppError::Conflict(_))) => {
            let html =
                render(&state, &staff, &csrf, current.lang, Values::default(), Some(err.to_string()), None).await?;
            Ok((err.status(), Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}

/// `POST /newsroom/sections/{id}/delete`: deletes an empty section.
pub async fn delete(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    staff.authorize(Action::ManageSections, Ownership::NotApplicable)?;
    let current = super::load(&state, id).await?;
    match super::delete(&state, &staff, id).await {
        Ok(()) => Ok(done(current.lang, &notice(staff.lang, "Section {name} deleted.", &current.name))),
        Err(err @ AppError::Conflict(_)) => {
            let html =
                render(&state, &staff, &csrf, current.lang, Values::default(), Some(err.to_string()), None).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}
