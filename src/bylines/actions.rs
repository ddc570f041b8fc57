//! What the newsroom does with bylines, shared by the JSON API and the newsroom pages: creating
//! desks, guest and wire bylines, changing a profile (one's own, or as an editor anyone's, with
//! a version check), retiring, and merging two bylines.

use serde::Deserialize;
use utoipa::ToSchema;

use super::db::{self, BylineProfile, NewByline, ProfileUpdate};
use super::model::{Credit, Profile, ProfileChange};
use crate::cache::Invalidation;
use crate::error::AppError;
use crate::newsroom::auth::Staff;
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::policy::{Action, Ownership};
use crate::state::AppState;

/// A byline as sent by the newsroom: every field optional on a change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BylineInput {
    /// `desk`, `guest` or `agency` (staff bylines come with their accounts); editors only.
    pub kind: Option<String>,
    pub name: Option<String>,
    /// The name in Bangla script; the name when left empty.
    pub name_bn: Option<String>,
    /// "Staff Correspondent".
    pub title: Option<String>,
    /// "নিজস্ব প্রতিবেদক".
    pub title_bn: Option<String>,
    /// The English edition's bio.
    pub bio: Option<String>,
    /// The Bangla edition's bio.
    pub bio_bn: Option<String>,
    /// A photo from the media library; 0 removes it.
    pub photo_id: Option<i64>,
    /// Social and web links (http or https addresses).
    pub links: Option<Vec<String>>,
    /// `true` retires the byline (kept on its stories, offered for no new one); editors only.
    pub retired: Option<bool>,
    /// The version the change is based on (required on a change).
    pub version: Option<i64>,
}

impl BylineInput {
    /// The profile fields sent; the links, a list here, are joined by the caller.
    fn change(&self) -> ProfileChange<'_> {
        ProfileChange {
            name: self.name.as_deref(),
            name_bn: self.name_bn.as_deref(),
            title: self.title.as_deref(),
            title_bn: self.title_bn.as_deref(),
            bio: self.bio.as_deref(),
            bio_bn: self.bio_bn.as_deref(),
            links: None,
        }
    }
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Unprocessable(message.into())
}

/// A byline by the id in its path; a merged one is gone for the newsroom.
pub async fn load(state: &AppState, id: i64) -> Result<BylineProfile, AppError> {
    db::find(&state.db, id)
        .await?
        .filter(|b| b.merged_into.is_none())
        .ok_or_else(|| AppError::not_found("There is no byline with this id."))
}

/// Whether the byline is the caller's own.
pub fn ownership(staff: &Staff, byline: &BylineProfile) -> Ownership {
    staff.ownership(byline.user_id)
}

/// The checked profile after `input`.
fn profile_after(current: &Profile, input: &BylineInput) -> Result<Profile, AppError> {
    let links = input.links.as_ref().map(|l| l.join("\n"));
    let change = ProfileChange { links: links.as_deref(), ..input.change() };
    current.changed(&change).map_err(invalid)
}

/// The photo `input` asks for: `Some(None)` removes it; one that is not in the library is refused.
async fn photo_after(
    state: &AppState,
    staff: &Staff,
    input: &BylineInput,
    current: Option<i64>,
) -> Result<Option<i64>, AppError> {
    match input.photo_id {
        None => Ok(current),
        Some(0) => Ok(None),
        Some(id) => match crate::media::db::find(&state.db, id).await? {
            Some(m) => Ok(Some(m.id)),
            None => Err(invalid(fill(
                tr(staff.lang, "There is no image {id} in the media library: upload the photo there first."),
                &[("id", &number(staff.lang, id))],
            ))),
        },
    }
}

/// The credit `input` names, if any.
fn credit_of(staff: &Staff, input: &BylineInput) -> Result<Option<Credit>, AppError> {
    match input.kind.as_deref() {
        None => Ok(None),
        Some(text) => match Credit::parse(text) {
            Some(Credit::Staff) => Err(invalid(tr(
                staff.lang,
                "A staff byline comes with its account: invite the colleague, and their byline is made for them.",
            ))),
            Some(credit) => Ok(Some(credit)),
            None => Err(invalid(format!("{text:?} is not a kind of byline: use desk, guest or agency."))),
        },
    }
}

/// Creates a desk, guest or wire byline.
pub async fn create(state: &AppState, staff: &Staff, input: &BylineInput) -> Result<BylineProfile, AppError> {
    staff.authorize(Action::ManageBylines, Ownership::NotApplicable)?;
    let credit =
        credit_of(staff, input)?.ok_or_else(|| invalid("Say what the byline credits: kind desk, guest or agency."))?;
    let profile = profile_after(&Profile::default(), input)?;
    let photo_id = photo_after(state, staff, input, None).await?;
    let new = NewByline { credit, profile: &profile, photo_id, user_id: None, joined_at: state.clock.now() };
    let id =
        db::create(&state.db, &new).await?.ok_or_else(|| invalid(tr(staff.lang, "This byline exists already.")))?;
    load(state, id).await
}

/// Changes a byline's profile: the owner their own, editors any. Retiring and changing what a
/// byline credits are the editors'.
pub async fn edit(state: &AppState, staff: &Staff, id: i64, input: &BylineInput) -> Result<BylineProfile, AppError> {
    let current = load(state, id).await?;
    staff.authorize(Action::EditByline, ownership(staff, &current))?;
    let credit = credit_of(staff, input)?;
    if input.retired.is_some() || credit.is_some() {
        staff.authorize(Action::ManageBylines, Ownership::NotApplicable)?;
    }
    if credit.is_some() && current.user_id.is_some() {
        return Err(invalid(tr(staff.lang, "This byline belongs to a staff account: it stays a staff byline.")));
    }
    let version = input.version.ok_or_else(|| invalid("Send the `version` your change is based on."))?;
    check_version(staff, &current, version)?;
    let profile = profile_after(&current.profile(), input)?;
    let photo_id = photo_after(state, staff, input, current.photo_id).await?;
    let update = ProfileUpdate { profile: &profile, photo_id, retired: input.retired, credit };
    if !db::update(&state.db, id, version, &update, state.clock.now()).await? {
        check_version(staff, &load(state, id).await?, version)?;
    }
    changed(state).await;
    load(state, id).await
}

fn check_version(staff: &Staff, current: &BylineProfile, version: i64) -> Result<(), AppError> {
    if current.version == version {
        return Ok(());
    }
    let message = tr(
        staff.lang,
        "This byline changed since you opened it: you have version {version}, it is now at version {current}. \
         Reload it, and apply your change again.",
    );
    Err(AppError::Conflict(fill(
        message,
        &[("version", &number(staff.lang, version)), ("current", &number(staff.lang, current.version))],
    )))
}

/// Merges byline `id` into `into`: its stories move there, and its page redirects there.
pub async fn merge(state: &AppState, staff: &Staff, id: i64, into: i64) -> Result<BylineProfile, AppError> {
    staff.authorize(Action::ManageBylines, Ownership::NotApplicable)?;
    let from = load(state, id).await?;
    if into == id {
        return Err(invalid(tr(staff.lang, "A byline cannot be merged into itself: choose the byline to keep.")));
    }
    let target = db::find(&state.db, into).await?.filter(|b| b.merged_into.is_none()).ok_or_else(|| {
        invalid(fill(tr(staff.lang, "There is no byline {id} to merge into."), &[("id", &number(staff.lang, into))]))
    })?;
    if from.user_id.is_some() && target.user_id.is_some() {
        return Err(invalid(fill(
            tr(staff.lang, "{one} and {other} both belong to staff accounts; each person keeps their own byline."),
            &[("one", &from.name), ("other", &target.name)],
        )));
    }
    db::merge(&state.db, from.id, target.id, state.clock.now()).await?;
    changed(state).await;
    load(state, target.id).await
}

/// Bylines show on stories, author pages and feeds, and search reads their names.
async fn changed(state: &AppState) {
    state.search.nudge();
    state.changed(Invalidation::Stories).await;
}
