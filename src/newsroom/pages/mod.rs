//! The newsroom in the browser: the frame around every newsroom page and the article list.
//! The editor is in [`editor`] (its form in [`form`]), the workflow buttons, comparison and
//! restore in [`workflow`]. Staff log in with their account; every action goes through the same
//! checks as the API ([`super::actions`]).

pub mod editor;
pub mod form;
pub mod words;
pub mod workflow;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Staff, StaffPage};
use super::db::{self, ListFilter};
use super::i18n::{fill, tr};
use super::model::Status;
use super::policy::{Action, Decision, Ownership, Role, decide};
use crate::editions::{Lang, format_datetime};
use crate::error::Result;
use crate::state::AppState;

/// What the newsroom layout shows around every page.
pub struct Frame {
    pub title: String,
    pub site_name: String,
    pub css: String,
    pub logo: String,
    pub bangla_font: String,
    pub staff_name: String,
    /// The newsroom's pages this staff member may open; the others are not offered.
    pub nav: Vec<NavLink>,
    /// The first of them, where the newsroom's name leads.
    pub home: &'static str,
    /// The language the newsroom speaks to this person.
    pub lang: Lang,
    /// The other language, offered in the header.
    pub other_lang: &'static str,
    /// The staff member's unread notifications, shown in the menu.
    pub unread: i64,
}

/// A link of the newsroom's menu.
pub struct NavLink {
    pub path: &'static str,
    pub label: &'static str,
}

const NAV: [(&str, &str, Action); 14] = [
    ("/newsroom", "Articles", Action::ListArticles),
    ("/newsroom/articles/new", "New article", Action::CreateArticle),
    ("/newsroom/bylines", "Bylines", Action::ListBylines),
    ("/newsroom/fronts", "Front pages", Action::CurateFront),
    ("/newsroom/sections", "Sections", Action::ManageSections),
    ("/newsroom/topics", "Topics", Action::CreateTopics),
    ("/newsroom/redirects", "Redirects", Action::ManageRedirects),
    ("/newsroom/media", "Media", Action::UploadMedia),
    ("/newsroom/polls", "Polls", Action::CurateFront),
    ("/newsroom/pages", "Pages", Action::ManagePages),
    ("/newsroom/comments", "Comments", Action::ModerateComments),
    ("/newsroom/readers", "Readers", Action::ViewReaders),
    ("/newsroom/staff", "Staff", Action::ManageStaff),
    ("/newsroom/settings", "Settings", Action::ManageSettings),
];

impl Frame {
    /// The frame of a newsroom page titled `title`, for `staff`.
    pub fn new(state: &AppState, staff: &Staff, title: impl Into<String>) -> Self {
        let site = state.site.get();
        let nav: Vec<NavLink> = NAV
            .iter()
            .filter(|(_, _, action)| decide(staff.role, *action, Ownership::NotApplicable) == Decision::Allow)
            .map(|&(path, label, _)| NavLink { path, label: tr(staff.lang, label) })
            .collect();
        Self {
            title: title.into(),
            site_name: site.name(staff.lang).to_owned(),
            css: state.assets.css_path().to_owned(),
            logo: site.logo_path.clone().unwrap_or_else(|| state.assets.logo_path().to_owned()),
            bangla_font: state.assets.bangla_font_path().to_owned(),
            staff_name: staff.name.clone(),
            home: nav.first().map_or("/", |link| link.path),
            nav,
            lang: staff.lang,
            other_lang: match staff.lang {
                Lang::En => "বাংলা",
                Lang::Bn => "English",
            },
            unread: staff.unread.unwrap_or(0),
        }
    }

    /// The newsroom's text in this person's language.
    pub fn t(&self, english: &'static str) -> &'static str {
        tr(self.lang, english)
    }

    /// The unread count, in this person's digits.
    pub fn unread_count(&self) -> String {
        super::i18n::number(self.lang, self.unread)
    }

    /// "3 unread", for the menu's count.
    pub fn unread_label(&self) -> String {
        super::i18n::fill(self.t("{n} unread"), &[("n", &self.unread_count())])
    }
}

/// A status tab of the list.
struct Tab {
    label: &'static str,
    path: String,
    active: bool,
}

/// An option of one of the list's filters.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A row of the list.
struct Row {
    id: i64,
    title: String,
    byline: String,
    status: String,
    /// The status as this person reads it.
    status_word: String,
    lang: String,
    section: String,
    updated: String,
    /// Who made the last change and how ("Rumana Ahmed · publish"), if a person did.
    changed: String,
    scheduled: Option<String>,
}

#[derive(Template)]
#[template(path = "newsroom/dashboard.html")]
struct DashboardTemplate {
    frame: Frame,
    tabs: Vec<Tab>,
    status: String,
    lang: String,
    sections: Vec<Choice>,
    bylines: Vec<Choice>,
    mine: bool,
    /// Reporters see only their own stories: no "mine" box for them.
    sees_all: bool,
    rows: Vec<Row>,
}

/// `?status=&lang=&section=&byline=&mine=` of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    lang: Option<String>,
    section: Option<String>,
    byline: Option<String>,
    mine: Option<String>,
}

/// `GET /newsroom`: articles by status, edition, section and byline, newest change first, with
/// their bylines and last change; reporters see their own.
pub async fn dashboard(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    // The newsroom's front door: a role without the article list (a moderator) goes on to
    // where its own work is, rather than to a refusal.
    if decide(staff.role, Action::ListArticles, Ownership::NotApplicable) != Decision::Allow
        && let Some(landing) = super::policy::landing(staff.role).filter(|l| *l != "/newsroom")
    {
        return Ok(crate::web::see_other(landing));
    }
    staff.authorize(Action::ListArticles, Ownership::NotApplicable)?;
    // Filters that name nothing are left out rather than refused: the form only offers real ones.
    let status = q.status.filter(|s| Status::parse(s).is_some()).unwrap_or_default();
    let lang = q.lang.filter(|l| Lang::parse(l).is_some()).unwrap_or_default();
    let section = q.section.unwrap_or_default();
    let byline = q.byline.unwrap_or_default();
    let sees_all = staff.role != Role::Reporter;
    let mine = !sees_all || q.mine.as_deref() == Some("true");
    let filter = ListFilter {
        status: Some(status.clone()).filter(|s| !s.is_empty()),
        lang: Some(lang.clone()).filter(|l| !l.is_empty()),
        section: Some(section.clone()).filter(|s| !s.is_empty()),
        created_by: mine.then_some(staff.id),
        byline: Some(byline.clone()).filter(|b| !b.is_empty()),
        q: None,
    };
    let offset = state.config.utc_offset_minutes;
    let shown = staff.lang;
    let found = db::list(&state.db, &filter, 200).await?;
    let ids: Vec<i64> = found.iter().map(|r| r.id).collect();
    let mut names = db::bylines_of_many(&state.db, &ids).await?;
    let site = state.site.get();
    let rows = found
        .into_iter()
        .map(|r| Row {
            byline: names.remove(&r.id).unwrap_or_default().into_iter().map(|(_, n)| n).collect::<Vec<_>>().join(", "),
            id: r.id,
            title: r.title,
            status: r.status.as_str().into(),
            status_word: tr(shown, r.status.as_str()).into(),
            lang: words::edition_word(shown, r.lang),
            // English has always shown the slug; Bangla shows the section's name in its edition.
            section: match shown {
                Lang::En => r.section_slug,
                Lang::Bn => site
                    .sections(r.lang)
                    .iter()
                    .find(|s| s.slug == r.section_slug)
                    .map_or(r.section_slug.clone(), |s| s.name.clone()),
            },
            updated: format_datetime(shown, r.updated_at, offset),
            changed: match (r.changed_by, r.last_action) {
                (Some(who), Some(how)) => format!("{who} · {}", words::action_word(shown, &how)),
                (None, Some(how)) => {
                    fill(tr(shown, "{action} (on schedule)"), &[("action", &words::action_word(shown, &how))])
                }
                _ => String::new(),
            },
            scheduled: r.scheduled_at.map(|t| format_datetime(shown, t, offset)),
        })
        .collect();
    let keep = format!(
        "lang={lang}&section={}&byline={}{}",
        crate::web::encode_query(&section),
        crate::web::encode_query(&byline),
        if mine && sees_all { "&mine=true" } else { "" }
    );
    let tabs = [
        ("", "All"),
        ("draft", "Drafts"),
        ("review", "In review"),
        ("scheduled", "Scheduled"),
        ("published", "Published"),
        ("unpublished", "Unpublished"),
    ]
    .into_iter()
    .map(|(s, label)| Tab {
        label: tr(shown, label),
        path: format!("/newsroom?status={s}&{keep}"),
        active: s == status,
    })
    .collect();
    let page = DashboardTemplate {
        frame: Frame::new(&state, &staff, tr(shown, "Articles")),
        tabs,
        sections: section_choices(&state, &section),
        bylines: db::all_bylines(&state.db)
            .await?
            .into_iter()
            .map(|b| Choice { selected: b.slug == byline, value: b.slug, label: b.name })
            .collect(),
        status,
        lang,
        mine,
        sees_all,
        rows,
    };
    Ok(Html(page.render()?).into_response())
}

/// Every section slug of either edition, once, named as each edition names it.
fn section_choices(state: &AppState, chosen: &str) -> Vec<Choice> {
    let site = state.site.get();
    let mut choices: Vec<Choice> = Vec::new();
    for lang in [Lang::En, Lang::Bn] {
        for s in site.sections(lang) {
            match choices.iter_mut().find(|c| c.value == s.slug) {
                Some(known) => known.label = format!("{} / {}", known.label, s.name),
                None => {
                    choices.push(Choice { value: s.slug.clone(), label: s.name.clone(), selected: s.slug == chosen })
                }
            }
        }
    }
    choices
}
