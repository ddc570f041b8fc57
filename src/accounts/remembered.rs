//! Sessions remembered for a few seconds, so that a logged-in reader's page answered from the
//! page cache needs no database round trip (see `session::remembered`).

use super::model::SessionUser;

/// Sessions seen in the last few seconds, so that a logged-in reader's article page (served from
/// the page cache) needs no database round trip. Logouts and other session ends clear it on
/// every node at once (`cache::Invalidation::Sessions`); the short lifetime bounds what a change
/// made outside the server (the `newsdesk user` commands on SQLite) can miss. Only the comment
/// box of cached pages trusts it: every action checks the session in the database.
pub struct SessionCache {
    users: moka::sync::Cache<String, SessionUser>,
}

/// How long a remembered session is trusted without asking the database.
const REMEMBER_SECS: u64 = 10;

impl SessionCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self {
            users: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(std::time::Duration::from_secs(REMEMBER_SECS))
                .build(),
        }
    }

    /// The user of a session (by the hash of its id) seen in the last seconds.
    pub fn get(&self, hash: &str) -> Option<SessionUser> {
        self.users.get(hash)
    }

    /// Remembers the user of a session for a few seconds.
    pub fn insert(&self, hash: String, user: SessionUser) {
        self.users.insert(hash, user);
    }

    /// Forgets every remembered session.
    pub fn clear(&self) {
        self.users.invalidate_all();
    }
}

impl Default for SessionCache {
    fn default() -> Self {
        Self::new()
    }
}
