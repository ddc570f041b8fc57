//! Who may do what in the newsroom: one table of role × action × ownership. Every newsroom route
//! is registered together with its action (see `newsroom::routes`), so no route can exist
//! without an entry here, and the integration suite walks this table.

use serde::Serialize;

/// A staff role (readers have no newsroom access).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reader,
    Reporter,
    Editor,
    Moderator,
    Admin,
}

impl Role {
    /// Every role, for tests that walk the table.
    pub const ALL: [Role; 5] = [Role::Reader, Role::Reporter, Role::Editor, Role::Moderator, Role::Admin];

    /// Parses a stored role.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "reader" => Self::Reader,
            "reporter" => Self::Reporter,
            "editor" => Self::Editor,
            "moderator" => Self::Moderator,
            "admin" => Self::Admin,
            _ => return None,
        })
    }

    /// Whether the role writes stories, and so has a byline of its own.
    pub fn writes(self) -> bool {
        matches!(self, Self::Reporter | Self::Editor | Self::Admin)
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reader => "reader",
            Self::Reporter => "reporter",
            Self::Editor => "editor",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }
}

/// Stored as its name; a name that is not a role is an error for the row.
impl sqlx::Type<sqlx::Any> for Role {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        crate::db::name_type()
    }
}

impl sqlx::Decode<'_, sqlx::Any> for Role {
    fn decode(value: sqlx::any::AnyValueRef<'_>) -> Result<Self, sqlx::error::BoxDynError> {
        crate::db::decode_name(value, "role", Self::parse)
    }
}

impl sqlx::Encode<'_, sqlx::Any> for Role {
    fn encode_by_ref(
        &self,
        buf: &mut crate::db::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        crate::db::encode_name(self.as_str(), buf)
    }
}

/// Where a staff member's work is, and so where they land after logging in: a moderator in the
/// comment queue, other staff in the article list; readers have no newsroom.
pub fn landing(role: Role) -> Option<&'static str> {
    match role {
        Role::Reader => None,
        Role::Moderator => Some("/newsroom/comments"),
        Role::Reporter | Role::Editor | Role::Admin => Some("/newsroom"),
    }
}

/// A newsroom action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ListArticles,
    CreateArticle,
    ViewArticle,
    EditArticle,
    SubmitArticle,
    PublishArticle,
    ScheduleArticle,
    UnpublishArticle,
    CorrectArticle,
    /// Sending a story in review back to its reporter with a note.
    ReturnArticle,
    ViewRevisions,
    /// The desk's internal notes on a story: read and add, wherever the story may be seen.
    NoteArticle,
    /// One's own notifications: read them, mark them read, choose whether they come by mail.
    ReadNotifications,
    /// The comment queues: approve, reject, delete.
    ModerateComments,
    /// Banning readers from commenting.
    BanReaders,
    /// The readers' accounts: searching them, with their comments and bans.
    ViewReaders,
    /// Uploading images and browsing the media library.
    UploadMedia,
    /// Site settings: names, pre-moderation.
    ManageSettings,
    /// Staff accounts: invitations, roles, disabling.
    ManageStaff,
    /// The front of the paper: the lead and top stories of home pages and section fronts, the
    /// breaking-news banner, and opinion polls.
    CurateFront,
    /// The site's own pages (editor's note, editorial policy, about us…) and their footer order.
    ManagePages,
    /// Reading the bylines, to credit stories.
    ListBylines,
    /// Changing a byline's profile: one's own, or (editors) anyone's.
    EditByline,
    /// Desks, guest and wire bylines: creating, retiring, merging.
    ManageBylines,
    /// Sections of each edition: adding, renaming, ordering, hiding, deleting.
    ManageSections,
    /// Creating topics (and seeing the list): whoever tags stories.
    CreateTopics,
    /// Renaming, describing, merging and deleting topics.
    ManageTopics,
    /// The stored redirects of old addresses: listing, adding, removing.
    ManageRedirects,
}

/// Whether the object belongs to the caller (an article they created).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    Own,
    Other,
    /// The action is not about one object (lists, creation).
    NotApplicable,
}

/// The answer of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// 403: the caller may know the object exists but may not do this.
    Forbidden,
    /// 404: the caller must not learn that the object exists.
    Hidden,
}

/// The one table: what `role` may do with an object of the given ownership.
pub fn decide(role: Role, action: Action, ownership: Ownership) -> Decision {
    use Action::*;
    use Decision::*;
    if matches!(action, ManageSettings | ManageStaff) {
        return if role == Role::Admin { Allow } else { Forbidden };
    }
    // The front and the site's own pages are the editors' judgement.
    if matches!(action, CurateFront | ManagePages) {
        return if matches!(role, Role::Editor | Role::Admin) { Allow } else { Forbidden };
    }
    // Everyone who writes reads every byline (to credit stories) and keeps their own; editors
    // keep everyone's.
    if action == ListBylines {
        return if role.writes() { Allow } else { Forbidden };
    }
    if action == EditByline {
        return match (role, ownership) {
            (Role::Editor | Role::Admin, _) => Allow,
            (Role::Reporter, Ownership::Own | Ownership::NotApplicable) => Allow,
            _ => Forbidden,
        };
    }
    if action == ManageBylines {
        return if matches!(role, Role::Editor | Role::Admin) { Allow } else { Forbidden };
    }
    // Everyone in the newsroom is told about their own work.
    if action == ReadNotifications {
        return if role == Role::Reader { Forbidden } else { Allow };
    }
    // Sections and topics, and the old addresses that lead to them: reporters tag their stories
    // with topics, and may make new ones.
    if matches!(action, ManageSections | ManageTopics | CreateTopics | ManageRedirects) {
        let writes = matches!(role, Role::Reporter) && action == CreateTopics;
        return if writes || matches!(role, Role::Editor | Role::Admin) { Allow } else { Forbidden };
    }
    if matches!(action, ModerateComments | BanReaders | ViewReaders) {
        return if matches!(role, Role::Moderator | Role::Admin) { Allow } else { Forbidden };
    }
    match role {
        Role::Admin | Role::Editor => Allow,
        Role::Reporter => match (action, ownership) {
            (ListArticles | CreateArticle | UploadMedia, _) => Allow,
            (ViewArticle | ViewRevisions | NoteArticle | EditArticle | SubmitArticle, Ownership::Own) => Allow,
            (PublishArticle | ScheduleArticle | UnpublishArticle | CorrectArticle | ReturnArticle, Ownership::Own) => {
                Forbidden
            }
            // Another reporter's drafts are not theirs to see.
            (_, _) => Hidden,
        },
        Role::Moderator | Role::Reader => Forbidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporters_write_their_own_drafts_but_never_publish() {
        assert_eq!(decide(Role::Reporter, Action::EditArticle, Ownership::Own), Decision::Allow);
        assert_eq!(decide(Role::Reporter, Action::EditArticle, Ownership::Other), Decision::Hidden);
        assert_eq!(decide(Role::Reporter, Action::PublishArticle, Ownership::Own), Decision::Forbidden);
        assert_eq!(decide(Role::Editor, Action::PublishArticle, Ownership::Other), Decision::Allow);
        assert_eq!(decide(Role::Moderator, Action::CreateArticle, Ownership::NotApplicable), Decision::Forbidden);
        assert_eq!(decide(Role::Moderator, Action::ModerateComments, Ownership::NotApplicable), Decision::Allow);
        assert_eq!(decide(Role::Editor, Action::BanReaders, Ownership::NotApplicable), Decision::Forbidden);
        assert_eq!(decide(Role::Moderator, Action::ViewReaders, Ownership::NotApplicable), Decision::Allow);
        assert_eq!(decide(Role::Editor, Action::ViewReaders, Ownership::NotApplicable), Decision::Forbidden);
    }

    #[test]
    fn writers_keep_their_own_byline_and_editors_keep_everyones() {
        assert_eq!(decide(Role::Reporter, Action::EditByline, Ownership::Own), Decision::Allow);
        assert_eq!(decide(Role::Reporter, Action::EditByline, Ownership::Other), Decision::Forbidden);
        assert_eq!(decide(Role::Reporter, Action::ManageBylines, Ownership::NotApplicable), Decision::Forbidden);
        assert_eq!(decide(Role::Editor, Action::EditByline, Ownership::Other), Decision::Allow);
        assert_eq!(decide(Role::Editor, Action::ManageBylines, Ownership::NotApplicable), Decision::Allow);
        assert_eq!(decide(Role::Moderator, Action::ListBylines, Ownership::NotApplicable), Decision::Forbidden);
        assert_eq!(decide(Role::Reporter, Action::ListBylines, Ownership::Other), Decision::Allow);
        for role in Role::ALL {
            assert_eq!(role.writes(), decide(role, Action::CreateArticle, Ownership::NotApplicable) == Decision::Allow);
        }
    }

    #[test]
    fn editors_return_stories_and_reporters_cannot_return_their_own() {
        let return_ = |role, own| decide(role, Action::ReturnArticle, own);
        assert_eq!(return_(Role::Editor, Ownership::Other), Decision::Allow);
        assert_eq!(return_(Role::Admin, Ownership::Other), Decision::Allow);
        assert_eq!(return_(Role::Reporter, Ownership::Own), Decision::Forbidden);
        assert_eq!(return_(Role::Reporter, Ownership::Other), Decision::Hidden);
        assert_eq!(return_(Role::Moderator, Ownership::Other), Decision::Forbidden);
        assert_eq!(return_(Role::Reader, Ownership::Other), Decision::Forbidden);
    }

    #[test]
    fn internal_notes_follow_who_may_see_the_story() {
        for role in Role::ALL {
            for own in [Ownership::Own, Ownership::Other] {
                assert_eq!(
                    decide(role, Action::NoteArticle, own),
                    decide(role, Action::ViewArticle, own),
                    "{role:?} {own:?}"
                );
            }
        }
    }

    #[test]
    fn every_staff_role_reads_its_notifications_and_readers_have_none() {
        for role in Role::ALL {
            let expected = if role == Role::Reader { Decision::Forbidden } else { Decision::Allow };
            assert_eq!(decide(role, Action::ReadNotifications, Ownership::NotApplicable), expected, "{role:?}");
        }
    }

    #[test]
    fn staff_land_where_their_role_may_work() {
        for role in Role::ALL {
            match landing(role) {
                None => assert_eq!(role, Role::Reader),
                Some("/newsroom/comments") => {
                    assert_eq!(decide(role, Action::ModerateComments, Ownership::NotApplicable), Decision::Allow)
                }
                Some(_) => assert_eq!(decide(role, Action::ListArticles, Ownership::NotApplicable), Decision::Allow),
            }
        }
    }

    #[test]
    fn reporters_create_topics_but_only_editors_and_admins_change_sections_and_topics() {
        for role in Role::ALL {
            let editors = matches!(role, Role::Editor | Role::Admin);
            let expected = |allowed: bool| if allowed { Decision::Allow } else { Decision::Forbidden };
            let decision = |action| decide(role, action, Ownership::NotApplicable);
            assert_eq!(decision(Action::ManageSections), expected(editors), "{role:?}");
            assert_eq!(decision(Action::ManageTopics), expected(editors), "{role:?}");
            assert_eq!(decision(Action::ManageRedirects), expected(editors), "{role:?}");
            assert_eq!(decision(Action::CreateTopics), expected(editors || role == Role::Reporter), "{role:?}");
        }
    }

    #[test]
    fn only_editors_and_admins_curate_the_front_and_write_the_sites_pages() {
        for action in [Action::CurateFront, Action::ManagePages] {
            for role in Role::ALL {
                let expected =
                    if matches!(role, Role::Editor | Role::Admin) { Decision::Allow } else { Decision::Forbidden };
                assert_eq!(decide(role, action, Ownership::NotApplicable), expected, "{role:?} {action:?}");
            }
        }
    }
}
