//! The newsroom's topic pages: `/newsroom/topics?lang=&q=&page=` (search, pages of 50, a form
//! for a new topic: for whoever tags stories) and `/newsroom/topics/{id}` (rename, address,
//! description, photo, merge, delete: editors and admins). Plain forms, each with its CSRF
//! token; no JavaScript needed.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::TopicInput;
use super::db::{self, TopicAdmin};
use super::model::{PAGE_SIZE, contains_pattern};
use crate::articles::model::topic_path;
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Decision, Ownership, decide};
use crate::sections::pages::{Tab, around, edition, edition_name, edition_tabs, quoted, slug_hint};
use crate::state::AppState;
use crate::web::{PathParams, encode_query, see_other};

struct Row {
    id: i64,
    name: String,
    slug: String,
    path: String,
    stories: String,
}

/// What a topic form shows: as typed, or as stored.
#[derive(Default)]
struct Values {
    name: String,
    slug: String,
    description: String,
    image_id: String,
}

#[derive(Template)]
#[template(path = "topics/newsroom_list.html")]
struct ListTemplate {
    frame: Frame,
    csrf: String,
    tabs: Vec<Tab>,
    lang: &'static str,
    new_heading: String,
    slug_hint: String,
    q: String,
    found: String,
    rows: Vec<Row>,
    previous: Option<String>,
    next: Option<String>,
    can_manage: bool,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "topics/newsroom_edit.html")]
struct EditTemplate {
    frame: Frame,
    csrf: String,
    id: i64,
    name: String,
    lang: &'static str,
    /// "English edition · 3 published stories".
    subtitle: String,
    /// The photo field's label around its link to the media library.
    photo_label: (String, String),
    into_label: String,
    path: String,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
}

/// `?lang=&q=&page=&notice=` of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    lang: Option<String>,
    #[serde(default)]
    q: String,
    page: Option<String>,
    notice: Option<String>,
}

/// `?notice=` after an action.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// The topic form (new or change).
#[derive(Debug, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    description: String,
    /// Absent on the new-topic form: the photo is set once the topic exists.
    image_id: Option<String>,
}

impl TopicForm {
    fn values(&self) -> Values {
        Values {
            name: self.name.clone(),
            slug: self.slug.clone(),
            description: self.description.clone(),
            image_id: self.image_id.clone().unwrap_or_default(),
        }
    }

    fn input(&self, speaker: Lang) -> Result<TopicInput> {
        let image_id = match self.image_id.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(0),
            Some(text) => Some(text.parse::<i64>().map_err(|_| {
                let message = tr(speaker, "The photo {text} is not an image number of the media library.");
                AppError::Unprocessable(fill(message, &[("text", &quoted(speaker, text))]))
            })?),
        };
        Ok(TopicInput {
            lang: Some(self.lang.clone()).filter(|l| !l.is_empty()),
            name: Some(self.name.clone()),
            slug: Some(self.slug.clone()),
            description: Some(self.description.clone()),
            image_id,
        })
    }
}

fn stored_values(row: &TopicAdmin) -> Values {
    Values {
        name: row.name.clone(),
        slug: row.slug.clone(),
        description: row.description.clone(),
        image_id: row.image_id.map(|id| id.to_string()).unwrap_or_default(),
    }
}

/// The list's address for `lang`, `q` and `page`.
fn list_path(lang: Lang, q: &str, page: i64) -> String {
    let mut path = format!("/newsroom/topics?lang={}", lang.code());
    if !q.is_empty() {
        path.push_str(&format!("&q={}", encode_query(q)));
    }
    if page > 1 {
        path.push_str(&format!("&page={page}"));
    }
    path
}

struct Listing<'a> {
    lang: Lang,
    q: &'a str,
    page: i64,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    listing: Listing<'_>,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let Listing { lang, q, page } = listing;
    let pattern = contains_pattern(q);
    let total = db::count(&state.db, Some(lang), pattern.as_deref()).await?;
    let rows = db::search(&state.db, Some(lang), pattern.as_deref(), PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await?
        .into_iter()
        .map(|t| Row {
            path: topic_path(lang, &t.slug),
            id: t.id,
            stories: number(staff.lang, t.stories),
            name: t.name,
            slug: t.slug,
        })
        .collect();
    let found = match (total, q.is_empty()) {
        (1, true) => tr(staff.lang, "1 topic."),
        (_, true) => tr(staff.lang, "{n} topics."),
        (1, false) => tr(staff.lang, "1 topic matches {q}."),
        (_, false) => tr(staff.lang, "{n} topics match {q}."),
    };
    let found = fill(found, &[("n", &number(staff.lang, total)), ("q", &quoted(staff.lang, q))]);
    let edition_name = edition_name(lang, staff.lang);
    let page = ListTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Topics")),
        csrf: csrf.value().to_owned(),
        tabs: edition_tabs("/newsroom/topics", lang, staff.lang),
        lang: lang.code(),
        new_heading: fill(tr(staff.lang, "New topic in the {edition} edition"), &[("edition", edition_name)]),
        slug_hint: slug_hint(staff.lang, &format!("/{}/topic/padma-bridge", lang.code())),
        q: q.to_owned(),
        found,
        rows,
        previous: (page > 1).then(|| list_path(lang, q, page - 1)),
        next: (page * PAGE_SIZE < total).then(|| list_path(lang, q, page + 1)),
        can_manage: decide(staff.role, Action::ManageTopics, Ownership::NotApplicable) == Decision::Allow,
        values,
        error,
        notice,
    };
    Ok(page.render()?)
}

/// `GET /newsroom/topics`.
pub async fn list(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    staff.authorize(Action::CreateTopics, Ownership::NotApplicable)?;
    let lang = edition(&state, query.lang.as_deref())?;
    let page = match query.page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=1_000_000).contains(p))
            .ok_or_else(|| AppError::bad_request(format!("The page {text:?} is not a page number.")))?,
    };
    let listing = Listing { lang, q: query.q.trim(), page };
    let html = list_page(&state, &staff, &csrf, listing, Values::default(), None, query.notice).await?;
    Ok(Html(html).into_response())
}

/// `POST /newsroom/topics`: creates a topic.
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<TopicForm>,
) -> Result<Response> {
    staff.authorize(Action::CreateTopics, Ownership::NotApplicable)?;
    let lang = edition(&state, Some(&form.lang))?;
    let result = match form.input(staff.lang) {
        Ok(input) => super::create(&state, &staff, &TopicInput { image_id: None, ..input }).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => {
            let notice = fill(
                tr(staff.lang, "Topic {name} created at {path}."),
                &[("name", &quoted(staff.lang, &row.name)), ("path", &topic_path(row.lang, &row.slug))],
            );
            Ok(see_other(format!("{}&notice={}", list_path(lang, &row.name, 1), encode_query(&notice))))
        }
        Err(err @ (AppError::Unprocessable(_) | AppError::Conflict(_))) => {
            let listing = Listing { lang, q: "", page: 1 };
            let html = list_page(&state, &staff, &csrf, listing, form.values(), Some(err.to_string()), None).await?;
            Ok((err.status(), Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: &TopicAdmin,
    values: Option<Values>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let speaker = staff.lang;
    let edition = edition_name(row.lang, speaker);
    let stories = number(speaker, row.stories);
    let page = EditTemplate {
        frame: Frame::new(state, staff, fill(tr(speaker, "Topic: {name}"), &[("name", &row.name)])),
        csrf: csrf.value().to_owned(),
        id: row.id,
        name: row.name.clone(),
        lang: row.lang.code(),
        subtitle: fill(
            tr(speaker, "{edition} edition · {n} published stories"),
            &[("edition", edition), ("n", &stories)],
        ),
        photo_label: around(tr(speaker, "Photo: image number in the {library} (empty for none)"), "{library}"),
        into_label: fill(
            tr(speaker, "Address of the topic of the {edition} edition that takes these stories"),
            &[("edition", edition)],
        ),
        path: topic_path(row.lang, &row.slug),
        values: values.unwrap_or_else(|| stored_values(row)),
        error,
        notice,
    };
    Ok(page.render()?)
}

fn edited(id: i64, notice: &str) -> Response {
    see_other(format!("/newsroom/topics/{id}?notice={}", encode_query(notice)))
}

/// `GET /newsroom/topics/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let row = super::load(&state, id).await?;
    Ok(Html(edit_page(&state, &staff, &csrf, &row, None, None, q.notice).await?).into_response())
}

/// `POST /newsroom/topics/{id}`: saves name, address, description and photo.
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<TopicForm>,
) -> Result<Response> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let current = super::load(&state, id).await?;
    let result = match form.input(staff.lang) {
        Ok(input) => super::update(&state, &staff, id, &TopicInput { lang: None, ..input }).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => Ok(edited(row.id, tr(staff.lang, "Topic saved; the site shows it now."))),
        Err(err @ (AppError::Unprocessable(_) | AppError::Conflict(_))) => {
            let html =
                edit_page(&state, &staff, &csrf, &current, Some(form.values()), Some(err.to_string()), None).await?;
            Ok((err.status(), Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}

/// The merge form: the address (or number) of the topic that takes the stories.
#[derive(Debug, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    into: String,
}

/// `POST /newsroom/topics/{id}/merge`.
pub async fn merge(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<MergeForm>,
) -> Result<Response> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let current = super::load(&state, id).await?;
    let typed = form.into.trim();
    let target = match db::by_slug(&state.db, current.lang, &typed.to_lowercase()).await? {
        Some(topic) => Ok(topic.id),
        None => typed.parse::<i64>().map_err(|_| {
            let message = tr(
                staff.lang,
                "There is no topic {name} in the {edition} edition: give the address of the topic to merge into.",
            );
            AppError::Unprocessable(fill(
                message,
                &[("name", &quoted(staff.lang, typed)), ("edition", edition_name(current.lang, staff.lang))],
            ))
        }),
    };
    let result = match target {
        Ok(into) => super::merge(&state, &staff, id, into).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => {
            let notice = tr(staff.lang, "Topic {name} merged into this one.");
            Ok(edited(row.id, &fill(notice, &[("name", &quoted(staff.lang, &current.name))])))
        }
        Err(err @ AppError::Unprocessable(_)) => {
            let html = edit_page(&state, &staff, &csrf, &current, None, Some(err.to_string()), None).await?;
            Ok((err.status(), Html(html)).into_response())
        }
        Err(other) => Err(other),
    }
}

/// `POST /newsroom/topics/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    staff.authorize(Action::ManageTopics, Ownership::NotApplicable)?;
    let current = super::load(&state, id).await?;
    super::delete(&state, &staff, id).await?;
    let notice = fill(tr(staff.lang, "Topic {name} deleted."), &[("name", &quoted(staff.lang, &current.name))]);
    Ok(see_other(format!("{}&notice={}", list_path(current.lang, "", 1), encode_query(&notice))))
}
