//! The newsroom in the browser: the article list and the editor with preview, workflow
//! buttons and revision history. Staff log in with their account; every action goes through
//! the same checks as the API ([`super::actions`]).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::actions::{self, invalid};
use super::api::ArticleInput;
use super::api::workflow::StepInput;
use super::auth::{Staff, StaffPage};
use super::db::{self, EditRow, ListFilter};
use super::model::{Status, Step, transition};
use super::policy::{Action, Decision, Ownership, Role, decide};
use crate::articles::model::{BylineKind, article_path};
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::html::SafeHtml;
use crate::state::AppState;
use crate::web::PathParams;

/// What the newsroom layout shows around every page.
pub struct Frame {
    pub title: String,
    pub site_name: String,
    pub css: String,
    pub logo: String,
    pub bangla_font: String,
    pub staff_name: String,
    /// The newsroom's pages this staff member may open; the others are not offered.
    pub nav: Vec<NavLink>,
    /// The first of them, where the newsroom's name leads.
    pub home: &'static str,
}

/// A link of the newsroom's menu.
pub struct NavLink {
    pub path: &'static str,
    pub label: &'static str,
}

const NAV: [(&str, &str, Action); 6] = [
    ("/newsroom", "Articles", Action::ListArticles),
    ("/newsroom/articles/new", "New article", Action::CreateArticle),
    ("/newsroom/media", "Media", Action::UploadMedia),
    ("/newsroom/comments", "Comments", Action::ModerateComments),
    ("/newsroom/staff", "Staff", Action::ManageStaff),
    ("/newsroom/settings", "Settings", Action::ManageSettings),
];

impl Frame {
    /// The frame of a newsroom page titled `title`, for `staff`.
    pub fn new(state: &AppState, staff: &Staff, title: impl Into<String>) -> Self {
        let site = state.site.get();
        let nav: Vec<NavLink> = NAV
            .iter()
            .filter(|(_, _, action)| decide(staff.role, *action, Ownership::NotApplicable) == Decision::Allow)
            .map(|&(path, label, _)| NavLink { path, label })
            .collect();
        Self {
            title: title.into(),
            site_name: site.name(Lang::En).to_owned(),
            css: state.assets.css_path().to_owned(),
            logo: site.logo_path.clone().unwrap_or_else(|| state.assets.logo_path().to_owned()),
            bangla_font: state.assets.bangla_font_path().to_owned(),
            staff_name: staff.name.clone(),
            home: nav.first().map_or("/", |link| link.path),
            nav,
        }
    }
}

fn see_other(location: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// A status tab of the list.
struct Tab {
    label: &'static str,
    path: String,
    active: bool,
}

/// A row of the list.
struct Row {
    id: i64,
    title: String,
    status: String,
    lang: String,
    section: String,
    updated: String,
    scheduled: Option<String>,
}

#[derive(Template)]
#[template(path = "newsroom/dashboard.html")]
struct DashboardTemplate {
    frame: Frame,
    tabs: Vec<Tab>,
    status: String,
    lang: String,
    mine: bool,
    rows: Vec<Row>,
}

/// `?status=&lang=&mine=` of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    lang: Option<String>,
    mine: Option<String>,
}

/// `GET /newsroom`: articles by status, newest change first; reporters see their own.
pub async fn dashboard(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    staff.authorize(Action::ListArticles, Ownership::NotApplicable)?;
    let status = q.status.filter(|s| Status::parse(s).is_some()).unwrap_or_default();
    let lang = q.lang.filter(|l| Lang::parse(l).is_some()).unwrap_or_default();
    let mine = staff.role == Role::Reporter || q.mine.as_deref() == Some("true");
    let filter = ListFilter {
        status: Some(status.clone()).filter(|s| !s.is_empty()),
        lang: Some(lang.clone()).filter(|l| !l.is_empty()),
        section: None,
        created_by: mine.then_some(staff.id),
        byline: None,
    };
    let offset = state.config.utc_offset_minutes;
    let rows = db::list(&state.db, &filter, 200)
        .await?
        .into_iter()
        .map(|r| Row {
            id: r.id,
            title: r.title,
            status: r.status.as_str().into(),
            lang: r.lang.code().into(),
            section: r.section_slug,
            updated: format_datetime(Lang::En, r.updated_at, offset),
            scheduled: r.scheduled_at.map(|t| format_datetime(Lang::En, t, offset)),
        })
        .collect();
    let tabs = [
        ("", "All"),
        ("draft", "Drafts"),
        ("review", "In review"),
        ("scheduled", "Scheduled"),
        ("published", "Published"),
        ("unpublished", "Unpublished"),
    ]
    .into_iter()
    .map(|(s, label)| Tab { label, path: format!("/newsroom?status={s}&lang={lang}"), active: s == status })
    .collect();
    let page = DashboardTemplate { frame: Frame::new(&state, &staff, "Articles"), tabs, status, lang, mine, rows };
    Ok(Html(page.render()?).into_response())
}

/// What the editor form holds.
#[derive(Debug, Default, Clone)]
struct FormValues {
    title: String,
    standfirst: String,
    body: String,
    topics: String,
    slug: String,
    seo_title: String,
    seo_description: String,
    section: String,
    bylines: Vec<String>,
    premoderate: bool,
    image_id: i64,
    translation_id: String,
    /// The version the typed text is based on, kept when the editor is shown again (preview,
    /// refusal) so that a later save cannot overwrite someone else's.
    based_on: Option<i64>,
}

impl FormValues {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        Self {
            title: get("title"),
            standfirst: get("standfirst"),
            body: get("body"),
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
    fn input(&self, new: bool, version: Option<i64>) -> ArticleInput {
        let (lang, section) = match self.section.split_once(':') {
            Some((lang, section)) if new => (Some(lang.to_owned()), section.to_owned()),
            _ => (None, self.section.clone()),
        };
        let some = |s: &str| Some(s.to_owned());
        ArticleInput {
            lang,
            title: some(&self.title),
            standfirst: some(&self.standfirst),
            body: some(&self.body),
            section: Some(section),
            byline: Some(self.bylines.clone()),
            topics: Some(self.topics.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()),
            slug: Some(self.slug.trim().to_owned()).filter(|s| !s.is_empty()),
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

struct RevisionLine {
    version: i64,
    action: String,
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "newsroom/editor.html")]
struct EditorTemplate {
    frame: Frame,
    js: String,
    id: Option<i64>,
    status: String,
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
    public_url: Option<String>,
    zone: String,
    error: Option<String>,
    notice: Option<String>,
}

const STEPS: [(Step, Action, &str); 5] = [
    (Step::Submit, Action::SubmitArticle, "Submit for review"),
    (Step::Publish, Action::PublishArticle, "Publish now"),
    (Step::Schedule, Action::ScheduleArticle, "Schedule"),
    (Step::Unpublish, Action::UnpublishArticle, "Unpublish"),
    (Step::Correct, Action::CorrectArticle, "Add correction"),
];

/// Renders the editor for a new article (`row` is `None`) or an existing one.
#[allow(clippy::too_many_arguments)]
async fn editor(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: Option<&EditRow>,
    form: FormValues,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response> {
    let offset = state.config.utc_offset_minutes;
    let site = state.site.get();
    let sections = match row {
        None => Lang::ALL
            .iter()
            .flat_map(|lang| {
                site.sections(*lang).iter().map(move |s| SectionOption {
                    value: format!("{}:{}", lang.code(), s.slug),
                    label: format!("{} — {}", lang.ui().edition_name, s.name),
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
    };
    let bylines = db::all_bylines(&state.db)
        .await?
        .into_iter()
        .map(|b| BylineOption {
            checked: form.bylines.contains(&b.slug),
            desk: b.kind == BylineKind::Desk,
            slug: b.slug,
            name: b.name,
        })
        .collect();
    let mut media = crate::media::db::recent(&state.db, 50).await?;
    // The article's own image stays choosable however old it is, or saving would drop it.
    if form.image_id != 0
        && !media.iter().any(|m| m.id == form.image_id)
        && let Some(current) = crate::media::db::find(&state.db, form.image_id).await?
    {
        media.push(current);
    }
    let images = media
        .into_iter()
        .map(|m| ImageOption { selected: m.id == form.image_id, label: format!("#{} {}", m.id, m.alt), id: m.id })
        .collect();
    let (steps, revisions, public_url) = match row {
        None => (Vec::new(), Vec::new(), None),
        Some(r) => {
            let from = r.status;
            let own = staff.ownership(r.created_by);
            let steps = STEPS
                .iter()
                .filter(|(step, action, _)| {
                    transition(from, *step).is_ok() && decide(staff.role, *action, own) == Decision::Allow
                })
                .map(|(step, _, label)| StepButton { name: step.as_str(), label })
                .collect();
            let revisions = db::revisions(&state.db, r.id)
                .await?
                .into_iter()
                .map(|v| RevisionLine {
                    version: v.version,
                    action: v.action,
                    by: v.author.unwrap_or_else(|| "the scheduler".into()),
                    at: format_datetime(Lang::En, v.saved_at, offset),
                })
                .collect();
            let lang = r.lang;
            let public = (r.status == Status::Published).then(|| article_path(lang, r.id, &r.slug));
            (steps, revisions, public)
        }
    };
    let page = EditorTemplate {
        frame: Frame::new(state, staff, row.map_or_else(|| "New article".into(), |r| r.title.clone())),
        js: state.assets.newsroom_js_path().to_owned(),
        id: row.map(|r| r.id),
        status: row.map(|r| r.status.as_str().to_owned()).unwrap_or_default(),
        version: form.based_on.or(row.map(|r| r.version)).unwrap_or(0),
        action: row.map_or_else(|| "/newsroom/articles".into(), |r| format!("/newsroom/articles/{}", r.id)),
        csrf: csrf.value().to_owned(),
        preview_html: crate::html::markdown(&form.body),
        form,
        sections,
        bylines,
        images,
        steps,
        revisions,
        public_url,
        zone: format!("UTC{:+03}:{:02}", offset / 60, (offset % 60).abs()),
        error,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn values_of(row: &EditRow, bylines: Vec<String>, topics: Vec<String>) -> FormValues {
    FormValues {
        title: row.title.clone(),
        standfirst: row.standfirst.clone(),
        body: row.body_md.clone(),
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

async fn stored_values(state: &AppState, row: &EditRow) -> Result<FormValues> {
    let bylines = crate::articles::db::bylines_of(&state.db, row.id).await?.into_iter().map(|b| b.slug).collect();
    let topics = crate::articles::db::topics_of(&state.db, row.id).await?.into_iter().map(|t| t.slug).collect();
    Ok(values_of(row, bylines, topics))
}

/// Turns an expected refusal into the editor shown again with the message; other errors pass.
fn refusal(err: AppError) -> std::result::Result<(StatusCode, String), AppError> {
    match err {
        AppError::Unprocessable(m) => Ok((StatusCode::UNPROCESSABLE_ENTITY, m)),
        AppError::Conflict(m) => Ok((StatusCode::CONFLICT, m)),
        other => Err(other),
    }
}

/// `GET /newsroom/articles/new`.
pub async fn new_form(State(state): State<AppState>, StaffPage(staff): StaffPage, csrf: CsrfToken) -> Result<Response> {
    staff.authorize(Action::CreateArticle, Ownership::NotApplicable)?;
    editor(&state, &staff, &csrf, None, FormValues::default(), StatusCode::OK, None, None).await
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
    let notice = q.notice.map(|n| match n.as_str() {
        "created" => "Draft created.".to_owned(),
        "saved" => "Saved.".to_owned(),
        "restored" => "The earlier text is back, saved as the newest version.".to_owned(),
        step => format!("Done: {step}."),
    });
    let values = stored_values(&state, &row).await?;
    editor(&state, &staff, &csrf, Some(&row), values, StatusCode::OK, None, notice).await
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

#[derive(Template)]
#[template(path = "newsroom/diff.html")]
struct DiffTemplate {
    frame: Frame,
    c: actions::Comparison,
}

/// `?from=&to=` of the comparison page.
#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    from: Option<i64>,
    to: Option<i64>,
}

/// `GET /newsroom/articles/{id}/diff`: two revisions side by side, line by line.
pub async fn diff(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response> {
    let c = actions::compare(&state, &staff, id, q.from, q.to).await?;
    let page = DiffTemplate { frame: Frame::new(&state, &staff, format!("Changes v{} → v{}", c.from, c.to)), c };
    Ok(Html(page.render()?).into_response())
}

/// The restore form.
#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    revision: i64,
    version: i64,
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
