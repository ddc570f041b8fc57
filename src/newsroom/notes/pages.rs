//! Internal notes on the editor page: the thread is shown by the editor (see
//! `newsroom::pages::editor`); this is the add-note form's handler.

use axum::Form;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::Result;
use crate::newsroom::actions;
use crate::newsroom::auth::StaffPage;
use crate::newsroom::pages::editor::{refusal, show_again};
use crate::state::AppState;
use crate::web::{PathParams, see_other};

/// The add-note form.
#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
}

/// `POST /newsroom/articles/{id}/notes`: adds the note and goes back to the thread; an empty
/// or overlong note shows the editor again with the reason.
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<NoteForm>,
) -> Result<Response> {
    match super::add(&state, &staff, id, &form.body).await {
        Ok(_) => Ok(see_other(format!("/newsroom/articles/{id}?notice=noted#notes"))),
        Err(err) => {
            let (status, message) = refusal(err)?;
            let row = actions::load(&state, id).await?;
            show_again(&state, &staff, &csrf, &row, status, message).await
        }
    }
}
