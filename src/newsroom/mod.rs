//! The newsroom: staff write, edit, schedule and publish articles. Every action is available
//! through the JSON API under `/api/v1/newsroom/…`, authorised per object by [`policy`].
//!
//! Routes are registered from [`routes`], where each carries the policy action it performs, so
//! a newsroom route cannot exist without an entry in the permission table.

pub mod actions;
pub mod api;
pub mod auth;
pub mod db;
pub mod model;
pub mod pages;
pub mod policy;
pub mod settings;
pub mod staff;

use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, patch, post, put};

use crate::cache::Routes;
use crate::state::AppState;
use crate::{media, moderation};
use model::Status;
use policy::Action;

/// A newsroom route and the policy action it performs.
#[derive(Debug, Clone)]
pub struct RouteEntry {
    pub method: Method,
    /// The path as registered, with `{id}` for the article.
    pub path: &'static str,
    pub action: Action,
}

fn entry(method: Method, path: &'static str, action: Action) -> RouteEntry {
    RouteEntry { method, path, action }
}

/// Uploads may be a little over the 10 MB file limit, for the form around the file.
fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(media::model::MAX_BYTES + 64 * 1024)
}

/// Every newsroom route with its handler.
pub fn routes() -> Vec<(RouteEntry, MethodRouter<AppState>)> {
    use Action::*;
    const ARTICLES: &str = "/api/v1/newsroom/articles";
    const ARTICLE: &str = "/api/v1/newsroom/articles/{id}";
    vec![
        (entry(Method::GET, ARTICLES, ListArticles), get(api::list)),
        (entry(Method::POST, ARTICLES, CreateArticle), post(api::create)),
        (entry(Method::GET, ARTICLE, ViewArticle), get(api::show)),
        (entry(Method::PATCH, ARTICLE, EditArticle), patch(api::edit)),
        (entry(Method::POST, "/api/v1/newsroom/articles/{id}/submit", SubmitArticle), post(api::submit)),
        (entry(Method::POST, "/api/v1/newsroom/articles/{id}/publish", PublishArticle), post(api::publish)),
        (entry(Method::POST, "/api/v1/newsroom/articles/{id}/schedule", ScheduleArticle), post(api::schedule)),
        (entry(Method::POST, "/api/v1/newsroom/articles/{id}/unpublish", UnpublishArticle), post(api::unpublish)),
        (entry(Method::POST, "/api/v1/newsroom/articles/{id}/correct", CorrectArticle), post(api::correct)),
        (entry(Method::GET, "/api/v1/newsroom/articles/{id}/revisions", ViewRevisions), get(api::revisions)),
        (entry(Method::GET, "/api/v1/newsroom/articles/{id}/diff", ViewRevisions), get(api::diff)),
        (entry(Method::POST, "/api/v1/newsroom/articles/{id}/restore", EditArticle), post(api::restore)),
        // The same actions in the browser.
        (entry(Method::GET, "/newsroom", ListArticles), get(pages::dashboard)),
        (entry(Method::GET, "/newsroom/articles/new", CreateArticle), get(pages::new_form)),
        (entry(Method::POST, "/newsroom/articles", CreateArticle), post(pages::create)),
        (entry(Method::POST, "/newsroom/preview", CreateArticle), post(pages::preview)),
        (entry(Method::GET, "/newsroom/articles/{id}", ViewArticle), get(pages::edit_form)),
        (entry(Method::POST, "/newsroom/articles/{id}", EditArticle), post(pages::save)),
        (entry(Method::POST, "/newsroom/articles/{id}/submit", SubmitArticle), post(pages::submit)),
        (entry(Method::POST, "/newsroom/articles/{id}/publish", PublishArticle), post(pages::publish)),
        (entry(Method::POST, "/newsroom/articles/{id}/schedule", ScheduleArticle), post(pages::schedule)),
        (entry(Method::POST, "/newsroom/articles/{id}/unpublish", UnpublishArticle), post(pages::unpublish)),
        (entry(Method::POST, "/newsroom/articles/{id}/correct", CorrectArticle), post(pages::correct)),
        (entry(Method::GET, "/newsroom/articles/{id}/diff", ViewRevisions), get(pages::diff)),
        (entry(Method::POST, "/newsroom/articles/{id}/restore", EditArticle), post(pages::restore)),
        (entry(Method::GET, "/api/v1/newsroom/settings", ManageSettings), get(settings::show)),
        (entry(Method::PUT, "/api/v1/newsroom/settings", ManageSettings), put(settings::put)),
        (entry(Method::GET, "/newsroom/settings", ManageSettings), get(settings::form)),
        (entry(Method::POST, "/newsroom/settings", ManageSettings), post(settings::save)),
        (entry(Method::GET, "/api/v1/newsroom/staff", ManageStaff), get(staff::list)),
        (entry(Method::PATCH, "/api/v1/newsroom/staff/{id}", ManageStaff), patch(staff::patch)),
        (entry(Method::POST, "/api/v1/newsroom/invites", ManageStaff), post(staff::post_invite)),
        (entry(Method::GET, "/newsroom/staff", ManageStaff), get(staff::page)),
        (entry(Method::POST, "/newsroom/staff/{id}", ManageStaff), post(staff::update)),
        (entry(Method::POST, "/newsroom/invites", ManageStaff), post(staff::invite_page)),
        (entry(Method::GET, "/api/v1/newsroom/media", UploadMedia), get(media::api::list)),
        (entry(Method::POST, "/api/v1/newsroom/media", UploadMedia), post(media::api::create).layer(upload_limit())),
        (entry(Method::GET, "/newsroom/media", UploadMedia), get(media::pages::page)),
        (entry(Method::POST, "/newsroom/media", UploadMedia), post(media::pages::create).layer(upload_limit())),
        // Comment moderation.
        (entry(Method::GET, "/api/v1/newsroom/comments", ModerateComments), get(moderation::api::queue)),
        (
            entry(Method::POST, "/api/v1/newsroom/comments/{id}/approve", ModerateComments),
            post(moderation::api::approve),
        ),
        (entry(Method::POST, "/api/v1/newsroom/comments/{id}/hold", ModerateComments), post(moderation::api::hold)),
        (entry(Method::POST, "/api/v1/newsroom/comments/{id}/reject", ModerateComments), post(moderation::api::reject)),
        (entry(Method::POST, "/api/v1/newsroom/comments/{id}/delete", ModerateComments), post(moderation::api::delete)),
        (entry(Method::POST, "/api/v1/newsroom/bans", BanReaders), post(moderation::api::ban)),
        (entry(Method::GET, "/newsroom/comments", ModerateComments), get(moderation::pages::queue)),
        (entry(Method::POST, "/newsroom/comments/{id}/approve", ModerateComments), post(moderation::pages::approve)),
        (entry(Method::POST, "/newsroom/comments/{id}/hold", ModerateComments), post(moderation::pages::hold)),
        (entry(Method::POST, "/newsroom/comments/{id}/reject", ModerateComments), post(moderation::pages::reject)),
        (entry(Method::POST, "/newsroom/comments/{id}/delete", ModerateComments), post(moderation::pages::delete)),
        (entry(Method::POST, "/newsroom/bans", BanReaders), post(moderation::pages::ban)),
    ]
}

/// The permission table's routes, for tests that walk it.
pub fn route_table() -> Vec<RouteEntry> {
    routes().into_iter().map(|(e, _)| e).collect()
}

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    let mut router = Routes::new()
        .route("/api/v1/auth/token", post(api::create_token))
        .route("/api/v1/auth/tokens/{id}", delete(api::revoke_token))
        // Accepting an invitation is for the invited person, who has no account yet.
        .route("/invite", get(staff::accept_form).post(staff::accept));
    for (entry, handler) in routes() {
        router = router.route(entry.path, handler);
    }
    router
}

/// Publishes scheduled articles whose time has come; returns how many. Several nodes may run
/// this at once: each article's version check lets exactly one of them publish it.
pub async fn publish_due(state: &AppState) -> sqlx::Result<usize> {
    let now = state.clock.now();
    let mut published = 0;
    for (id, version) in db::due(&state.db, now).await? {
        let data = db::StepData::default();
        if db::set_status(&state.db, id, version, Status::Scheduled, Status::Published, &data, "publish", None, now)
            .await?
            .is_some()
        {
            tracing::info!(article = id, "published on schedule");
            published += 1;
        }
    }
    if published > 0 {
        state.search.nudge();
        actions::stories_changed(state).await;
    }
    Ok(published)
}
