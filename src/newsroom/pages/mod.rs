//! The newsroom in the browser: the frame around every newsroom page and the article list.
//! The editor is in [`editor`] (its form in [`form`]), the workflow buttons, comparison and
//! restore in [`workflow`]. Staff log in with their account; every action goes through the same
//! checks as the API ([`super::actions`]).

pub mod editor;
pub mod form;
pub mod workflow;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Staff, StaffPage};
use super::db::{self, ListFilter};
use super::i18n::tr;
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

const NAV: [(&str, &str, Action); 12] = [
    ("/newsroom", "Articles", Action::ListArticles),
    ("/newsroom/articles/new", "New article", Action::CreateArticle),
    ("/newsroom/bylines", "Bylines", Action::ListBylines),
    ("/newsroom/fronts", "Front pages", Action::CurateFront),
    ("/newsroom/sections", "Sections", Action::ManageSections),
    ("/newsroom/topics", "Topics", Action::CreateTopics),
    ("/newsroom/media", "Media", Action::UploadMedia),
    ("/newsroom/polls", "Polls", Action::CurateFront),
    ("/newsroom/pages", "Pages", Action::ManagePages),
    ("/newsroom/comments", "Comments", Action::ModerateComments),
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

/// A row of the list.
struct Row {
    id: i64,
    title: String,
    status: String,
    lang: String,
    section: String,
    updated: String,
    scheduled: Option<String>,
}

#[derive(Template)]
#[template(path = "newsroom/dashboard.html")]
struct DashboardTemplate {
    frame: Frame,
    tabs: Vec<Tab>,
    status: String,
    lang: String,
    mine: bool,
    rows: Vec<Row>,
}

/// `?status=&lang=&mine=` of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    lang: Option<String>,
    mine: Option<String>,
}

/// `GET /newsroom`: articles by status, newest change first; reporters see their own.
pub async fn dashboard(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    staff.authorize(Action::ListArticles, Ownership::NotApplicable)?;
    let status = q.status.filter(|s| Status::parse(s).is_some()).unwrap_or_default();
    let lang = q.lang.filter(|l| Lang::parse(l).is_some()).unwrap_or_default();
    let mine = staff.role == Role::Reporter || q.mine.as_deref() == Some("true");
    let filter = ListFilter {
        status: Some(status.clone()).filter(|s| !s.is_empty()),
        lang: Some(lang.clone()).filter(|l| !l.is_empty()),
        section: None,
        created_by: mine.then_some(staff.id),
        byline: None,
    };
    let offset = state.config.utc_offset_minutes;
    let rows = db::list(&state.db, &filter, 200)
        .await?
        .into_iter()
        .map(|r| Row {
            id: r.id,
            title: r.title,
            status: r.status.as_str().into(),
            lang: r.lang.code().into(),
            section: r.section_slug,
            updated: format_datetime(Lang::En, r.updated_at, offset),
            scheduled: r.scheduled_at.map(|t| format_datetime(Lang::En, t, offset)),
        })
        .collect();
    let tabs = [
        ("", "All"),
        ("draft", "Drafts"),
        ("review", "In review"),
        ("scheduled", "Scheduled"),
        ("published", "Published"),
        ("unpublished", "Unpublished"),
    ]
    .into_iter()
    .map(|(s, label)| Tab { label, path: format!("/newsroom?status={s}&lang={lang}"), active: s == status })
    .collect();
    let page = DashboardTemplate { frame: Frame::new(&state, &staff, "Articles"), tabs, status, lang, mine, rows };
    Ok(Html(page.render()?).into_response())
}
