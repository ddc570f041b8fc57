//! `POST /api/v1/newsroom/media` (multipart) and the library listing.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::db::{self, MediaRow};
use super::{Description, rendition_path, upload, url_path};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::newsroom::auth::Staff;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// A resized copy.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rendition {
    pub width: i64,
    pub url: String,
}

/// A stored image.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaJson {
    pub id: i64,
    pub url: String,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub renditions: Vec<Rendition>,
}

/// The JSON of a stored image.
pub fn media_json(state: &AppState, m: &MediaRow) -> MediaJson {
    let base = &state.config.base_url;
    MediaJson {
        id: m.id,
        url: format!("{base}{}", url_path(&m.path)),
        mime: m.mime.clone(),
        width: m.width,
        height: m.height,
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
        renditions: m
            .rendition_widths()
            .into_iter()
            .map(|w| Rendition { width: w, url: format!("{base}{}", url_path(&rendition_path(&m.path, w))) })
            .collect(),
    }
}

/// The parts of an upload form: the file and its description.
pub struct UploadForm {
    pub file: Option<Vec<u8>>,
    pub description: Description,
}

/// Reads `file`, `alt`, `caption` and `credit` from a multipart body.
pub async fn read_form(mut multipart: Multipart) -> Result<UploadForm, AppError> {
    let mut form = UploadForm {
        file: None,
        description: Description { alt: String::new(), caption: String::new(), credit: String::new() },
    };
    let bad =
        |_| AppError::bad_request("The upload could not be read; send it as multipart/form-data with a `file` field.");
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "file" => {
                form.file = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|_| AppError::TooLarge("The file is larger than 10 MB. Upload a smaller one.".into()))?
                        .to_vec(),
                )
            }
            "alt" => form.description.alt = field.text().await.map_err(bad)?,
            "caption" => form.description.caption = field.text().await.map_err(bad)?,
            "credit" => form.description.credit = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    Ok(form)
}

/// Uploads an image (multipart fields `file`, `alt`, `caption`, `credit`).
#[utoipa::path(post, path = "/api/v1/newsroom/media", tag = "newsroom",
    request_body(content_type = "multipart/form-data", description = "file, alt, caption, credit"),
    responses((status = 201, body = MediaJson), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, staff: Staff, multipart: Multipart) -> ApiResult<Response> {
    staff.authorize(Action::UploadMedia, Ownership::NotApplicable)?;
    let form = read_form(multipart).await?;
    let file = form.file.ok_or_else(|| AppError::Unprocessable("Attach the image as the `file` field.".into()))?;
    let row = upload(&state, staff.id, file, form.description).await?;
    Ok((StatusCode::CREATED, Json(media_json(&state, &row))).into_response())
}

/// `?q=&ids=` of the library's listing.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct MediaQuery {
    /// Text found in the alt text, caption or credit (any case).
    q: Option<String>,
    /// Comma-separated image numbers: those images (up to 100), as pickers show a choice.
    ids: Option<String>,
}

/// The newest images of the library (100), those matching `q`, or those numbered in `ids`.
#[utoipa::path(get, path = "/api/v1/newsroom/media", tag = "newsroom", params(MediaQuery),
    responses((status = 200, body = [MediaJson]), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Query(p): axum::extract::Query<MediaQuery>,
) -> ApiResult<Json<Vec<MediaJson>>> {
    staff.authorize(Action::UploadMedia, Ownership::NotApplicable)?;
    let rows =
        match (p.ids.as_deref().filter(|s| !s.trim().is_empty()), p.q.as_deref().filter(|q| !q.trim().is_empty())) {
            (Some(ids), _) => {
                let mut rows = Vec::new();
                for id in ids.split(',').map(str::trim).take(100) {
                    let id: i64 = id.parse().map_err(|_| {
                        AppError::bad_request(format!(
                            "ids is a list of image numbers separated by commas, not “{id}”."
                        ))
                    })?;
                    rows.extend(db::find(&state.db, id).await?);
                }
                rows
            }
            (None, Some(q)) => db::search(&state.db, q, 100).await?,
            (None, None) => db::recent(&state.db, 100).await?,
        };
    Ok(Json(rows.iter().map(|m| media_json(&state, m)).collect()))
}
