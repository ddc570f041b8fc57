//! The OpenAPI document of the JSON API, generated from the handlers' annotations and served
//! at `/api/openapi.json`.

use axum::Json;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, Ref, ResponseBuilder};

use crate::cache::Routes;
use crate::state::AppState;
use crate::{articles, comments, error, media, moderation, newsroom, search, trending};

#[derive(OpenApi)]
#[openapi(
    info(title = "newsdesk API", description = "Read access to the published news of both editions."),
    paths(articles::api::list, articles::api::show, articles::api::sections, search::api::search, trending::api::list, trending::api::beacon, comments::api::list, comments::api::post,
        newsroom::api::create_token, newsroom::api::revoke_token, newsroom::api::list, newsroom::api::create,
        newsroom::api::show, newsroom::api::edit, newsroom::api::submit, newsroom::api::publish, newsroom::api::schedule,
        newsroom::api::unpublish, newsroom::api::correct, newsroom::api::revisions, newsroom::api::diff, newsroom::api::restore, newsroom::settings::show, newsroom::settings::put,
        newsroom::staff::list, newsroom::staff::patch, newsroom::staff::post_invite, media::api::create, media::api::list,
        moderation::api::queue, moderation::api::approve, moderation::api::hold, moderation::api::reject, moderation::api::delete, moderation::api::ban),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    tags((name = "articles", description = "Published articles and sections"), (name = "trending", description = "Most-read stories"), (name = "comments", description = "Reader comments: the approved ones, and posting as a logged-in reader"),
        (name = "newsroom", description = "Writing, editing and publishing (staff; session with X-CSRF-Token, or Bearer token)"))
)]
struct ApiDoc;

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
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

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new().route("/api/openapi.json", get(|| async { Json(openapi()) }))
}
