//! Bangla for the desk's tools: front pages and breaking news, polls, the site's pages, the
//! media library and the site's settings.

/// Fronts, breaking news, polls, the site's pages, media, settings.
pub const BN: &[(&str, &str)] = &[];
