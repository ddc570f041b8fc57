//! Bangla for the newsroom's pages about people: staff, invitations, readers, comments and
//! moderation, and the refusals every role may meet.

/// Staff, invitations, readers, comments, moderation, refusals.
pub const BN: &[(&str, &str)] = &[];
