//! The story editor: the form for a new or existing article, saving it (with the version
//! check), and the preview of its body.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::form::{FormValues, stored_values};
use super::{Frame, words};
use crate::articles::model::{BylineKind, article_path};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, bangla_digits, format_datetime};
use crate::error::{AppError, Result};
use crate::html::SafeHtml;
use crate::newsroom::actions;
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::db::{self, EditRow};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::model::{Status, Step, transition};
use crate::newsroom::policy::{Action, Decision, Ownership, decide};
use crate::state::AppState;
use crate::web::PathParams;
use crate::web::see_other;

struct SectionOption {
    value: String,
    label: String,
    selected: bool,
}

struct BylineOption {
    slug: String,
    name: String,
    desk: bool,
    checked: bool,
}

struct ImageOption {
    id: i64,
    label: String,
    selected: bool,
}

struct StepButton {
    name: &'static str,
    label: &'static str,
}

/// The story's latest return to its reporter.
struct ReturnedLine {
    /// "Returned by … on …:"
    by_at: String,
    note: String,
}

/// A note of the desk's thread.
struct NoteLine {
    author: String,
    at: String,
    body: String,
}

struct RevisionLine {
    version: i64,
    /// "v3 · publish · Rumana Ahmed · 6 December 2026 3:40 AM"
    line: String,
}

#[derive(Template)]
#[template(path = "newsroom/editor.html")]
struct EditorTemplate {
    frame: Frame,
    editor_js: String,
    editor_css: String,
    /// The story editor's words in the staff member's language, as JSON (English → theirs).
    strings: SafeHtml,
    /// The story's edition (`en`, `bn`), empty for a new story until a section is chosen.
    body_lang: &'static str,
    /// "Restored unsaved changes from 10:42", when the page shows an autosaved copy.
    restored: Option<String>,
    /// A preview link just made, shown once.
    preview_link: Option<String>,
    id: Option<i64>,
    /// "#12 · draft · version 3" after the heading of a stored article.
    meta: String,
    version: i64,
    action: String,
    csrf: String,
    form: FormValues,
    sections: Vec<SectionOption>,
    bylines: Vec<BylineOption>,
    images: Vec<ImageOption>,
    preview_html: SafeHtml,
    steps: Vec<StepButton>,
    revisions: Vec<RevisionLine>,
    returned: Option<ReturnedLine>,
    notes: Vec<NoteLine>,
    public_url: Option<String>,
    /// "Publish at (UTC+06:00)"
    schedule_label: String,
    error: Option<String>,
    notice: Option<String>,
}

const STEPS: [(Step, Action, &str); 6] = [
    (Step::Submit, Action::SubmitArticle, "Submit for review"),
    (Step::Publish, Action::PublishArticle, "Publish now"),
    (Step::Schedule, Action::ScheduleArticle, "Schedule"),
    (Step::Unpublish, Action::UnpublishArticle, "Unpublish"),
    (Step::Correct, Action::CorrectArticle, "Add correction"),
    (Step::Return, Action::ReturnArticle, "Return to reporter"),
];

/// What the editor page may show besides the form.
#[derive(Debug, Default)]
pub(super) struct Extras {
    restored: Option<String>,
    preview_link: Option<String>,
}

/// The body as the public page will show it, its photos from the library.
async fn preview_html(state: &AppState, lang: Lang, body: &str) -> Result<SafeHtml> {
    let body = crate::body::Body::from_html(body);
    let mut photos = std::collections::HashMap::new();
    for placed in body.photos() {
        if let Some(m) = crate::media::db::find(&state.db, placed.media_id).await? {
            photos.insert(m.id, crate::media::photo(&m));
        }
    }
    Ok(crate::body::render::render(&body, lang, &|id| photos.get(&id).cloned()).html)
}

/// Renders the editor for a new article (`row` is `None`) or an existing one.
#[allow(clippy::too_many_arguments)]
pub(super) async fn editor(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: Option<&EditRow>,
    form: FormValues,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response> {
    editor_with(state, staff, csrf, row, form, (status, error, notice), Extras::default()).await
}

/// The editor with what else it shows.
async fn editor_with(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: Option<&EditRow>,
    form: FormValues,
    (status, error, notice): (StatusCode, Option<String>, Option<String>),
    extras: Extras,
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let lang = staff.lang;
    let sections = section_options(state, staff, row, &form);
    let bylines = byline_options(state, &form).await?;
    let images = image_options(state, staff.lang, &form).await?;
    let (steps, revisions, public_url) = match row {
        None => (Vec::new(), Vec::new(), None),
        Some(r) => {
            let steps = step_buttons(staff, r);
            let revisions = revision_lines(state, staff, r).await?;
            let public = (r.status == Status::Published).then(|| article_path(r.lang, r.id, &r.slug));
            (steps, revisions, public)
        }
    };
    let (returned, notes) = match row {
        None => (None, Vec::new()),
        Some(r) => handoff_lines(state, staff, r).await?,
    };
    let version = form.based_on.or(row.map(|r| r.version)).unwrap_or(0);
    let meta = row.map_or_else(String::new, |r| {
        fill(
            tr(lang, "#{id} · {status} · version {version}"),
            &[
                ("id", &number(lang, r.id)),
                ("status", tr(lang, r.status.as_str())),
                ("version", &number(lang, version)),
            ],
        )
    });
    let zone = format!("UTC{:+03}:{:02}", offset / 60, (offset % 60).abs());
    let zone = match lang {
        Lang::En => zone,
        Lang::Bn => bangla_digits(&zone.replace("UTC", tr(lang, "UTC"))),
    };
    let page = EditorTemplate {
        frame: Frame::new(state, staff, row.map_or_else(|| tr(lang, "New article").into(), |r| r.title.clone())),
        editor_js: state.assets.editor_js_path().to_owned(),
        editor_css: state.assets.editor_css_path().to_owned(),
        strings: crate::newsroom::i18n::editor_strings(lang),
        body_lang: row.map_or("", |r| r.lang.code()),
        restored: extras.restored,
        preview_link: extras.preview_link,
        id: row.map(|r| r.id),
        meta,
        version,
        action: row.map_or_else(|| "/newsroom/articles".into(), |r| format!("/newsroom/articles/{}", r.id)),
        csrf: csrf.value().to_owned(),
        preview_html: preview_html(state, row.map_or(lang, |r| r.lang), &form.body).await?,
        form,
        sections,
        bylines,
        images,
        steps,
        revisions,
        returned,
        notes,
        public_url,
        schedule_label: fill(tr(lang, "Publish at ({zone})"), &[("zone", &zone)]),
        error: error.map(|e| words::refusal_text(lang, &e)),
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The section choices: for a new article every edition's sections (the value carries the
/// edition), for an existing one its own edition's.
fn section_options(state: &AppState, staff: &Staff, row: Option<&EditRow>, form: &FormValues) -> Vec<SectionOption> {
    let site = state.site.get();
    let edition = |lang: Lang| match staff.lang {
        Lang::En => lang.ui().edition_name,
        Lang::Bn => tr(staff.lang, words::edition_name(lang)),
    };
    match row {
        None => Lang::ALL
            .iter()
            .flat_map(|lang| {
                site.sections(*lang).iter().map(move |s| SectionOption {
                    value: format!("{}:{}", lang.code(), s.slug),
                    label: format!("{} — {}", edition(*lang), s.name),
                    selected: false,
                })
            })
            .map(|mut o| {
                o.selected = o.value == form.section;
                o
            })
            .collect(),
        Some(r) => {
            let lang = r.lang;
            site.sections(lang)
                .iter()
                .map(|s| SectionOption {
                    value: s.slug.clone(),
                    label: s.name.clone(),
                    selected: s.slug == form.section,
                })
                .collect()
        }
    }
}

/// Every byline in use, the article's own ticked (a retired one only while it is ticked).
async fn byline_options(state: &AppState, form: &FormValues) -> Result<Vec<BylineOption>> {
    Ok(crate::bylines::db::list(&state.db, "", true)
        .await?
        .into_iter()
        .filter(|b| b.retired_at.is_none() || form.bylines.contains(&b.slug))
        .map(|b| BylineOption {
            checked: form.bylines.contains(&b.slug),
            desk: b.kind == BylineKind::Desk,
            slug: b.slug,
            name: b.name,
        })
        .collect())
}

/// The recent images of the media library to choose the featured one from.
async fn image_options(state: &AppState, lang: Lang, form: &FormValues) -> Result<Vec<ImageOption>> {
    let mut media = crate::media::db::recent(&state.db, 50).await?;
    // The article's own image stays choosable however old it is, or saving would drop it.
    if form.image_id != 0
        && !media.iter().any(|m| m.id == form.image_id)
        && let Some(current) = crate::media::db::find(&state.db, form.image_id).await?
    {
        media.push(current);
    }
    Ok(media
        .into_iter()
        .map(|m| ImageOption {
            selected: m.id == form.image_id,
            label: format!("#{} {}", number(lang, m.id), m.alt),
            id: m.id,
        })
        .collect())
}

/// The workflow steps this staff member may take from the article's status.
fn step_buttons(staff: &Staff, r: &EditRow) -> Vec<StepButton> {
    let from = r.status;
    let own = staff.ownership(r.created_by);
    STEPS
        .iter()
        .filter(|(step, action, _)| {
            transition(from, *step).is_ok() && decide(staff.role, *action, own) == Decision::Allow
        })
        .map(|(step, _, label)| StepButton { name: step.as_str(), label: tr(staff.lang, label) })
        .collect()
}

/// The story's latest return and the desk's notes, for those who may read them.
async fn handoff_lines(state: &AppState, staff: &Staff, r: &EditRow) -> Result<(Option<ReturnedLine>, Vec<NoteLine>)> {
    let offset = state.config.utc_offset_minutes;
    if decide(staff.role, Action::NoteArticle, staff.ownership(r.created_by)) != Decision::Allow {
        return Ok((None, Vec::new()));
    }
    let lang = staff.lang;
    let returned = db::latest_return(&state.db, r.id).await?.map(|n| ReturnedLine {
        by_at: fill(
            tr(lang, "Returned by {name} on {date}:"),
            &[
                ("name", &n.author.unwrap_or_else(|| tr(lang, "an editor").into())),
                ("date", &format_datetime(lang, n.saved_at, offset)),
            ],
        ),
        note: n.note,
    });
    let notes = crate::newsroom::notes::db::thread(&state.db, r.id)
        .await?
        .into_iter()
        .map(|n| NoteLine {
            author: n.author.unwrap_or_else(|| tr(lang, "a former colleague").into()),
            at: format_datetime(lang, n.created_at, offset),
            body: n.body,
        })
        .collect();
    Ok((returned, notes))
}

/// The editor of a stored article shown again with a refusal's `message`.
pub async fn show_again(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: &EditRow,
    status: StatusCode,
    message: String,
) -> Result<Response> {
    let values = stored_values(state, row).await?;
    editor(state, staff, csrf, Some(row), values, status, Some(message), None).await
}

/// The article's revision history, newest first.
async fn revision_lines(state: &AppState, staff: &Staff, r: &EditRow) -> Result<Vec<RevisionLine>> {
    let offset = state.config.utc_offset_minutes;
    let lang = staff.lang;
    Ok(db::revisions(&state.db, r.id)
        .await?
        .into_iter()
        .map(|v| RevisionLine {
            line: fill(
                tr(lang, "v{version} · {action} · {by} · {at}"),
                &[
                    ("version", &number(lang, v.version)),
                    ("action", &words::action_word(lang, &v.action)),
                    ("by", &v.author.unwrap_or_else(|| tr(lang, "the scheduler").into())),
                    ("at", &format_datetime(lang, v.saved_at, offset)),
                ],
            ),
            version: v.version,
        })
        .collect())
}

/// Turns an expected refusal into the editor shown again with the message; other errors pass.
pub fn refusal(err: AppError) -> std::result::Result<(StatusCode, String), AppError> {
    match err {
        AppError::Unprocessable(m) => Ok((StatusCode::UNPROCESSABLE_ENTITY, m)),
        AppError::Conflict(m) => Ok((StatusCode::CONFLICT, m)),
        other => Err(other),
    }
}

/// `GET /newsroom/articles/new`.
pub async fn new_form(State(state): State<AppState>, StaffPage(staff): StaffPage, csrf: CsrfToken) -> Result<Response> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    // A new story is credited to its writer until they choose otherwise.
    let own = crate::bylines::db::of_user(&state.db, staff.id).await?;
    let mut form = FormValues { bylines: own.map(|b| b.slug).into_iter().collect(), ..FormValues::default() };
    let restored = restore_autosave(&state, &staff, None, &mut form).await?;
    let extras = Extras { restored, ..Extras::default() };
    editor_with(&state, &staff, &csrf, None, form, (StatusCode::OK, None, None), extras).await
}

/// `POST /newsroom/articles`: creates a draft (or shows a preview).
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    let form = FormValues::from_pairs(&pairs);
    if pairs.iter().any(|(k, _)| k == "preview") {
        return editor(&state, &staff, &csrf, None, form, StatusCode::OK, None, None).await;
    }
    match actions::create_article(&state, &staff, &form.input(true, None), None).await.map(|(row, _)| row) {
        Ok(row) => Ok(see_other(format!("/newsroom/articles/{}?notice=created", row.id))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            editor(&state, &staff, &csrf, None, form, status, Some(message), None).await
        }
    }
}

/// `?notice=` after a redirect.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
    /// A preview link just made (its token).
    link: Option<String>,
}

/// `GET /newsroom/articles/{id}`: the editor.
pub async fn edit_form(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    let row = actions::load(&state, id).await?;
    staff.authorize(Action::ViewArticle, staff.ownership(row.created_by))?;
    let lang = staff.lang;
    let notice = q.notice.map(|n| match n.as_str() {
        "created" => tr(lang, "Draft created.").to_owned(),
        "saved" => tr(lang, "Saved.").to_owned(),
        "restored" => tr(lang, "The earlier text is back, saved as the newest version.").to_owned(),
        "noted" => tr(lang, "Note added for the desk.").to_owned(),
        "discarded" => tr(lang, "Unsaved changes discarded: this is the story as last saved.").to_owned(),
        "preview" => {
            tr(lang, "Preview link made: anyone with it sees the story as its page will look, for 7 days.").to_owned()
        }
        "return" => tr(lang, "Returned to the reporter as a draft, with your note.").to_owned(),
        step => fill(tr(lang, "Done: {step}."), &[("step", &words::action_word(lang, step))]),
    });
    let mut values = stored_values(&state, &row).await?;
    let preview_link = q
        .link
        .filter(|t| t.len() == 48 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|t| format!("{}/preview/{t}", state.config.base_url));
    let restored = restore_autosave(&state, &staff, Some(&row), &mut values).await?;
    let extras = Extras { restored, preview_link };
    editor_with(&state, &staff, &csrf, Some(&row), values, (StatusCode::OK, None, notice), extras).await
}

/// Puts the staff member's autosaved copy of the story into the form when it is newer than the
/// story's last save; returns the notice saying so.
async fn restore_autosave(
    state: &AppState,
    staff: &Staff,
    row: Option<&EditRow>,
    form: &mut FormValues,
) -> Result<Option<String>> {
    let Some(copy) = crate::newsroom::editing::db::autosaved(&state.db, staff.id, row.map_or(0, |r| r.id)).await?
    else {
        return Ok(None);
    };
    if row.is_some_and(|r| r.updated_at > copy.saved_at) {
        return Ok(None);
    }
    let lang = staff.lang;
    let at = crate::editions::format_datetime(lang, copy.saved_at, state.config.utc_offset_minutes);
    // Typed on a version someone has since saved over: brought back, the copy would silently
    // undo their save. It is kept until discarded, and the story shows as it now is.
    if row.is_some_and(|r| r.version != copy.base_version) {
        return Ok(Some(fill(
            tr(
                lang,
                "Your unsaved changes from {time} were typed on an earlier version, which someone has saved over since: the story is shown as it now is.",
            ),
            &[("time", &at)],
        )));
    }
    let unchanged = form.title == copy.title && form.standfirst == copy.standfirst && form.body == copy.body.as_str();
    if unchanged {
        return Ok(None);
    }
    form.title = copy.title;
    form.standfirst = copy.standfirst;
    form.body = copy.body.into_string();
    Ok(Some(fill(tr(lang, "Restored unsaved changes from {time}."), &[("time", &at)])))
}

/// `POST /newsroom/articles/{id}`: saves with the version check (or shows a preview).
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let row = actions::load(&state, id).await?;
    staff.authorize(Action::EditArticle, staff.ownership(row.created_by))?;
    let form = FormValues::from_pairs(&pairs);
    if pairs.iter().any(|(k, _)| k == "preview") {
        return editor(&state, &staff, &csrf, Some(&row), form, StatusCode::OK, None, None).await;
    }
    let version = pairs.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.parse().ok());
    match actions::edit_article(&state, &staff, id, &form.input(false, version)).await {
        Ok(saved) => Ok(see_other(format!("/newsroom/articles/{}?notice=saved", saved.id))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            // The editor keeps what was typed; the version stays the one it was based on.
            editor(&state, &staff, &csrf, Some(&row), form, status, Some(message), None).await
        }
    }
}

/// The preview request of the editor's script.
#[derive(Debug, Deserialize)]
pub struct PreviewForm {
    body: String,
}

/// `POST /newsroom/preview`: the body as the public page will show it.
pub async fn preview(StaffPage(staff): StaffPage, Form(form): Form<PreviewForm>) -> Result<Response> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    Ok(Html(crate::html::markdown(&form.body).into_string()).into_response())
}
