//! Where a route says how the page cache treats it. Each feature declares its routes through
//! [`Routes`]: a page the same for every reader is [`Routes::public`] (kept, keyed by its path
//! and the query parameters named there), a page that differs per reader or per query is
//! [`Routes::private`], and everything outside the editions' pages (forms, the API, assets) is a
//! plain [`Routes::route`]. The page cache reads the declarations ([`PageRules`]); nothing is
//! kept that a route did not declare public.

use axum::Router;
use axum::routing::MethodRouter;

/// How the page cache treats a route's GET and HEAD requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// The same for every reader: rendered without the reader's cookies, kept, and keyed by the
    /// path and these query parameters (others, such as `?utm_source=`, name the same page).
    Public { params: &'static [&'static str] },
    /// Differs per reader or per query: rendered for each request and never kept.
    Private,
}

/// One declared route.
#[derive(Debug, Clone)]
pub struct Declared {
    /// The route pattern (`/{lang}/news/{id}/{slug}`).
    pub path: &'static str,
    /// How the cache treats it; `None` for routes outside the editions' pages.
    pub caching: Option<Caching>,
}

/// A feature's routes with their caching declarations.
pub struct Routes<S> {
    router: Router<S>,
    declared: Vec<Declared>,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// No routes.
    pub fn new() -> Self {
        Self { router: Router::new(), declared: Vec::new() }
    }

    /// A page the same for every reader, kept by the page cache under its path and `params`.
    pub fn public(self, path: &'static str, params: &'static [&'static str], handler: MethodRouter<S>) -> Self {
        self.add(path, Some(Caching::Public { params }), handler)
    }

    /// A page that differs per reader or per query: never kept.
    pub fn private(self, path: &'static str, handler: MethodRouter<S>) -> Self {
        self.add(path, Some(Caching::Private), handler)
    }

    /// A route outside the editions' pages (a form's POST, the API, assets): never kept.
    pub fn route(self, path: &'static str, handler: MethodRouter<S>) -> Self {
        self.add(path, None, handler)
    }

    fn add(mut self, path: &'static str, caching: Option<Caching>, handler: MethodRouter<S>) -> Self {
        self.router = self.router.route(path, handler);
        self.declared.push(Declared { path, caching });
        self
    }

    /// Both sets of routes.
    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.declared.extend(other.declared);
        self
    }

    /// Every route with its declaration.
    pub fn declared(&self) -> &[Declared] {
        &self.declared
    }

    /// The router, and the rules the page cache follows.
    pub fn into_parts(self) -> (Router<S>, PageRules) {
        let rules = PageRules::new(&self.declared);
        (self.router, rules)
    }
}

/// The declarations, matched the way the router matches paths.
pub struct PageRules {
    routes: matchit::Router<Caching>,
}

impl PageRules {
    /// Rules for these routes. A route without a declaration is matched too (as
    /// [`Caching::Private`]), so that a path is never taken for a public page it is not.
    pub fn new(declared: &[Declared]) -> Self {
        let mut routes = matchit::Router::new();
        for route in declared {
            // The router has taken the same patterns already, so they insert here too.
            let _ = routes.insert(route.path, route.caching.unwrap_or(Caching::Private));
        }
        Self { routes }
    }

    /// How the page at `path` is treated; `Private` where no route matches.
    pub fn caching(&self, path: &str) -> Caching {
        self.routes.at(path).map_or(Caching::Private, |found| *found.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::{get, post};

    #[test]
    fn paths_take_the_declaration_of_the_route_the_router_would_pick() {
        let routes: Routes<()> = Routes::new()
            .public("/{lang}/news/{id}/{slug}", &[], get(|| async {}))
            .route("/{lang}/news/{id}/comments", post(|| async {}))
            .private("/{lang}/search", get(|| async {}))
            .public("/{lang}/category/{slug}", &["cursor"], get(|| async {}));
        let (_, rules) = routes.into_parts();
        assert_eq!(rules.caching("/en/news/1/x"), Caching::Public { params: &[] });
        assert_eq!(rules.caching("/en/news/1/comments"), Caching::Private);
        assert_eq!(rules.caching("/bn/search"), Caching::Private);
        assert_eq!(rules.caching("/en/category/world"), Caching::Public { params: &["cursor"] });
        assert_eq!(rules.caching("/login"), Caching::Private);
    }
}
