//! What an export holds, counted the way the import treats it: which items become stories,
//! pages, media, sections, topics, bylines and comments, which are skipped and why, and which
//! could not be read. Pure: the report of a dry run and of an import alike.

use std::collections::{BTreeMap, BTreeSet};

use super::wxr::{Item, ItemError, Site};

/// The counts of an export.
#[derive(Debug, Default)]
pub struct Tally {
    /// Stories by the status they come in with (`published`, `draft`, `scheduled`, `unpublished`).
    pub stories: BTreeMap<&'static str, usize>,
    /// Stories whose post had a password: they come in unpublished.
    pub password_protected: usize,
    pub sticky: usize,
    pub pages: usize,
    pub media: usize,
    sections: BTreeSet<String>,
    topics: BTreeSet<String>,
    bylines: BTreeSet<String>,
    /// Comments shown (approved) and held (waiting); spam and trash are not brought in.
    pub comments_shown: usize,
    pub comments_held: usize,
    pub comments_dropped: usize,
    /// Items left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Stories and pages by the language their Polylang or WPML term names.
    pub languages: BTreeMap<String, usize>,
    /// Items that could not be read: their old id or position, and why.
    pub failed: Vec<String>,
}

/// The edition-independent status a WordPress post comes in with; `None` when it is left out.
pub fn story_status(item: &Item) -> Result<&'static str, String> {
    match item.status.as_str() {
        "publish" if !item.password.is_empty() => Ok("unpublished"),
        "publish" => Ok("published"),
        "draft" | "pending" => Ok("draft"),
        "future" => Ok("scheduled"),
        "private" => Ok("unpublished"),
        "trash" => Err("in the trash".to_owned()),
        "auto-draft" => Err("an automatic draft".to_owned()),
        "inherit" => Err("a revision".to_owned()),
        other => Err(format!("status “{other}”")),
    }
}

impl Tally {
    /// Starts from the header's authors and terms.
    pub fn new(site: &Site) -> Self {
        let mut tally = Self::default();
        tally.sections.extend(site.categories.iter().map(|c| c.slug.clone()));
        tally.topics.extend(site.tags.iter().map(|t| t.slug.clone()));
        tally.bylines.extend(site.authors.iter().map(|a| a.login.clone()));
        tally
    }

    /// Counts one item.
    pub fn add(&mut self, item: &Item) {
        match item.post_type.as_str() {
            "post" => match story_status(item) {
                Ok(status) => {
                    *self.stories.entry(status).or_default() += 1;
                    self.password_protected += usize::from(!item.password.is_empty());
                    self.sticky += usize::from(item.is_sticky);
                    self.credits_and_terms(item);
                    self.comments(item);
                }
                Err(why) => *self.skipped.entry(format!("posts {why}")).or_default() += 1,
            },
            "page" => match story_status(item) {
                Ok(_) => {
                    self.pages += 1;
                    self.language(item);
                }
                Err(why) => *self.skipped.entry(format!("pages {why}")).or_default() += 1,
            },
            "attachment" => self.media += 1,
            other => *self.skipped.entry(format!("items of type “{other}”")).or_default() += 1,
        }
    }

    /// Notes an item that could not be read.
    pub fn failed(&mut self, error: &ItemError) {
        let which =
            error.post_id.as_deref().map_or_else(|| format!("item {}", error.index + 1), |id| format!("post {id}"));
        self.failed.push(format!("{which}: {}", error.reason));
    }

    fn credits_and_terms(&mut self, item: &Item) {
        if !item.creator.trim().is_empty() {
            self.bylines.insert(item.creator.trim().to_owned());
        }
        for term in &item.categories {
            match term.domain.as_str() {
                "category" => {
                    self.sections.insert(term.nicename.clone());
                }
                "post_tag" => {
                    self.topics.insert(term.nicename.clone());
                }
                // Co-Authors Plus lists every author of a post as a term.
                "author" => {
                    self.bylines.insert(term.nicename.trim_start_matches("cap-").to_owned());
                }
                _ => {}
            }
        }
        self.language(item);
    }

    fn language(&mut self, item: &Item) {
        if let Some(lang) = item.categories.iter().find(|t| t.domain == "language") {
            *self.languages.entry(lang.nicename.clone()).or_default() += 1;
        }
    }

    fn comments(&mut self, item: &Item) {
        for c in &item.comments {
            match c.approved.as_str() {
                "1" => self.comments_shown += 1,
                "0" => self.comments_held += 1,
                _ => self.comments_dropped += 1,
            }
        }
    }

    /// The report, for a person.
    pub fn render(&self, site: &Site, dry_run: bool) -> String {
        let mut out = String::new();
        let verb = if dry_run { "would come across (dry run: nothing was changed)" } else { "came across" };
        out.push_str(&format!("{} ({}), WXR {}: {verb}\n", site.title, site.link, site.wxr_version));
        let stories: usize = self.stories.values().sum();
        let statuses: Vec<String> = self.stories.iter().map(|(s, n)| format!("{n} {s}")).collect();
        out.push_str(&format!("  stories   {stories} ({})\n", statuses.join(", ")));
        if self.password_protected > 0 {
            out.push_str(&format!(
                "            {} had a password and come in unpublished: review them before publishing\n",
                self.password_protected
            ));
        }
        if self.sticky > 0 {
            out.push_str(&format!("            {} sticky\n", self.sticky));
        }
        out.push_str(&format!("  pages     {}\n", self.pages));
        out.push_str(&format!("  sections  {}\n", self.sections.len()));
        out.push_str(&format!("  topics    {}\n", self.topics.len()));
        out.push_str(&format!("  bylines   {}\n", self.bylines.len()));
        out.push_str(&format!("  images    {}\n", self.media));
        out.push_str(&format!(
            "  comments  {} shown, {} held ({} spam or trash left out)\n",
            self.comments_shown, self.comments_held, self.comments_dropped
        ));
        if !self.languages.is_empty() {
            let langs: Vec<String> = self.languages.iter().map(|(l, n)| format!("{n} {l}")).collect();
            out.push_str(&format!("  languages {}\n", langs.join(", ")));
        }
        if !self.skipped.is_empty() {
            out.push_str("skipped:\n");
            for (why, n) in &self.skipped {
                out.push_str(&format!("  {why}: {n}\n"));
            }
        }
        if !self.failed.is_empty() {
            out.push_str(&format!("failed ({}):\n", self.failed.len()));
            for f in &self.failed {
                out.push_str(&format!("  {f}\n"));
            }
        }
        out
    }
}

/// What an import did, by kind (`stories`, `pages`, `sections`, `topics`, `bylines`, `images`,
/// `comments`, `redirects`): brought in, found from an earlier run, left out and why, failed.
#[derive(Debug, Default)]
pub struct Outcome {
    pub imported: BTreeMap<&'static str, usize>,
    /// Already here from an earlier run of this export (or of the same site's).
    pub already: BTreeMap<&'static str, usize>,
    pub skipped: BTreeMap<String, usize>,
    /// What could not be imported: the old item, and why.
    pub failed: Vec<String>,
    /// Images the export refers to that could not be found, and how many in all.
    pub missing_images: BTreeSet<String>,
    pub missing_count: usize,
    /// Things to review: each said once, with how many times it happened.
    pub warnings: BTreeMap<String, usize>,
}

/// How many missing images the report names; the rest are counted.
const MISSING_LISTED: usize = 50;

impl Outcome {
    /// Counts one thing brought in.
    pub fn imported(&mut self, kind: &'static str) {
        *self.imported.entry(kind).or_default() += 1;
    }

    /// Counts one thing found from an earlier run.
    pub fn already(&mut self, kind: &'static str) {
        *self.already.entry(kind).or_default() += 1;
    }

    /// Counts one thing left out.
    pub fn skipped(&mut self, why: impl Into<String>) {
        *self.skipped.entry(why.into()).or_default() += 1;
    }

    /// Notes something to review.
    pub fn warn(&mut self, what: impl Into<String>) {
        *self.warnings.entry(what.into()).or_default() += 1;
    }

    /// Notes an image that could not be found.
    pub fn missing(&mut self, address: &str) {
        self.missing_count += 1;
        if self.missing_images.len() < MISSING_LISTED {
            self.missing_images.insert(address.to_owned());
        }
    }

    /// The report of the import, after the export's own counts.
    pub fn render(&self) -> String {
        let mut out = String::from("imported (new / already here from an earlier run):\n");
        for kind in ["stories", "pages", "sections", "topics", "bylines", "images", "comments", "redirects"] {
            let new = self.imported.get(kind).copied().unwrap_or(0);
            let old = self.already.get(kind).copied().unwrap_or(0);
            out.push_str(&format!("  {kind:<10} {new} / {old}\n"));
        }
        if !self.skipped.is_empty() {
            out.push_str("not imported:\n");
            for (why, n) in &self.skipped {
                out.push_str(&format!("  {why}: {n}\n"));
            }
        }
        if self.missing_count > 0 {
            out.push_str(&format!(
                "images not found: {} (give a copy of wp-content/uploads with --uploads and run the import again)\n",
                self.missing_count
            ));
            for address in &self.missing_images {
                out.push_str(&format!("  {address}\n"));
            }
            if self.missing_count > self.missing_images.len() {
                out.push_str("  …\n");
            }
        }
        if !self.warnings.is_empty() {
            out.push_str("to review:\n");
            for (what, n) in &self.warnings {
                out.push_str(&format!("  {what}: {n}\n"));
            }
        }
        out.push_str(&format!("failed: {}\n", self.failed.len()));
        for f in &self.failed {
            out.push_str(&format!("  {f}\n"));
        }
        out
    }
}
