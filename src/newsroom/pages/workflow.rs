//! The workflow from the editor: the step buttons (submit, publish, schedule, unpublish,
//! correct, return), the comparison of two revisions and restoring an earlier one. A refused step shows
//! the editor again with the reason.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::Frame;
use super::editor::{editor, refusal};
use super::form::stored_values;
use crate::csrf::CsrfToken;
use crate::error::Result;
use crate::newsroom::actions::{self, invalid};
use crate::newsroom::api::workflow::StepInput;
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::model::Step;
use crate::newsroom::policy::Action;
use crate::state::AppState;
use crate::web::PathParams;
use crate::web::see_other;

/// The workflow step form.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    version: Option<i64>,
    /// `datetime-local`, in the newsroom's time zone.
    at: Option<String>,
    note: Option<String>,
}

/// Runs a workflow step from the editor; the handlers below say which.
async fn step_page(
    state: AppState,
    staff: Staff,
    csrf: CsrfToken,
    id: i64,
    form: StepForm,
    step: Step,
    action: Action,
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let at = match form.at.as_deref() {
        Some(local) if !local.is_empty() => {
            let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
                .map_err(|_| invalid(format!("{local:?} is not a date and time.")))?;
            Some(format!("{}{:+03}:{:02}", naive.format("%Y-%m-%dT%H:%M:00"), offset / 60, (offset % 60).abs()))
        }
        _ => None,
    };
    let input = StepInput { version: form.version, at, note: form.note };
    match actions::run_step(&state, &staff, id, input, step, action).await {
        Ok(row) => Ok(see_other(format!("/newsroom/articles/{}?notice={}", row.id, step.as_str()))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            let row = actions::load(&state, id).await?;
            let values = stored_values(&state, &row).await?;
            editor(&state, &staff, &csrf, Some(&row), values, status, Some(message), None).await
        }
    }
}

/// `POST /newsroom/articles/{id}/submit`: sends a draft to the review queue.
pub async fn submit(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    step_page(state, staff, csrf, id, form, Step::Submit, Action::SubmitArticle).await
}

/// `POST /newsroom/articles/{id}/publish`: publishes now.
pub async fn publish(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    step_page(state, staff, csrf, id, form, Step::Publish, Action::PublishArticle).await
}

/// `POST /newsroom/articles/{id}/schedule`: publishes at `at`.
pub async fn schedule(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    step_page(state, staff, csrf, id, form, Step::Schedule, Action::ScheduleArticle).await
}

/// `POST /newsroom/articles/{id}/unpublish`: takes the article off the site.
pub async fn unpublish(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    step_page(state, staff, csrf, id, form, Step::Unpublish, Action::UnpublishArticle).await
}

/// `POST /newsroom/articles/{id}/correct`: adds a public correction note.
pub async fn correct(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    step_page(state, staff, csrf, id, form, Step::Correct, Action::CorrectArticle).await
}

/// `POST /newsroom/articles/{id}/return`: sends a story in review back to its reporter with a note.
pub async fn return_to_reporter(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response> {
    step_page(state, staff, csrf, id, form, Step::Return, Action::ReturnArticle).await
}

#[derive(Template)]
#[template(path = "newsroom/diff.html")]
struct DiffTemplate {
    frame: Frame,
    c: actions::Comparison,
    /// "Changes from version 2 to 3"
    heading: String,
    /// The editor of what was compared.
    back: String,
}

/// The comparison page of two revisions of what the editor at `back` edits (an article, a page).
pub fn diff_page(state: &AppState, staff: &Staff, c: actions::Comparison, back: String) -> Result<Response> {
    let lang = staff.lang;
    let versions = [("from", number(lang, c.from)), ("to", number(lang, c.to))];
    let versions: Vec<(&str, &str)> = versions.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let title = fill(tr(lang, "Changes v{from} → v{to}"), &versions);
    let heading = fill(tr(lang, "Changes from version {from} to {to}"), &versions);
    let page = DiffTemplate { frame: Frame::new(state, staff, title), c, heading, back };
    Ok(Html(page.render()?).into_response())
}

/// `?from=&to=` of the comparison page.
#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// `GET /newsroom/articles/{id}/diff`: two revisions side by side, line by line.
pub async fn diff(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response> {
    let c = actions::compare(&state, &staff, id, q.from, q.to).await?;
    diff_page(&state, &staff, c, format!("/newsroom/articles/{id}"))
}

/// The restore form.
#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    pub revision: i64,
    pub version: i64,
}

/// `POST /newsroom/articles/{id}/restore`.
pub async fn restore(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<RestoreForm>,
) -> Result<Response> {
    match actions::restore(&state, &staff, id, form.revision, form.version).await {
        Ok(row) => Ok(see_other(format!("/newsroom/articles/{}?notice=restored", row.id))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            let row = actions::load(&state, id).await?;
            let values = stored_values(&state, &row).await?;
            editor(&state, &staff, &csrf, Some(&row), values, status, Some(message), None).await
        }
    }
}
