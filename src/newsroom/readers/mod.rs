//! The readers page, for moderators and admins: readers' accounts (never staff) searched by name
//! or email, newest first, a page at a time (keyset on id), with when they joined, how many
//! comments they wrote and whether they are banned; moderators ban and unban from here with
//! moderation's own rules (`moderation::api::ban_reader`). Queries in [`db`], the page in
//! [`pages`], the JSON list in [`api`].

pub mod api;
pub mod db;
pub mod pages;

/// Readers on one page of the list.
pub const PAGE_SIZE: i64 = 50;

/// The `LIKE` pattern that finds `q` anywhere, its wildcards taken literally; empty for no search.
pub fn pattern(q: &str) -> String {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return String::new();
    }
    let escaped: String = q
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::pattern;

    #[test]
    fn a_search_finds_its_text_anywhere_and_wildcards_literally() {
        assert_eq!(pattern("  "), "");
        assert_eq!(pattern("Rahim"), "%rahim%");
        assert_eq!(pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
