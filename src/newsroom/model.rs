//! Newsroom rules without IO: article statuses and the workflow between them, and the checks
//! on what an editor submits.

use crate::clock::Timestamp;

/// Where an article is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Review,
    Scheduled,
    Published,
    Unpublished,
}

impl Status {
    /// Parses a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "draft" => Self::Draft,
            "review" => Self::Review,
            "scheduled" => Self::Scheduled,
            "published" => Self::Published,
            "unpublished" => Self::Unpublished,
            _ => return None,
        })
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Review => "review",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
            Self::Unpublished => "unpublished",
        }
    }
}

/// Stored as its name; a name that is not a status is an error for the row.
impl sqlx::Type<sqlx::Any> for Status {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        crate::db::name_type()
    }
}

impl sqlx::Decode<'_, sqlx::Any> for Status {
    fn decode(value: sqlx::any::AnyValueRef<'_>) -> Result<Self, sqlx::error::BoxDynError> {
        crate::db::decode_name(value, "article status", Self::parse)
    }
}

impl sqlx::Encode<'_, sqlx::Any> for Status {
    fn encode_by_ref(
        &self,
        buf: &mut crate::db::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        crate::db::encode_name(self.as_str(), buf)
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Publish,
    Schedule,
    Unpublish,
    Correct,
    /// An editor sends a story in review back to its reporter, with a note.
    Return,
}

impl Step {
    /// The name used in URLs and revisions.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Publish => "publish",
            Self::Schedule => "schedule",
            Self::Unpublish => "unpublish",
            Self::Correct => "correct",
            Self::Return => "return",
        }
    }
}

/// The status after `step`, or why the step does not apply.
pub fn transition(from: Status, step: Step) -> Result<Status, String> {
    use Status::*;
    let to = match (step, from) {
        (Step::Submit, Draft) => Review,
        (Step::Publish, Draft | Review | Scheduled | Unpublished) => Published,
        (Step::Schedule, Draft | Review | Scheduled | Unpublished) => Scheduled,
        (Step::Unpublish, Published | Scheduled) => Unpublished,
        (Step::Correct, Published) => Published,
        (Step::Return, Review) => Draft,
        (step, from) => {
            return Err(format!(
                "An article that is {} cannot be {}.",
                from.as_str(),
                match step {
                    Step::Submit => "submitted for review (only drafts can)",
                    Step::Publish => "published again",
                    Step::Schedule => "scheduled",
                    Step::Unpublish => "unpublished (it is not public)",
                    Step::Correct => "corrected (only published articles carry corrections)",
                    Step::Return => "returned to its reporter (only stories in review can)",
                }
            ));
        }
    };
    Ok(to)
}

/// Longest headline, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest standfirst, in characters.
pub const MAX_STANDFIRST: usize = 1000;
/// Longest body, in characters.
pub const MAX_BODY: usize = 200_000;

/// Checks a headline: trimmed, 1–300 characters.
pub fn title(text: &str) -> Result<String, String> {
    let t = crate::articles::model::typed_text(text).replace(['\n', '\t'], " ");
    let t = t.trim();
    match t.chars().count() {
        0 => Err("The headline is empty.".into()),
        n if n > MAX_TITLE => Err(format!("A headline may have at most {MAX_TITLE} characters; this one has {n}.")),
        _ => Ok(t.to_owned()),
    }
}

/// Checks a text field against a length limit; control characters go.
pub fn bounded(field: &str, text: &str, max: usize) -> Result<String, String> {
    let text = crate::articles::model::typed_text(text);
    let n = text.chars().count();
    if n > max {
        Err(format!("The {field} may have at most {max} characters; it has {n}."))
    } else {
        Ok(text.trim().to_owned())
    }
}

/// Checks a schedule time: in the future.
pub fn schedule_time(at: Timestamp, now: Timestamp) -> Result<Timestamp, String> {
    if at <= now { Err("A scheduled time must be in the future.".into()) } else { Ok(at) }
}

/// One line of a diff between two texts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct DiffLine {
    /// `equal`, `insert` or `delete`.
    pub tag: &'static str,
    pub text: String,
}

/// The line-by-line difference from `old` to `new`.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            tag: match c.tag() {
                similar::ChangeTag::Equal => "equal",
                similar::ChangeTag::Insert => "insert",
                similar::ChangeTag::Delete => "delete",
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn diffs_mark_changed_lines() {
        let lines = super::diff("a\nb\nc\n", "a\nB\nc\n");
        let tags: Vec<_> = lines.iter().map(|l| (l.tag, l.text.as_str())).collect();
        assert_eq!(tags, [("equal", "a"), ("delete", "b"), ("insert", "B"), ("equal", "c")]);
    }

    use super::*;

    #[test]
    fn the_workflow_moves_forward_and_refuses_nonsense() {
        assert_eq!(transition(Status::Draft, Step::Submit), Ok(Status::Review));
        assert_eq!(transition(Status::Review, Step::Publish), Ok(Status::Published));
        assert_eq!(transition(Status::Review, Step::Schedule), Ok(Status::Scheduled));
        assert_eq!(transition(Status::Published, Step::Unpublish), Ok(Status::Unpublished));
        assert_eq!(transition(Status::Unpublished, Step::Publish), Ok(Status::Published));
        assert_eq!(transition(Status::Published, Step::Correct), Ok(Status::Published));
        assert!(transition(Status::Published, Step::Submit).is_err());
        assert!(transition(Status::Draft, Step::Unpublish).is_err());
        assert!(transition(Status::Draft, Step::Correct).is_err());
        assert!(transition(Status::Published, Step::Publish).is_err());
        assert_eq!(transition(Status::Review, Step::Return), Ok(Status::Draft));
        assert!(transition(Status::Draft, Step::Return).is_err());
        assert!(transition(Status::Published, Step::Return).is_err());
    }

    #[test]
    fn headlines_are_checked() {
        assert!(title("  ").is_err());
        assert_eq!(title(" Tigers win ").unwrap(), "Tigers win");
        assert!(title(&"ক".repeat(MAX_TITLE + 1)).is_err());
    }
}
