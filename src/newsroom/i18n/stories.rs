//! Bangla for the newsroom's stories: the article list, the editor, the workflow and revisions.

/// The article list, the editor, the workflow, revisions.
pub const BN: &[(&str, &str)] = &[];
