//! The OpenAPI document of the JSON API, generated from the handlers' annotations and served
//! at `/api/openapi.json`.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::app::AppState;
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
    ApiDoc::openapi()
}

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(|| async { Json(openapi()) }))
}
