//! Bylines in the newsroom: the list (search, and a form editors use to add a desk, guest or
//! wire byline), and a byline's profile form (names, titles, bios, photo, links; retiring and
//! merging for editors). Every action goes through [`super::actions`], as the API's do; a
//! refusal shows the form again with the message.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::actions::{self, BylineInput};
use super::db::{self, BylineProfile};
use super::model::Credit;
use crate::articles::model::byline_path;
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_date};
use crate::error::Result;
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::pages::editor::refusal;
use crate::newsroom::policy::{Action, Decision, Ownership, decide};
use crate::sections::pages::around;
use crate::state::AppState;
use crate::web::{PathParams, see_other};

/// A row of the list.
struct Row {
    id: i64,
    name: String,
    name_bn: String,
    kind: &'static str,
    title: String,
    stories: String,
    retired: bool,
    own: bool,
}

#[derive(Template)]
#[template(path = "bylines/list.html")]
struct ListTemplate {
    frame: Frame,
    csrf: String,
    q: String,
    rows: Vec<Row>,
    /// "Title" as a person's job title, which Bangla words apart from a story's.
    title_heading: &'static str,
    own: Option<i64>,
    can_manage: bool,
    form: FormValues,
    error: Option<String>,
}

/// `?q=` of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
}

/// What a byline form holds, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct FormValues {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_bn: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    title_bn: String,
    #[serde(default)]
    bio: String,
    #[serde(default)]
    bio_bn: String,
    #[serde(default)]
    photo_id: String,
    #[serde(default)]
    links: String,
    /// Sent by the editors' form, whose "retired" box is then read (absent means not retired).
    #[serde(default)]
    manage: String,
    #[serde(default)]
    retired: String,
    #[serde(default)]
    version: String,
}

impl FormValues {
    fn of(b: &BylineProfile) -> Self {
        Self {
            kind: b.credit().as_str().into(),
            name: b.name.clone(),
            name_bn: b.name_bn.clone(),
            title: b.title.clone(),
            title_bn: b.title_bn.clone(),
            bio: b.bio.clone(),
            bio_bn: b.bio_bn.clone(),
            photo_id: b.photo_id.map(|p| p.to_string()).unwrap_or_default(),
            links: b.links.clone(),
            manage: String::new(),
            retired: if b.retired_at.is_some() { "on".into() } else { String::new() },
            version: b.version.to_string(),
        }
    }

    fn input(&self, new: bool) -> BylineInput {
        let managed = new || self.manage == "1";
        BylineInput {
            kind: (managed && !self.kind.is_empty() && self.kind != "staff").then(|| self.kind.clone()),
            name: Some(self.name.clone()),
            name_bn: Some(self.name_bn.clone()),
            title: Some(self.title.clone()),
            title_bn: Some(self.title_bn.clone()),
            bio: Some(self.bio.clone()),
            bio_bn: Some(self.bio_bn.clone()),
            // An empty choice removes the photo.
            photo_id: Some(self.photo_id.trim().parse().unwrap_or(0)),
            links: Some(self.links.lines().map(str::to_owned).collect()),
            retired: (!new && self.manage == "1").then_some(self.retired == "on"),
            version: self.version.trim().parse().ok(),
        }
    }
}

fn can_manage(staff: &Staff) -> bool {
    decide(staff.role, Action::ManageBylines, Ownership::NotApplicable) == Decision::Allow
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    q: &str,
    (status, form, error): (StatusCode, FormValues, Option<String>),
) -> Result<Response> {
    let counts = db::story_counts(&state.db).await?;
    let rows: Vec<Row> = db::list(&state.db, q, true)
        .await?
        .iter()
        .map(|b| Row {
            id: b.id,
            name: b.name.clone(),
            name_bn: b.name_bn.clone(),
            kind: tr(staff.lang, kind_label(b.credit())),
            title: match staff.lang {
                Lang::Bn if !b.title_bn.is_empty() => b.title_bn.clone(),
                _ => b.title.clone(),
            },
            stories: number(staff.lang, counts.get(&b.id).copied().unwrap_or(0)),
            retired: b.retired_at.is_some(),
            own: b.user_id == Some(staff.id),
        })
        .collect();
    let own = db::of_user(&state.db, staff.id).await?.map(|b| b.id);
    let page = ListTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Bylines")),
        csrf: csrf.value().to_owned(),
        q: q.to_owned(),
        rows,
        title_heading: match staff.lang {
            Lang::En => "Title",
            Lang::Bn => tr(staff.lang, "Title (of a person)"),
        },
        own,
        can_manage: can_manage(staff),
        form,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn kind_label(credit: Credit) -> &'static str {
    match credit {
        Credit::Staff => "Staff",
        Credit::Guest => "Contributor",
        Credit::Desk => "Desk",
        Credit::Agency => "Agency",
    }
}

/// `GET /newsroom/bylines`: every byline, searchable; editors add desks, guests and agencies.
pub async fn list(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    staff.authorize(Action::ListBylines, Ownership::NotApplicable)?;
    let form = FormValues { kind: "desk".into(), ..FormValues::default() };
    list_page(&state, &staff, &csrf, q.q.as_deref().unwrap_or("").trim(), (StatusCode::OK, form, None)).await
}

/// `POST /newsroom/bylines`: adds a desk, guest or wire byline.
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<FormValues>,
) -> Result<Response> {
    match actions::create(&state, &staff, &form.input(true)).await {
        Ok(b) => Ok(see_other(format!("/newsroom/bylines/{}?notice=created", b.id))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            list_page(&state, &staff, &csrf, "", (status, form, Some(message))).await
        }
    }
}

/// A photo the form offers.
struct PhotoChoice {
    id: String,
    label: String,
}

/// Another byline, to merge into.
struct MergeChoice {
    id: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "bylines/edit.html")]
struct EditTemplate {
    frame: Frame,
    csrf: String,
    id: i64,
    credit: &'static str,
    staff_byline: bool,
    joined: String,
    /// The photo hint around its link to the media library.
    library_hint: (String, String),
    page_en: String,
    page_bn: String,
    form: FormValues,
    photos: Vec<PhotoChoice>,
    can_manage: bool,
    merge_into: Vec<MergeChoice>,
    error: Option<String>,
    notice: Option<String>,
}

/// `?notice=` after a redirect.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    b: &BylineProfile,
    (status, form, error, notice): (StatusCode, FormValues, Option<String>, Option<String>),
) -> Result<Response> {
    let mut photos: Vec<PhotoChoice> = crate::media::db::recent(&state.db, 60)
        .await?
        .into_iter()
        .map(|m| PhotoChoice {
            id: m.id.to_string(),
            label: format!("{} — {}", number(staff.lang, m.id), if m.alt.is_empty() { &m.path } else { &m.alt }),
        })
        .collect();
    if let Some(id) = b.photo_id
        && !photos.iter().any(|p| p.id == id.to_string())
    {
        let label = fill(tr(staff.lang, "{id} — the current photo"), &[("id", &number(staff.lang, id))]);
        photos.insert(0, PhotoChoice { id: id.to_string(), label });
    }
    let manage = can_manage(staff);
    let merge_into = if manage {
        db::list(&state.db, "", true)
            .await?
            .into_iter()
            .filter(|o| o.id != b.id && !(o.user_id.is_some() && b.user_id.is_some()))
            .map(|o| MergeChoice {
                id: o.id,
                label: format!("{} ({})", o.name, tr(staff.lang, kind_label(o.credit()))),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = EditTemplate {
        frame: Frame::new(state, staff, fill(tr(staff.lang, "Byline: {name}"), &[("name", &b.name)])),
        csrf: csrf.value().to_owned(),
        id: b.id,
        credit: tr(staff.lang, kind_label(b.credit())),
        staff_byline: b.user_id.is_some(),
        joined: fill(
            tr(staff.lang, "joined {date}"),
            &[("date", &format_date(staff.lang, b.joined_at, state.config.utc_offset_minutes))],
        ),
        library_hint: around(tr(staff.lang, "From the {library}: upload the photo there first."), "{library}"),
        page_en: byline_path(Lang::En, &b.slug),
        page_bn: byline_path(Lang::Bn, &b.slug),
        form,
        photos,
        can_manage: manage,
        merge_into,
        error,
        notice: notice.map(|n| {
            let text = match n.as_str() {
                "created" => "Byline added: it can be credited on stories now.",
                "saved" => "Saved: the author pages and stories show it now.",
                "merged" => "Merged: the stories are credited here, and the other byline's page leads here.",
                _ => "Done.",
            };
            tr(staff.lang, text).to_owned()
        }),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /newsroom/bylines/{id}`: the profile form (everyone may look; only the owner and
/// editors may save).
pub async fn edit_form(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::ListBylines, Ownership::NotApplicable)?;
    let b = actions::load(&state, id).await?;
    let form = FormValues::of(&b);
    edit_page(&state, &staff, &csrf, &b, (StatusCode::OK, form, None, q.notice)).await
}

/// `POST /newsroom/bylines/{id}`: saves the profile.
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<FormValues>,
) -> Result<Response> {
    match actions::edit(&state, &staff, id, &form.input(false)).await {
        Ok(b) => Ok(see_other(format!("/newsroom/bylines/{}?notice=saved", b.id))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            let b = actions::load(&state, id).await?;
            edit_page(&state, &staff, &csrf, &b, (status, form, Some(message), None)).await
        }
    }
}

/// The merge form.
#[derive(Debug, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    into: String,
}

/// `POST /newsroom/bylines/{id}/merge`: merges this byline into the one chosen.
pub async fn merge(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(f): Form<MergeForm>,
) -> Result<Response> {
    let into = f.into.trim().parse().unwrap_or(0);
    match actions::merge(&state, &staff, id, into).await {
        Ok(b) => Ok(see_other(format!("/newsroom/bylines/{}?notice=merged", b.id))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            let b = actions::load(&state, id).await?;
            let form = FormValues::of(&b);
            edit_page(&state, &staff, &csrf, &b, (status, form, Some(message), None)).await
        }
    }
}
