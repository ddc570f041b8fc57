//! The newsroom: staff write, edit, schedule and publish articles. Every action is available
//! through the JSON API under `/api/v1/newsroom/…`, authorised per object by [`policy`].
//!
//! Routes are registered from [`routes()`], where each carries the policy action it performs, so
//! a newsroom route cannot exist without an entry in the permission table.

pub mod actions;
pub mod api;
pub mod auth;
pub mod db;
pub mod editing;
pub mod i18n;
pub mod model;
pub mod notes;
pub mod pages;
pub mod policy;
pub mod readers;
pub mod redirects;
pub mod settings;
pub mod staff;

use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use utoipa::openapi::path::HttpMethod;
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

use crate::routes::Routes;
use crate::state::AppState;
use crate::{bylines, fronts, media, moderation, notifications, polls, sections, sitepages, topics};
use model::Status;
use policy::Action;

/// A newsroom route and the policy action it performs.
#[derive(Debug, Clone)]
pub struct RouteEntry {
    pub method: Method,
    /// The path as registered, with `{id}` for the article.
    pub path: String,
    pub action: Action,
}

/// A route's handler: a page's, or an API operation described by its `#[utoipa::path]`.
pub enum Handler {
    Page(MethodRouter<AppState>),
    Api(UtoipaMethodRouter<AppState>),
}

/// A newsroom page.
fn page(method: Method, path: &str, action: Action, handler: MethodRouter<AppState>) -> (RouteEntry, Handler) {
    (RouteEntry { method, path: path.to_owned(), action }, Handler::Page(handler))
}

/// A newsroom API operation: its path and method are the ones its description gives.
fn operation(action: Action, operation: UtoipaMethodRouter<AppState>) -> (RouteEntry, Handler) {
    let described = operation.1.paths.iter().next().map(|(path, item)| (path.clone(), crate::routes::methods(item)));
    let (path, methods) = described.unwrap_or_default();
    let method = match methods.first() {
        Some(HttpMethod::Post) => Method::POST,
        Some(HttpMethod::Put) => Method::PUT,
        Some(HttpMethod::Patch) => Method::PATCH,
        Some(HttpMethod::Delete) => Method::DELETE,
        _ => Method::GET,
    };
    (RouteEntry { method, path, action }, Handler::Api(operation))
}

/// Uploads may be a little over the 10 MB file limit, for the form around the file.
fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(media::model::MAX_BYTES + 64 * 1024)
}

/// Every newsroom route with its handler.
pub fn routes() -> Vec<(RouteEntry, Handler)> {
    use Action::*;
    vec![
        operation(ListArticles, routes!(api::list)),
        operation(CreateArticle, routes!(api::create)),
        operation(ViewArticle, routes!(api::show)),
        operation(EditArticle, routes!(api::edit)),
        operation(SubmitArticle, routes!(api::workflow::submit)),
        operation(PublishArticle, routes!(api::workflow::publish)),
        operation(ScheduleArticle, routes!(api::workflow::schedule)),
        operation(UnpublishArticle, routes!(api::workflow::unpublish)),
        operation(CorrectArticle, routes!(api::workflow::correct)),
        operation(ViewRevisions, routes!(api::workflow::revisions)),
        operation(ViewRevisions, routes!(api::workflow::diff)),
        operation(EditArticle, routes!(api::workflow::restore)),
        // Hand-offs: returning a story with a note, the desk's internal notes, notifications.
        operation(ReturnArticle, routes!(api::workflow::return_to_reporter)),
        operation(NoteArticle, routes!(notes::api::list)),
        operation(NoteArticle, routes!(notes::api::create)),
        operation(ReadNotifications, routes!(notifications::api::list)),
        operation(ReadNotifications, routes!(notifications::api::read)),
        page(Method::POST, "/newsroom/articles/{id}/return", ReturnArticle, post(pages::workflow::return_to_reporter)),
        page(Method::POST, "/newsroom/articles/{id}/notes", NoteArticle, post(notes::pages::create)),
        page(Method::GET, "/newsroom/notifications", ReadNotifications, get(notifications::pages::page)),
        page(Method::POST, "/newsroom/notifications/read", ReadNotifications, post(notifications::pages::read)),
        page(Method::POST, "/newsroom/notifications/email", ReadNotifications, post(notifications::pages::email)),
        // Around the story editor: autosave, who else is editing, Bijoy text, preview links.
        operation(EditArticle, routes!(editing::api::autosave)),
        operation(ViewArticle, routes!(editing::api::presence)),
        operation(CreateArticle, routes!(editing::api::convert_bijoy)),
        operation(EditArticle, routes!(editing::api::preview_link)),
        page(Method::POST, "/newsroom/autosave/discard", EditArticle, post(editing::pages::discard)),
        page(Method::POST, "/newsroom/articles/{id}/preview-link", EditArticle, post(editing::pages::preview_link)),
        // The same actions in the browser.
        page(Method::GET, "/newsroom", ListArticles, get(pages::dashboard)),
        page(Method::GET, "/newsroom/articles/new", CreateArticle, get(pages::editor::new_form)),
        page(Method::POST, "/newsroom/articles", CreateArticle, post(pages::editor::create)),
        page(Method::POST, "/newsroom/preview", CreateArticle, post(pages::editor::preview)),
        page(Method::GET, "/newsroom/articles/{id}", ViewArticle, get(pages::editor::edit_form)),
        page(Method::POST, "/newsroom/articles/{id}", EditArticle, post(pages::editor::save)),
        page(Method::POST, "/newsroom/articles/{id}/submit", SubmitArticle, post(pages::workflow::submit)),
        page(Method::POST, "/newsroom/articles/{id}/publish", PublishArticle, post(pages::workflow::publish)),
        page(Method::POST, "/newsroom/articles/{id}/schedule", ScheduleArticle, post(pages::workflow::schedule)),
        page(Method::POST, "/newsroom/articles/{id}/unpublish", UnpublishArticle, post(pages::workflow::unpublish)),
        page(Method::POST, "/newsroom/articles/{id}/correct", CorrectArticle, post(pages::workflow::correct)),
        page(Method::GET, "/newsroom/articles/{id}/diff", ViewRevisions, get(pages::workflow::diff)),
        page(Method::POST, "/newsroom/articles/{id}/restore", EditArticle, post(pages::workflow::restore)),
        operation(ManageSettings, routes!(settings::show)),
        operation(ManageSettings, routes!(settings::put)),
        page(Method::GET, "/newsroom/settings", ManageSettings, get(settings::form)),
        page(Method::POST, "/newsroom/settings", ManageSettings, post(settings::save)),
        operation(ManageStaff, routes!(staff::api::list)),
        operation(ManageStaff, routes!(staff::api::patch)),
        operation(ManageStaff, routes!(staff::api::post_invite)),
        page(Method::GET, "/newsroom/staff", ManageStaff, get(staff::pages::page)),
        page(Method::POST, "/newsroom/staff/{id}", ManageStaff, post(staff::pages::update)),
        page(Method::POST, "/newsroom/invites", ManageStaff, post(staff::pages::invite_page)),
        // Invitations waiting, colleagues added without mail, and the readers' own page.
        operation(ManageStaff, routes!(staff::api::add)),
        operation(ManageStaff, routes!(staff::api::invites)),
        operation(ManageStaff, routes!(staff::api::resend)),
        operation(ManageStaff, routes!(staff::api::revoke)),
        page(Method::POST, "/newsroom/colleagues", ManageStaff, post(staff::pages::add)),
        page(Method::POST, "/newsroom/invites/{id}/resend", ManageStaff, post(staff::pages::resend)),
        page(Method::POST, "/newsroom/invites/{id}/revoke", ManageStaff, post(staff::pages::revoke)),
        operation(ViewReaders, routes!(readers::api::list)),
        operation(BanReaders, routes!(moderation::api::unban)),
        page(Method::GET, "/newsroom/readers", ViewReaders, get(readers::pages::page)),
        page(Method::POST, "/newsroom/readers/{id}/ban", BanReaders, post(readers::pages::ban)),
        page(Method::POST, "/newsroom/readers/{id}/unban", BanReaders, post(readers::pages::unban)),
        operation(UploadMedia, routes!(media::api::list)),
        operation(UploadMedia, {
            let (schemas, paths, handler) = routes!(media::api::create);
            (schemas, paths, handler.layer(upload_limit()))
        }),
        page(Method::GET, "/newsroom/media", UploadMedia, get(media::pages::page)),
        page(Method::POST, "/newsroom/media", UploadMedia, post(media::pages::create).layer(upload_limit())),
        // Comment moderation.
        operation(ModerateComments, routes!(moderation::api::queue)),
        operation(ModerateComments, routes!(moderation::api::approve)),
        operation(ModerateComments, routes!(moderation::api::hold)),
        operation(ModerateComments, routes!(moderation::api::reject)),
        operation(ModerateComments, routes!(moderation::api::delete)),
        operation(BanReaders, routes!(moderation::api::ban)),
        page(Method::GET, "/newsroom/comments", ModerateComments, get(moderation::pages::queue)),
        page(Method::POST, "/newsroom/comments/{id}/approve", ModerateComments, post(moderation::pages::approve)),
        page(Method::POST, "/newsroom/comments/{id}/hold", ModerateComments, post(moderation::pages::hold)),
        page(Method::POST, "/newsroom/comments/{id}/reject", ModerateComments, post(moderation::pages::reject)),
        page(Method::POST, "/newsroom/comments/{id}/delete", ModerateComments, post(moderation::pages::delete)),
        page(Method::POST, "/newsroom/bans", BanReaders, post(moderation::pages::ban)),
        // The front of the paper.
        operation(CurateFront, routes!(fronts::api::put_home_front)),
        operation(CurateFront, routes!(fronts::api::put_section_front)),
        operation(CurateFront, routes!(fronts::api::put_breaking)),
        operation(CurateFront, routes!(fronts::api::delete_breaking)),
        page(Method::GET, "/newsroom/fronts", CurateFront, get(fronts::pages::index)),
        page(Method::GET, "/newsroom/fronts/{lang}", CurateFront, get(fronts::pages::home_editor)),
        page(Method::POST, "/newsroom/fronts/{lang}", CurateFront, post(fronts::pages::save_home)),
        page(Method::GET, "/newsroom/fronts/{lang}/{section}", CurateFront, get(fronts::pages::section_editor)),
        page(Method::POST, "/newsroom/fronts/{lang}/{section}", CurateFront, post(fronts::pages::save_section)),
        page(Method::POST, "/newsroom/breaking/{lang}", CurateFront, post(fronts::pages::put_banner)),
        page(Method::POST, "/newsroom/breaking/{lang}/remove", CurateFront, post(fronts::pages::remove_banner)),
        // Opinion polls.
        operation(CurateFront, routes!(polls::newsroom::api::list)),
        operation(CurateFront, routes!(polls::newsroom::api::create)),
        operation(CurateFront, routes!(polls::newsroom::api::show)),
        operation(CurateFront, routes!(polls::newsroom::api::update)),
        operation(CurateFront, routes!(polls::newsroom::api::delete)),
        page(Method::GET, "/newsroom/polls", CurateFront, get(polls::newsroom::pages::list)),
        page(Method::POST, "/newsroom/polls", CurateFront, post(polls::newsroom::pages::create)),
        page(Method::GET, "/newsroom/polls/{id}", CurateFront, get(polls::newsroom::pages::edit)),
        page(Method::POST, "/newsroom/polls/{id}", CurateFront, post(polls::newsroom::pages::save)),
        page(Method::POST, "/newsroom/polls/{id}/close", CurateFront, post(polls::newsroom::pages::close)),
        page(Method::POST, "/newsroom/polls/{id}/delete", CurateFront, post(polls::newsroom::pages::delete)),
        // The site's own pages; their footer order is the admins' (a site setting).
        operation(ManagePages, routes!(sitepages::api::list)),
        operation(ManagePages, routes!(sitepages::api::create)),
        operation(ManageSettings, routes!(sitepages::api::order)),
        operation(ManagePages, routes!(sitepages::api::show)),
        operation(ManagePages, routes!(sitepages::api::edit)),
        operation(ManagePages, routes!(sitepages::api::delete)),
        operation(ManagePages, routes!(sitepages::api::publish)),
        operation(ManagePages, routes!(sitepages::api::unpublish)),
        operation(ManagePages, routes!(sitepages::api::revisions)),
        operation(ManagePages, routes!(sitepages::api::diff)),
        operation(ManagePages, routes!(sitepages::api::restore)),
        page(Method::GET, "/newsroom/pages", ManagePages, get(sitepages::newsroom::list)),
        page(Method::GET, "/newsroom/pages/new", ManagePages, get(sitepages::newsroom::new_form)),
        page(Method::POST, "/newsroom/pages", ManagePages, post(sitepages::newsroom::create)),
        page(Method::POST, "/newsroom/pages/order", ManageSettings, post(sitepages::newsroom::order)),
        page(Method::GET, "/newsroom/pages/{id}", ManagePages, get(sitepages::newsroom::edit_form)),
        page(Method::POST, "/newsroom/pages/{id}", ManagePages, post(sitepages::newsroom::save)),
        page(Method::POST, "/newsroom/pages/{id}/publish", ManagePages, post(sitepages::newsroom::publish)),
        page(Method::POST, "/newsroom/pages/{id}/unpublish", ManagePages, post(sitepages::newsroom::unpublish)),
        page(Method::POST, "/newsroom/pages/{id}/delete", ManagePages, post(sitepages::newsroom::delete)),
        page(Method::GET, "/newsroom/pages/{id}/diff", ManagePages, get(sitepages::newsroom::diff)),
        page(Method::POST, "/newsroom/pages/{id}/restore", ManagePages, post(sitepages::newsroom::restore)),
        // Bylines: everyone who writes keeps their own; editors keep desks, guests and agencies.
        operation(ListBylines, routes!(bylines::api::list)),
        operation(ManageBylines, routes!(bylines::api::create)),
        operation(ListBylines, routes!(bylines::api::show)),
        operation(EditByline, routes!(bylines::api::edit)),
        operation(ManageBylines, routes!(bylines::api::merge)),
        page(Method::GET, "/newsroom/bylines", ListBylines, get(bylines::pages::list)),
        page(Method::POST, "/newsroom/bylines", ManageBylines, post(bylines::pages::create)),
        page(Method::GET, "/newsroom/bylines/{id}", ListBylines, get(bylines::pages::edit_form)),
        page(Method::POST, "/newsroom/bylines/{id}", EditByline, post(bylines::pages::save)),
        page(Method::POST, "/newsroom/bylines/{id}/merge", ManageBylines, post(bylines::pages::merge)),
        // Sections and topics; reporters create the topics they tag stories with.
        operation(ManageSections, routes!(sections::api::list)),
        operation(ManageSections, routes!(sections::api::create)),
        operation(ManageSections, routes!(sections::api::update)),
        operation(ManageSections, routes!(sections::api::delete)),
        page(Method::GET, "/newsroom/sections", ManageSections, get(sections::pages::page)),
        page(Method::POST, "/newsroom/sections", ManageSections, post(sections::pages::create)),
        page(Method::POST, "/newsroom/sections/{id}", ManageSections, post(sections::pages::save)),
        page(Method::POST, "/newsroom/sections/{id}/delete", ManageSections, post(sections::pages::delete)),
        // Redirects: the old addresses that answer 301, listed, added and removed by hand.
        operation(ManageRedirects, routes!(redirects::api::list)),
        operation(ManageRedirects, routes!(redirects::api::create)),
        operation(ManageRedirects, routes!(redirects::api::delete)),
        page(Method::GET, "/newsroom/redirects", ManageRedirects, get(redirects::pages::page)),
        page(Method::POST, "/newsroom/redirects", ManageRedirects, post(redirects::pages::create)),
        page(Method::POST, "/newsroom/redirects/remove", ManageRedirects, post(redirects::pages::remove)),
        operation(CreateTopics, routes!(topics::api::create)),
        operation(ManageTopics, routes!(topics::api::update)),
        operation(ManageTopics, routes!(topics::api::merge)),
        operation(ManageTopics, routes!(topics::api::delete)),
        page(Method::GET, "/newsroom/topics", CreateTopics, get(topics::pages::list)),
        page(Method::POST, "/newsroom/topics", CreateTopics, post(topics::pages::create)),
        page(Method::GET, "/newsroom/topics/{id}", ManageTopics, get(topics::pages::edit)),
        page(Method::POST, "/newsroom/topics/{id}", ManageTopics, post(topics::pages::save)),
        page(Method::POST, "/newsroom/topics/{id}/merge", ManageTopics, post(topics::pages::merge)),
        page(Method::POST, "/newsroom/topics/{id}/delete", ManageTopics, post(topics::pages::delete)),
    ]
}

/// The permission table's routes, for tests that walk it.
pub fn route_table() -> Vec<RouteEntry> {
    routes().into_iter().map(|(e, _)| e).collect()
}

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    let mut router = Routes::new()
        .api(routes!(api::tokens::create_token))
        .api(routes!(api::tokens::revoke_token))
        // A preview link is for someone without an account; never kept by the page cache.
        .private("/preview/{token}", get(editing::pages::show))
        // Accepting an invitation is for the invited person, who has no account yet.
        .route("/invite", get(staff::invites::accept_form).post(staff::invites::accept));
    for (entry, handler) in routes() {
        router = match handler {
            Handler::Page(handler) => router.route(&entry.path, handler),
            Handler::Api(operation) => router.api(operation),
        };
    }
    router
}

/// Publishes scheduled articles whose time has come; returns how many. Several nodes may run
/// this at once: each article's version check lets exactly one of them publish it.
pub async fn publish_due(state: &AppState) -> sqlx::Result<usize> {
    let now = state.clock.now();
    let mut published = 0;
    for (id, version) in db::due(&state.db, now).await? {
        let Some(row) = db::find(&state.db, id).await? else { continue };
        // The reporter hears that the story is out.
        let data = actions::handoffs::notify(state, None, &row, model::Step::Publish, db::StepData::default());
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
