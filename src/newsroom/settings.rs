//! Site settings edited by admins in the newsroom: the site's name in both editions and the
//! site-wide pre-moderation switch. Changes take effect at once on this node and within one
//! scheduler tick (15 seconds) on the others.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{Staff, StaffPage};
use super::i18n::{fill, number, tr};
use super::pages::Frame;
use super::policy::{Action, Ownership};
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::editions::db::set_setting;
use crate::error::{ApiResult, AppError, ErrorBody, Result};
use crate::state::AppState;

/// The editable settings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Settings {
    pub site_name: String,
    pub site_name_bn: String,
    pub premoderation: bool,
    /// `en` or `bn`: the edition served at `/`.
    pub default_edition: String,
    /// Accent colour `#rrggbb` (empty: the built-in red).
    pub accent: String,
    /// Media-library image used as the logo (0: the built-in logo).
    pub logo_media_id: i64,
}

/// A change of settings; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    pub site_name: Option<String>,
    pub site_name_bn: Option<String>,
    pub premoderation: Option<bool>,
    pub default_edition: Option<String>,
    /// `#rrggbb`, or empty for the built-in colour.
    pub accent: Option<String>,
    /// A media-library image id, or 0 for the built-in logo.
    pub logo_media_id: Option<i64>,
}

fn current(state: &AppState) -> Settings {
    let site = state.site.get();
    Settings {
        site_name: site.name(Lang::En).to_owned(),
        site_name_bn: site.name(Lang::Bn).to_owned(),
        premoderation: site.premoderation,
        default_edition: state.default_edition().code().to_owned(),
        accent: site.accent.clone().unwrap_or_default(),
        logo_media_id: site.logo_media_id,
    }
}

/// A site name of 1 to 100 characters; `refusal` says what is wrong otherwise.
fn name(refusal: &str, text: &str) -> std::result::Result<String, AppError> {
    let t = text.trim();
    match t.chars().count() {
        1..=100 => Ok(t.to_owned()),
        _ => Err(AppError::Unprocessable(refusal.to_owned())),
    }
}

/// Checks and stores a change, then reloads the site data; refusals are worded in `lang`
/// (English for the API).
pub async fn update(
    state: &AppState,
    staff: &Staff,
    input: &SettingsInput,
    lang: Lang,
) -> std::result::Result<Settings, AppError> {
    staff.authorize(Action::ManageSettings, Ownership::NotApplicable)?;
    let en_refusal = tr(lang, "The site name needs 1 to 100 characters.");
    let bn_refusal = tr(lang, "The Bangla site name needs 1 to 100 characters.");
    let en = input.site_name.as_deref().map(|n| name(en_refusal, n)).transpose()?;
    let bn = input.site_name_bn.as_deref().map(|n| name(bn_refusal, n)).transpose()?;
    if let Some(n) = en {
        set_setting(&state.db, "site_name", &n).await?;
    }
    if let Some(n) = bn {
        set_setting(&state.db, "site_name_bn", &n).await?;
    }
    if let Some(code) = input.default_edition.as_deref() {
        let lang = Lang::parse(code).ok_or_else(|| {
            let text = tr(lang, "The default edition must be en or bn, not {code}.");
            AppError::Unprocessable(fill(text, &[("code", &format!("{code:?}"))]))
        })?;
        set_setting(&state.db, "default_edition", lang.code()).await?;
    }
    if let Some(colour) = input.accent.as_deref().map(str::trim) {
        if !colour.is_empty() && !crate::editions::model::is_colour(colour) {
            let text = tr(lang, "The accent colour must look like #b3001b, not {colour}.");
            return Err(AppError::Unprocessable(fill(text, &[("colour", &format!("{colour:?}"))])));
        }
        set_setting(&state.db, "accent", &colour.to_lowercase()).await?;
    }
    if let Some(id) = input.logo_media_id {
        if id != 0 && crate::media::db::find(&state.db, id).await?.is_none() {
            let text = tr(lang, "There is no image {id} in the media library.");
            return Err(AppError::Unprocessable(fill(text, &[("id", &number(lang, id))])));
        }
        set_setting(&state.db, "logo_media_id", &id.to_string()).await?;
    }
    if let Some(on) = input.premoderation {
        set_setting(&state.db, "premoderation", if on { "1" } else { "0" }).await?;
    }
    state.changed(crate::cache::Invalidation::Site).await;
    Ok(current(state))
}

/// The site settings.
#[utoipa::path(get, path = "/api/v1/newsroom/settings", tag = "newsroom",
    responses((status = 200, body = Settings), (status = 403, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Settings>> {
    staff.authorize(Action::ManageSettings, Ownership::NotApplicable)?;
    Ok(Json(current(&state)))
}

/// Changes site settings; they take effect without a restart.
#[utoipa::path(put, path = "/api/v1/newsroom/settings", tag = "newsroom", request_body = SettingsInput,
    responses((status = 200, body = Settings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    staff: Staff,
    Json(input): Json<SettingsInput>,
) -> ApiResult<Json<Settings>> {
    Ok(Json(update(&state, &staff, &input, Lang::En).await?))
}

#[derive(Template)]
#[template(path = "newsroom/settings.html")]
struct SettingsTemplate {
    frame: Frame,
    csrf: String,
    s: Settings,
    error: Option<String>,
    notice: Option<String>,
    /// The pickers' script and styles (the logo is chosen from the library by its thumbnail).
    editor_js: String,
    editor_css: String,
    strings: crate::html::SafeHtml,
}

fn page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let s = current(state);
    Ok(SettingsTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Settings")),
        csrf: csrf.value().to_owned(),
        editor_js: state.assets.editor_js_path().to_owned(),
        editor_css: state.assets.editor_css_path().to_owned(),
        strings: crate::newsroom::i18n::editor_strings(staff.lang),
        s,
        error,
        notice,
    }
    .render()?)
}

/// `?saved=1` after a save.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /newsroom/settings`.
pub async fn form(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response> {
    staff.authorize(Action::ManageSettings, Ownership::NotApplicable)?;
    let notice = q.saved.map(|_| tr(staff.lang, "Settings saved; the site shows them now.").to_owned());
    Ok(Html(page(&state, &staff, &csrf, None, notice)?).into_response())
}

/// The settings form.
#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    site_name: String,
    site_name_bn: String,
    premoderation: Option<String>,
    default_edition: String,
    accent: String,
    logo_media_id: String,
}

/// `POST /newsroom/settings`.
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(f): Form<SettingsForm>,
) -> Result<Response> {
    let input = SettingsInput {
        site_name: Some(f.site_name),
        site_name_bn: Some(f.site_name_bn),
        premoderation: Some(f.premoderation.as_deref() == Some("1")),
        default_edition: Some(f.default_edition),
        accent: Some(f.accent),
        logo_media_id: Some(f.logo_media_id.trim().parse().unwrap_or(0)),
    };
    match update(&state, &staff, &input, staff.lang).await {
        Ok(_) => Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/newsroom/settings?saved=1")]).into_response()),
        Err(AppError::Unprocessable(message)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page(&state, &staff, &csrf, Some(message), None)?))
                .into_response())
        }
        Err(other) => Err(other),
    }
}
