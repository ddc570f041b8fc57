//! The top of the crate: every feature's routes merged into one router, and the layers every
//! request passes through. Nothing below imports this module.

use std::sync::Arc;

use axum::http::Request;
use axum::http::{HeaderValue, header};
use axum::{Extension, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::routes::Routes;
use crate::state::AppState;
use crate::{
    accounts, api, articles, assets, bylines, cache, comments, csrf, editions, feeds, fronts, newsroom, ops, polls,
    search, sitepages, topics, trending, web,
};

/// Every feature's routes with their caching declarations.
pub fn routes() -> Routes<AppState> {
    Routes::new()
        .merge(editions::router())
        .merge(accounts::router())
        .merge(comments::router())
        .merge(newsroom::router())
        .merge(polls::router())
        .merge(articles::router())
        .merge(trending::router())
        .merge(search::router())
        .merge(feeds::router())
        .merge(fronts::router())
        .merge(sitepages::router())
        .merge(bylines::router())
        .merge(topics::router())
        .merge(api::router())
        .merge(assets::router())
        .merge(ops::router())
}

/// Every route of the site, with logging, error pages, the page cache, load shedding, panic
/// safety and the security headers.
pub fn router(state: AppState) -> Router {
    let (routes, declared, operations) = routes().into_parts();
    let rules = cache::rules::PageRules::new(&declared);
    let page_cache = cache::serve::Layer::new(state.pages.clone(), rules, state.metrics.clone());
    let document = api::Document(Arc::new(api::document(operations)));
    let admission = crate::http::Admission::new(state.config.max_concurrent_requests, state.config.queue_wait)
        .counting_shed(state.metrics.shed.clone());
    routes
        .nest_service(
            "/media",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(ServeDir::new(&state.config.media_dir)),
        )
        .layer(Extension(document))
        .route_layer(axum::middleware::from_fn(crate::metrics::tag_route))
        .fallback(web::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::protect))
        .layer(axum::middleware::from_fn_with_state(state.clone(), web::error_pages))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(
                    |req: &Request<_>| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
                )
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        // Outside the log and compression: a cache hit needs neither.
        .layer(axum::middleware::from_fn_with_state(page_cache, cache::serve::layer))
        // Outermost but for what follows: a request over the limit costs nothing more.
        .layer(axum::middleware::from_fn_with_state(admission, crate::http::shed))
        // Before the body is received: what cannot be served is refused at once.
        .layer(axum::middleware::from_fn_with_state(state.clone(), web::refuse_oversized))
        .layer(CatchPanicLayer::custom(web::panicked))
        // The security headers, set here once: every answer gets them, whichever layer made it.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(web::CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static(web::REFERRER_POLICY),
        ))
        .with_state(state)
}
