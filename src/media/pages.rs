//! The media library in the newsroom: upload form and the images to pick from.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::api::read_form;
use super::{db, upload, url_path};
use crate::csrf::CsrfToken;
use crate::editions::Lang;
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

struct Item {
    /// "#12", as the newsroom writes it.
    number: String,
    url: String,
    alt: String,
    caption: String,
    credit: String,
    size: String,
    /// The thumbnail's height at 160 px wide, so the list does not jump while images load.
    thumb_height: i64,
}

#[derive(Template)]
#[template(path = "newsroom/media.html")]
struct LibraryTemplate {
    frame: Frame,
    csrf: String,
    items: Vec<Item>,
    error: Option<String>,
    notice: Option<String>,
}

async fn library(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response> {
    let items = db::recent(&state.db, 100)
        .await?
        .into_iter()
        .map(|m| Item {
            url: if m.rendition_widths().contains(&480) {
                url_path(&super::rendition_path(&m.path, 480))
            } else {
                url_path(&m.path)
            },
            size: fill(
                tr(staff.lang, "{width}×{height}"),
                &[("width", &number(staff.lang, m.width)), ("height", &number(staff.lang, m.height))],
            ),
            thumb_height: (m.height * 160 / m.width.max(1)).max(1),
            number: format!("#{}", number(staff.lang, m.id)),
            alt: m.alt,
            caption: m.caption,
            credit: m.credit,
        })
        .collect();
    let page = LibraryTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Media")),
        csrf: csrf.value().to_owned(),
        items,
        error,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `?uploaded=` after an upload.
#[derive(Debug, Deserialize)]
pub struct LibraryQuery {
    uploaded: Option<i64>,
}

/// `GET /newsroom/media`.
pub async fn page(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<LibraryQuery>,
) -> Result<Response> {
    staff.authorize(Action::UploadMedia, Ownership::NotApplicable)?;
    let notice = q.uploaded.map(|id| {
        let text = tr(staff.lang, "Image {id} uploaded; pick it as a featured image in the editor.");
        fill(text, &[("id", &number(staff.lang, id))])
    });
    library(&state, &staff, &csrf, StatusCode::OK, None, notice).await
}

/// `POST /newsroom/media` (multipart; the CSRF token rides in the query string).
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    multipart: Multipart,
) -> Result<Response> {
    staff.authorize(Action::UploadMedia, Ownership::NotApplicable)?;
    let form = read_form(multipart).await?;
    let Some(file) = form.file.filter(|f| !f.is_empty()) else {
        return library(
            &state,
            &staff,
            &csrf,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(tr(staff.lang, "Choose an image file to upload.").into()),
            None,
        )
        .await;
    };
    match upload(&state, staff.id, file, form.description).await {
        Ok(row) => Ok((StatusCode::SEE_OTHER, [(header::LOCATION, format!("/newsroom/media?uploaded={}", row.id))])
            .into_response()),
        Err(AppError::Unprocessable(message)) => {
            let message = refusal_text(message, staff.lang);
            library(&state, &staff, &csrf, StatusCode::UNPROCESSABLE_ENTITY, Some(message), None).await
        }
        Err(other) => Err(other),
    }
}

/// The upload's refusals, as the checks word them.
const REFUSALS: [&str; 6] = [
    "Describe the image in the alt text: readers who cannot see it depend on it.",
    "Alt text, caption or credit is too long (300, 1000 and 200 characters).",
    "This file is not a JPEG, PNG or WebP image. Upload a photo or graphic in one of those formats.",
    "This image is {width}×{height} pixels; the most is {max} on a side and 40 megapixels in all. Resize it and upload again.",
    "This image could not be read; the file may be damaged. Export it again and upload the new file.",
    "The file is larger than 10 MB. Upload a smaller one.",
];

/// An upload's refusal in `lang`.
fn refusal_text(message: String, lang: Lang) -> String {
    crate::newsroom::i18n::reword(lang, &message, &REFUSALS).unwrap_or(message)
}
