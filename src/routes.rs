//! How features declare their routes: each route once, with how the page cache treats it and,
//! for the JSON API, its OpenAPI description taken from the handler's `#[utoipa::path]`.
//!
//! A page the same for every reader is [`Routes::public`] (kept, keyed by its path and the query
//! parameters named there), a page that differs per reader or per query is [`Routes::private`],
//! an API operation is [`Routes::api`] (`routes!(handler)`: path and method come from the
//! handler's annotation), and anything else (a form's POST, assets, operations) is a plain
//! [`Routes::route`]. `crate::router` merges every feature's routes; the page cache reads the
//! declarations, `/api/openapi.json` the descriptions.

use axum::Router;
use axum::routing::MethodRouter;
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::{HttpMethod, PathItem};
use utoipa_axum::router::UtoipaMethodRouter;

use crate::cache::Caching;

/// One declared route.
#[derive(Debug, Clone)]
pub struct Declared {
    /// The route pattern (`/{lang}/news/{id}/{slug}`).
    pub path: String,
    /// How the page cache treats it; `None` for routes outside the editions' pages.
    pub caching: Option<Caching>,
    /// Whether the OpenAPI document describes it (every route under `/api/v1/`).
    pub documented: bool,
}

/// A feature's routes with their declarations.
pub struct Routes<S> {
    router: Router<S>,
    declared: Vec<Declared>,
    openapi: OpenApi,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// No routes.
    pub fn new() -> Self {
        Self { router: Router::new(), declared: Vec::new(), openapi: OpenApi::default() }
    }

    /// A page the same for every reader, kept by the page cache under its path and `params`.
    pub fn public(self, path: &str, params: &'static [&'static str], handler: MethodRouter<S>) -> Self {
        self.add(path, Some(Caching::Public { params }), handler)
    }

    /// A page that differs per reader or per query (or a redirect): never kept.
    pub fn private(self, path: &str, handler: MethodRouter<S>) -> Self {
        self.add(path, Some(Caching::Private), handler)
    }

    /// A route outside the editions' pages and the API (a form's POST, assets): never kept.
    pub fn route(self, path: &str, handler: MethodRouter<S>) -> Self {
        self.add(path, None, handler)
    }

    /// API operations on one path, as `utoipa_axum::routes!(handler, …)` gives them: the path,
    /// methods and description come from the handlers' `#[utoipa::path]`.
    pub fn api(mut self, (schemas, paths, handler): UtoipaMethodRouter<S>) -> Self {
        for path in paths.paths.keys() {
            self.router = self.router.route(path, handler.clone());
            self.declared.push(Declared { path: path.clone(), caching: None, documented: true });
        }
        let components = self.openapi.components.get_or_insert_with(Default::default);
        components.schemas.extend(schemas);
        // Another method on a path already described joins its operations.
        self.openapi.paths.merge(paths);
        self
    }

    fn add(mut self, path: &str, caching: Option<Caching>, handler: MethodRouter<S>) -> Self {
        self.router = self.router.route(path, handler);
        self.declared.push(Declared { path: path.to_owned(), caching, documented: false });
        self
    }

    /// Both sets of routes.
    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.declared.extend(other.declared);
        self.openapi.merge(other.openapi);
        self
    }

    /// Every route with its declaration.
    pub fn declared(&self) -> &[Declared] {
        &self.declared
    }

    /// The router, the declarations and the API's description.
    pub fn into_parts(self) -> (Router<S>, Vec<Declared>, OpenApi) {
        (self.router, self.declared, self.openapi)
    }
}

/// The methods an API path's description has operations for.
pub fn methods(item: &PathItem) -> Vec<HttpMethod> {
    [
        (HttpMethod::Get, item.get.is_some()),
        (HttpMethod::Post, item.post.is_some()),
        (HttpMethod::Put, item.put.is_some()),
        (HttpMethod::Patch, item.patch.is_some()),
        (HttpMethod::Delete, item.delete.is_some()),
    ]
    .into_iter()
    .filter_map(|(method, present)| present.then_some(method))
    .collect()
}
