//! The site's pages in the newsroom: the list with each edition's footer order (a numbered form
//! admins can use without JavaScript), the editor with its preview, publishing, and the
//! revisions with comparison and restore. Every action goes through [`super::actions`], as the
//! API's do; a refusal shows the form again with the message.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::actions::{self, PageInput};
use super::db::{self, PageRow};
use super::model::{footer_order, page_path};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::html::SafeHtml;
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::pages::editor::refusal;
use crate::newsroom::pages::workflow::{CompareQuery, RestoreForm, diff_page};
use crate::newsroom::policy::{Action, Decision, Ownership, decide};
use crate::state::AppState;
use crate::web::{PathParams, see_other};

/// A row of the list.
struct Row {
    id: i64,
    title: String,
    slug: String,
    status: &'static str,
    /// The status in the newsroom's words.
    status_label: &'static str,
    position: i64,
    /// The footer place as the newsroom writes it.
    place: String,
    /// "Footer place of …", the place field's label.
    place_label: String,
    path: String,
}

/// One edition's pages.
struct Edition {
    code: &'static str,
    name: &'static str,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "sitepages/list.html")]
struct ListTemplate {
    frame: Frame,
    csrf: String,
    editions: Vec<Edition>,
    /// Admins set the footer order.
    can_order: bool,
    error: Option<String>,
    notice: Option<String>,
}

/// `?notice=` after a redirect.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

fn notice_text(notice: Option<String>, lang: Lang) -> Option<String> {
    notice.map(|n| {
        let text = match n.as_str() {
            "created" => "Draft created.",
            "saved" => "Saved.",
            "publish" => "Published: the page is on the site and in its edition's footer.",
            "unpublish" => "Taken down: the page is off the site and out of the footer.",
            "restored" => "The earlier text is back, saved as the newest version.",
            "deleted" => "The page is deleted.",
            "ordered" => "Footer order saved; the site shows it now.",
            _ => "Done.",
        };
        tr(lang, text).to_owned()
    })
}

/// An edition's name for someone whose newsroom speaks `speaks`: in English each edition is
/// named as itself ("English", "বাংলা"), in Bangla both are Bangla words.
fn edition_name(lang: Lang, speaks: Lang) -> &'static str {
    match (speaks, lang) {
        (Lang::En, _) => lang.ui().edition_name,
        (Lang::Bn, Lang::En) => tr(speaks, "English"),
        (Lang::Bn, Lang::Bn) => tr(speaks, "Bangla"),
    }
}

/// The refusals of the page checks, as they word them (those the API alone meets left out).
const REFUSALS: [&str; 10] = [
    "The slug needs 1 to {max} characters.",
    "The slug may hold only letters (English or Bangla), digits and hyphens, not {character}.",
    "The slug may not start or end with a hyphen, or hold two in a row.",
    "The title needs 1 to {max} characters.",
    "The body may hold at most {max} characters.",
    "The page changed while it was saved; reload it and try again.",
    "The page changed meanwhile; reload it and try again.",
    "There is no page {id} to link as the translation_id.",
    "This page changed since you opened it: you have version {version}, it is now at version {current} (last saved by \
     {by}). Reload it, and apply your change again.",
    "This page has no revision {n}.",
];

/// A refusal shown on a page of the newsroom, with its status, in `lang`.
fn refusal_in(err: AppError, lang: Lang) -> Result<(StatusCode, String)> {
    let (status, message) = refusal(err)?;
    Ok((status, crate::newsroom::i18n::reword(lang, &message, &REFUSALS).unwrap_or(message)))
}

/// What a revision records, in the newsroom's words.
fn action_word(action: &str, lang: Lang) -> String {
    const ACTIONS: [&str; 5] = ["create", "edit", "publish", "unpublish", "restore"];
    ACTIONS.into_iter().find(|a| *a == action).map_or_else(|| action.to_owned(), |a| tr(lang, a).to_owned())
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response> {
    let rows = db::all(&state.db).await?;
    let editions = Lang::ALL
        .iter()
        .map(|lang| Edition {
            code: lang.code(),
            name: edition_name(*lang, staff.lang),
            rows: rows
                .iter()
                .filter(|r| r.lang == *lang)
                .map(|r| {
                    let status = if r.is_published() { "published" } else { "draft" };
                    Row {
                        id: r.id,
                        title: r.title.clone(),
                        slug: r.slug.clone(),
                        status,
                        status_label: tr(staff.lang, status),
                        position: r.position,
                        place: number(staff.lang, r.position),
                        place_label: fill(tr(staff.lang, "Footer place of {title}"), &[("title", &r.title)]),
                        path: page_path(r.lang, &r.slug),
                    }
                })
                .collect(),
        })
        .collect();
    let page = ListTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Pages")),
        csrf: csrf.value().to_owned(),
        editions,
        can_order: decide(staff.role, Action::ManageSettings, Ownership::NotApplicable) == Decision::Allow,
        error,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /newsroom/pages`: every page by edition, in footer order.
pub async fn list(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    list_page(&state, &staff, &csrf, StatusCode::OK, None, notice_text(q.notice, staff.lang)).await
}

/// `POST /newsroom/pages/order`: the numbers typed beside an edition's pages (`lang`, then
/// `position-{id}` fields) become its footer order.
pub async fn order(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    staff.authorize(Action::ManageSettings, Ownership::NotApplicable)?;
    let lang = pairs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(v));
    let mut typed = Vec::new();
    for (key, value) in &pairs {
        let Some(id) = key.strip_prefix("position-").and_then(|id| id.parse::<i64>().ok()) else { continue };
        match value.trim().parse::<i64>() {
            Ok(position) => typed.push((id, position)),
            Err(_) => {
                let text = tr(staff.lang, "The place of each page must be a whole number, not {value}.");
                let message = fill(text, &[("value", &format!("{value:?}"))]);
                return list_page(&state, &staff, &csrf, StatusCode::UNPROCESSABLE_ENTITY, Some(message), None).await;
            }
        }
    }
    let Some(lang) = lang else { return Ok(see_other("/newsroom/pages")) };
    match actions::set_order(&state, &staff, lang, &footer_order(typed)).await {
        Ok(()) => Ok(see_other("/newsroom/pages?notice=ordered")),
        Err(err) => {
            let (status, message) = refusal_in(err, staff.lang)?;
            list_page(&state, &staff, &csrf, status, Some(message), None).await
        }
    }
}

/// What the editor form holds.
#[derive(Debug, Default, Clone)]
struct FormValues {
    lang: String,
    title: String,
    slug: String,
    body: String,
    translation_id: String,
    /// The version the typed text is based on, kept when the form is shown again.
    version: Option<i64>,
}

impl FormValues {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        Self {
            lang: get("lang"),
            title: get("title"),
            slug: get("slug"),
            body: get("body"),
            translation_id: get("translation_id"),
            version: get("version").parse().ok(),
        }
    }

    fn of(row: &PageRow) -> Self {
        Self {
            lang: row.lang.code().to_owned(),
            title: row.title.clone(),
            slug: row.slug.clone(),
            body: row.body_md.clone(),
            translation_id: row.translation_id.map(|t| t.to_string()).unwrap_or_default(),
            version: Some(row.version),
        }
    }

    fn input(&self, new: bool) -> PageInput {
        let slug = self.slug.trim();
        PageInput {
            lang: new.then(|| self.lang.clone()),
            title: Some(self.title.clone()),
            body: Some(self.body.clone()),
            // An empty slug on a saved page keeps its address.
            slug: (new || !slug.is_empty()).then(|| slug.to_owned()),
            // An empty field removes the link; something that is not a number links nothing.
            translation_id: Some(self.translation_id.trim().parse().unwrap_or(0)),
            version: self.version,
        }
    }
}

struct RevisionLine {
    version: i64,
    /// "v3", in the newsroom's words.
    label: String,
    action: String,
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "sitepages/editor.html")]
struct EditorTemplate {
    frame: Frame,
    /// "#3 · draft · version 2" beside "Edit page", for a saved page.
    heading: Option<String>,
    /// The address field's label.
    address_hint: String,
    js: String,
    id: Option<i64>,
    published: bool,
    version: i64,
    action: String,
    csrf: String,
    form: FormValues,
    preview_html: SafeHtml,
    revisions: Vec<RevisionLine>,
    public_url: Option<String>,
    error: Option<String>,
    notice: Option<String>,
}

/// Renders the editor for a new page (`row` is `None`) or an existing one.
async fn editor(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: Option<&PageRow>,
    form: FormValues,
    status: StatusCode,
    (error, notice): (Option<String>, Option<String>),
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let revisions = match row {
        None => Vec::new(),
        Some(r) => db::revisions(&state.db, r.id)
            .await?
            .into_iter()
            .map(|v| RevisionLine {
                version: v.version,
                label: fill(tr(staff.lang, "v{n}"), &[("n", &number(staff.lang, v.version))]),
                action: action_word(&v.action, staff.lang),
                by: v.author.unwrap_or_else(|| tr(staff.lang, "the sample").into()),
                at: format_datetime(staff.lang, v.saved_at, offset),
            })
            .collect(),
    };
    let speaks = staff.lang;
    let version = form.version.or(row.map(|r| r.version)).unwrap_or(0);
    let page = EditorTemplate {
        frame: Frame::new(state, staff, row.map_or_else(|| tr(speaks, "New page").into(), |r| r.title.clone())),
        heading: row.map(|r| {
            let status = tr(speaks, if r.is_published() { "published" } else { "draft" });
            let (id, version) = (number(speaks, r.id), number(speaks, version));
            fill(
                tr(speaks, "#{id} · {status} · version {version}"),
                &[("id", &id), ("status", status), ("version", &version)],
            )
        }),
        address_hint: fill(
            tr(speaks, "Address: /{lang}/… (lowercase letters, digits, hyphens)"),
            &[("lang", if form.lang.is_empty() { "en" } else { form.lang.as_str() })],
        ),
        js: state.assets.newsroom_js_path().to_owned(),
        id: row.map(|r| r.id),
        published: row.is_some_and(PageRow::is_published),
        version,
        action: row.map_or_else(|| "/newsroom/pages".into(), |r| format!("/newsroom/pages/{}", r.id)),
        csrf: csrf.value().to_owned(),
        preview_html: crate::html::markdown(&form.body),
        form,
        revisions,
        public_url: row.filter(|r| r.is_published()).map(|r| page_path(r.lang, &r.slug)),
        error,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /newsroom/pages/new`.
pub async fn new_form(State(state): State<AppState>, StaffPage(staff): StaffPage, csrf: CsrfToken) -> Result<Response> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let form = FormValues { lang: "en".into(), ..FormValues::default() };
    editor(&state, &staff, &csrf, None, form, StatusCode::OK, (None, None)).await
}

/// `POST /newsroom/pages`: creates a draft (or shows a preview).
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let form = FormValues::from_pairs(&pairs);
    if pairs.iter().any(|(k, _)| k == "preview") {
        return editor(&state, &staff, &csrf, None, form, StatusCode::OK, (None, None)).await;
    }
    match actions::create(&state, &staff, &form.input(true)).await {
        Ok(row) => Ok(see_other(format!("/newsroom/pages/{}?notice=created", row.id))),
        Err(err) => {
            let (status, message) = refusal_in(err, staff.lang)?;
            editor(&state, &staff, &csrf, None, form, status, (Some(message), None)).await
        }
    }
}

/// `GET /newsroom/pages/{id}`: the editor.
pub async fn edit_form(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = actions::load(&state, id).await?;
    let notice = notice_text(q.notice, staff.lang);
    editor(&state, &staff, &csrf, Some(&row), FormValues::of(&row), StatusCode::OK, (None, notice)).await
}

/// `POST /newsroom/pages/{id}`: saves with the version check (or shows a preview).
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    staff.authorize(Action::ManagePages, Ownership::NotApplicable)?;
    let row = actions::load(&state, id).await?;
    let form = FormValues::from_pairs(&pairs);
    if pairs.iter().any(|(k, _)| k == "preview") {
        return editor(&state, &staff, &csrf, Some(&row), form, StatusCode::OK, (None, None)).await;
    }
    match actions::edit(&state, &staff, id, &form.input(false)).await {
        Ok(saved) => Ok(see_other(format!("/newsroom/pages/{}?notice=saved", saved.id))),
        // The editor keeps what was typed; the version stays the one it was based on.
        Err(err) => {
            let (status, message) = refusal_in(err, staff.lang)?;
            editor(&state, &staff, &csrf, Some(&row), form, status, (Some(message), None)).await
        }
    }
}

/// The publish, unpublish and delete forms.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    version: Option<i64>,
}

/// Shows the editor again with a refusal, or passes other errors on.
async fn refused(state: &AppState, staff: &Staff, csrf: &CsrfToken, id: i64, err: AppError) -> Result<Response> {
    let (status, message) = refusal_in(err, staff.lang)?;
    let row = actions::load(state, id).await?;
    editor(state, staff, csrf, Some(&row), FormValues::of(&row), status, (Some(message), None)).await
}

/// `POST /newsroom/pages/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    match actions::set_published(&state, &staff, id, form.version, true).await {
        Ok(_) => Ok(see_other(format!("/newsroom/pages/{id}?notice=publish"))),
        Err(err) => refused(&state, &staff, &csrf, id, err).await,
    }
}

/// `POST /newsroom/pages/{id}/unpublish`.
pub async fn unpublish(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    match actions::set_published(&state, &staff, id, form.version, false).await {
        Ok(_) => Ok(see_other(format!("/newsroom/pages/{id}?notice=unpublish"))),
        Err(err) => refused(&state, &staff, &csrf, id, err).await,
    }
}

/// `POST /newsroom/pages/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    actions::delete(&state, &staff, id).await?;
    Ok(see_other("/newsroom/pages?notice=deleted"))
}

/// `GET /newsroom/pages/{id}/diff`: two revisions side by side, line by line.
pub async fn diff(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response> {
    let c = actions::compare(&state, &staff, id, q.from, q.to).await?;
    diff_page(&state, &staff, c, format!("/newsroom/pages/{id}"))
}

/// `POST /newsroom/pages/{id}/restore`.
pub async fn restore(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<RestoreForm>,
) -> Result<Response> {
    match actions::restore(&state, &staff, id, form.revision, form.version).await {
        Ok(_) => Ok(see_other(format!("/newsroom/pages/{id}?notice=restored"))),
        Err(err) => refused(&state, &staff, &csrf, id, err).await,
    }
}
