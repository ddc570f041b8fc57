//! The OpenAPI document of the JSON API, served at `/api/openapi.json`. Its operations come from
//! the routes themselves (`Routes::api` takes each handler's `#[utoipa::path]`); this module adds
//! what the whole API shares: title, tags, the error body and the answers every operation may give.

use std::sync::Arc;

use axum::routing::get;
use axum::{Extension, Json};
use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, Ref, ResponseBuilder};

use crate::error;
use crate::routes::Routes;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "newsdesk API", description = "Read access to the published news of both editions."),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    tags((name = "articles", description = "Published articles and sections"), (name = "trending", description = "Most-read stories"), (name = "comments", description = "Reader comments: the approved ones, and posting as a logged-in reader"),
        (name = "newsroom", description = "Writing, editing and publishing (staff; session with X-CSRF-Token, or Bearer token)"))
)]
struct ApiDoc;

/// The OpenAPI document: the routes' operations with what the API shares.
pub fn document(operations: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi().merge_from(operations);
    for (path, item) in &mut doc.paths.paths {
        let public = !path.starts_with("/api/v1/newsroom") && !path.starts_with("/api/v1/auth/tokens");
        for (method, operation) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ] {
            if let Some(operation) = operation {
                let reads_only = method == "get" && public;
                add_common_responses(operation, path.contains('{'), operation.request_body.is_some(), reads_only);
            }
        }
    }
    doc
}

/// The answers any operation may give besides its own, documented once here: an unreadable
/// request, a missing or refused login, a body too large or of the wrong type, an address or
/// headers too long, a busy site or a database not answering.
fn add_common_responses(operation: &mut Operation, has_id: bool, has_body: bool, reads_only: bool) {
    let mut common = vec![
        ("400", "The request could not be read: a malformed parameter, body or encoding."),
        ("414", "The address is too long."),
        ("431", "The request's headers are too large."),
        ("503", "The site is busy or its database is not answering; try again (see `Retry-After`)."),
    ];
    if has_id {
        common.push(("404", "Nothing with this id, or not visible to the caller."));
    }
    if !reads_only {
        common.extend([
            ("401", "No login, or the token or session is not valid."),
            ("403", "The caller's role may not do this, or the form's CSRF token is missing."),
            ("429", "Too many attempts; try again after `Retry-After` seconds."),
        ]);
    }
    if has_body {
        common.extend([
            ("413", "The body is larger than accepted."),
            ("415", "The body is not of the documented content type."),
            ("422", "The body was read but a field is not acceptable; the message names it."),
            ("507", "The server has no room left to store this."),
        ]);
    }
    for (status, description) in common {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
            ResponseBuilder::new()
                .description(description)
                .content("application/json", Content::new(Some(Ref::from_schema_name("ErrorBody"))))
                .build()
                .into()
        });
    }
}

/// The document as served, made once when the router is (see `crate::router`).
#[derive(Clone)]
pub struct Document(pub Arc<utoipa::openapi::OpenApi>);

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new().route("/api/openapi.json", get(openapi_json))
}

/// `GET /api/openapi.json`.
async fn openapi_json(Extension(Document(doc)): Extension<Document>) -> Json<utoipa::openapi::OpenApi> {
    Json(doc.as_ref().clone())
}
