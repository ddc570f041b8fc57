//! How the page cache treats a route, as the route declares it (`crate::routes::Routes`): a page
//! the same for every reader is public (kept, keyed by its path and the query parameters named
//! there), a page that differs per reader or per query is private, and everything outside the
//! editions' pages (forms, the API, assets) is neither. The page cache reads the declarations
//! ([`PageRules`]); nothing is kept that a route did not declare public.

use crate::routes::Declared;

/// How the page cache treats a route's GET and HEAD requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// The same for every reader: rendered without the reader's cookies, kept, and keyed by the
    /// path and these query parameters (others, such as `?utm_source=`, name the same page).
    Public { params: &'static [&'static str] },
    /// Differs per reader or per query: rendered for each request and never kept.
    Private,
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
            let _ = routes.insert(route.path.clone(), route.caching.unwrap_or(Caching::Private));
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
    use crate::routes::Routes;
    use axum::routing::{get, post};

    #[test]
    fn paths_take_the_declaration_of_the_route_the_router_would_pick() {
        let routes: Routes<()> = Routes::new()
            .public("/{lang}/news/{id}/{slug}", &[], get(|| async {}))
            .route("/{lang}/news/{id}/comments", post(|| async {}))
            .private("/{lang}/search", get(|| async {}))
            .public("/{lang}/category/{slug}", &["cursor"], get(|| async {}));
        let rules = PageRules::new(routes.declared());
        assert_eq!(rules.caching("/en/news/1/x"), Caching::Public { params: &[] });
        assert_eq!(rules.caching("/en/news/1/comments"), Caching::Private);
        assert_eq!(rules.caching("/bn/search"), Caching::Private);
        assert_eq!(rules.caching("/en/category/world"), Caching::Public { params: &["cursor"] });
        assert_eq!(rules.caching("/login"), Caching::Private);
    }
}
