//! The front page editor in the newsroom: for each edition's home page and each section front,
//! the stories as they will appear, a search to place a story, and buttons to reorder or remove
//! slots (a numbered form that works without JavaScript); and the breaking-news banner forms.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::db::{self, ChangeRow};
use super::model::{Banner, Placement, TOP_LEN};
use crate::articles::db::{SectionRow, SummaryRow, published_among};
use crate::articles::pages::StoryCard;
use crate::csrf::CsrfToken;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::search::index::SearchQuery;
use crate::search::model::Sort;
use crate::state::AppState;
use crate::web::{PathParams, see_other};

/// A front the editor lists.
struct FrontLink {
    name: String,
    /// The edition's code when the name is the edition's own (a section's), else `None`.
    name_lang: Option<&'static str>,
    path: String,
}

/// An edition's part of the index page: its fronts and its banner.
struct EditionFronts {
    lang: &'static str,
    name: &'static str,
    /// "Take the English banner down", "Put up the English banner", the link's hint.
    take_down: String,
    put_up: String,
    link_hint: String,
    fronts: Vec<FrontLink>,
    banner: Option<BannerView>,
    /// The banner form's end time as `datetime-local` would show it (empty: no end).
    until_value: String,
}

struct BannerView {
    text: String,
    url: String,
    until: String,
    up: bool,
}

#[derive(Template)]
#[template(path = "newsroom/fronts.html")]
struct IndexTemplate {
    frame: Frame,
    csrf: String,
    editions: Vec<EditionFronts>,
    error: Option<String>,
    notice: Option<String>,
}

/// `?saved=` and `?q=` of the front pages.
#[derive(Debug, Deserialize)]
pub struct FrontQuery {
    #[serde(default)]
    q: String,
    saved: Option<String>,
}

fn index_page(state: &AppState, staff: &Staff, csrf: &CsrfToken, error: Option<String>) -> Result<String> {
    let site = state.site.get();
    let now = state.clock.now();
    let offset = state.config.utc_offset_minutes;
    let editions = Lang::ALL
        .into_iter()
        .map(|lang| {
            let home = FrontLink {
                name: tr(staff.lang, "Home page").into(),
                name_lang: None,
                path: format!("/newsroom/fronts/{}", lang.code()),
            };
            let sections = site.sections(lang).iter().map(|s| FrontLink {
                name: s.name.clone(),
                name_lang: Some(lang.code()),
                path: format!("/newsroom/fronts/{}/{}", lang.code(), crate::articles::model::encode_segment(&s.slug)),
            });
            let banner = site.banner(lang);
            let name = edition_name(lang, staff.lang);
            let edition = [("edition", name)];
            EditionFronts {
                lang: lang.code(),
                name,
                take_down: fill(tr(staff.lang, "Take the {edition} banner down"), &edition),
                put_up: fill(tr(staff.lang, "Put up the {edition} banner"), &edition),
                link_hint: fill(
                    tr(staff.lang, "Link (a path on this site such as /{lang}/news/12, or an https address; optional)"),
                    &[("lang", lang.code())],
                ),
                fronts: std::iter::once(home).chain(sections).collect(),
                until_value: banner.and_then(|b| b.until).map(|t| local_input(t, offset)).unwrap_or_default(),
                banner: banner.map(|b| BannerView {
                    text: b.text.clone(),
                    url: b.url.clone(),
                    until: b
                        .until
                        .map(|t| {
                            fill(tr(staff.lang, "(until {time})"), &[("time", &format_datetime(staff.lang, t, offset))])
                        })
                        .unwrap_or_default(),
                    up: b.is_up(now),
                }),
            }
        })
        .collect();
    Ok(IndexTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Front pages")),
        csrf: csrf.value().to_owned(),
        editions,
        error,
        notice: None,
    }
    .render()?)
}

/// An edition's name for someone whose newsroom speaks `speaks`: in English each edition is
/// named as itself ("English", "বাংলা"), in Bangla both are Bangla words.
fn edition_name(lang: Lang, speaks: Lang) -> &'static str {
    match (speaks, lang) {
        (Lang::En, _) => lang.ui().edition_name,
        (Lang::Bn, Lang::En) => tr(speaks, "English"),
        (Lang::Bn, Lang::Bn) => tr(speaks, "Bangla"),
    }
}

/// `GET /newsroom/fronts` — every front and each edition's breaking-news banner.
pub async fn index(State(state): State<AppState>, StaffPage(staff): StaffPage, csrf: CsrfToken) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    Ok(Html(index_page(&state, &staff, &csrf, None)?).into_response())
}

/// A time as a `datetime-local` field shows it, in the newsroom's time zone.
fn local_input(ts: i64, offset: i32) -> String {
    crate::editions::model::local_time(ts, offset).format("%Y-%m-%dT%H:%M").to_string()
}

/// A `datetime-local` value in the newsroom's time zone.
fn parse_local(text: &str, offset: i32, lang: Lang) -> Result<Option<i64>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            let text = format!("{text:?}");
            AppError::Unprocessable(fill(
                tr(lang, "The end time must be a date and time, not {text}."),
                &[("text", &text)],
            ))
        })?;
    Ok(Some(naive.and_utc().timestamp() - i64::from(offset) * 60))
}

/// The banner form.
#[derive(Debug, Deserialize)]
pub struct BannerForm {
    text: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    until: String,
}

/// `POST /newsroom/breaking/{lang}` — puts up (or replaces) the edition's banner.
pub async fn put_banner(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(lang): PathParams<Lang>,
    Form(form): Form<BannerForm>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let checked = parse_local(&form.until, state.config.utc_offset_minutes, staff.lang).and_then(|until| {
        Banner::new(&form.text, &form.url, until, state.clock.now())
            .map_err(|refusal| AppError::Unprocessable(refusal.text(staff.lang)))
    });
    let banner = match checked {
        Ok(banner) => banner,
        Err(AppError::Unprocessable(message)) => {
            let page = index_page(&state, &staff, &csrf, Some(message))?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
        }
        Err(other) => return Err(other),
    };
    super::put_up(&state, &staff, lang, &banner).await?;
    Ok(see_other("/newsroom/fronts"))
}

/// `POST /newsroom/breaking/{lang}/remove` — takes the edition's banner down.
pub async fn remove_banner(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(lang): PathParams<Lang>,
) -> Result<Response> {
    super::take_down(&state, &staff, lang).await?;
    Ok(see_other("/newsroom/fronts"))
}

/// A slot of the front as the editor shows it.
struct SlotView {
    /// 0 is the lead.
    position: usize,
    id: i64,
    /// `None`: the story is not published (or not of this front), so readers do not see it.
    card: Option<StoryCard>,
}

/// A story the search found, to place.
struct Candidate {
    id: i64,
    card: StoryCard,
    placed: bool,
}

#[derive(Template)]
#[template(path = "newsroom/front.html")]
struct FrontTemplate {
    frame: Frame,
    csrf: String,
    /// The front's name: "Home page" in the newsroom's words, or the section's own name.
    heading: String,
    /// The edition's code when the heading is the section's own name.
    heading_lang: Option<&'static str>,
    /// The edition's name in the newsroom's words.
    edition: &'static str,
    action: String,
    public_path: String,
    lang: &'static str,
    version: i64,
    lead: Option<SlotView>,
    top: Vec<SlotView>,
    /// Numbered fields of the fallback form: the lead, then top 1 to 8.
    numbers: Vec<(String, String, String)>,
    q: String,
    candidates: Vec<Candidate>,
    history: Vec<HistoryLine>,
    error: Option<String>,
    notice: Option<String>,
}

impl FrontTemplate {
    /// `n` as the newsroom's language writes it.
    fn n(&self, n: impl std::borrow::Borrow<i64>) -> String {
        number(self.frame.lang, *n.borrow())
    }

    /// The newsroom's `text` with its one `{name}` filled with `value`.
    fn f(&self, text: &'static str, name: &str, value: impl std::fmt::Display) -> String {
        fill(self.frame.t(text), &[(name, &value.to_string())])
    }
}

/// "Top 3", the name of a top slot.
fn top_name(lang: Lang, n: usize) -> String {
    fill(tr(lang, "Top {n}"), &[("n", &number(lang, i64::try_from(n).unwrap_or(0)))])
}

/// A story's card with the front's addresses; its date in Bangla for those whose newsroom
/// speaks Bangla, else in the edition's words, as readers see it.
fn card(row: SummaryRow, lang: Lang, speaks: Lang, offset: i32) -> StoryCard {
    let date = crate::editions::format_date(if speaks == Lang::Bn { speaks } else { lang }, row.published_at, offset);
    StoryCard { date, ..StoryCard::new(row, lang, offset) }
}

struct HistoryLine {
    when: String,
    who: String,
    what: String,
}

fn history_line(row: ChangeRow, offset: i32, lang: Lang) -> HistoryLine {
    let detail: serde_json::Value = serde_json::from_str(&row.detail).unwrap_or_default();
    let what = match row.kind.as_str() {
        "front" => {
            let lead = detail["lead"].as_i64().map_or_else(
                || tr(lang, "newest story").to_owned(),
                |id| fill(tr(lang, "story {id}"), &[("id", &number(lang, id))]),
            );
            let top: Vec<String> = detail["top"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_i64())
                .map(|i| number(lang, i))
                .collect();
            let top = if top.is_empty() { tr(lang, "none").to_owned() } else { top.join(", ") };
            fill(tr(lang, "Lead: {lead}; top stories: {top}"), &[("lead", &lead), ("top", &top)])
        }
        "breaking" => fill(tr(lang, "Breaking news up: “{text}”"), &[("text", detail["text"].as_str().unwrap_or(""))]),
        _ => tr(lang, "Breaking news taken down").to_owned(),
    };
    HistoryLine {
        when: format_datetime(lang, row.changed_at, offset),
        who: row.changed_by.unwrap_or_else(|| "—".into()),
        what,
    }
}

struct FrontAt<'a> {
    lang: Lang,
    section: Option<&'a SectionRow>,
}

impl FrontAt<'_> {
    fn section_id(&self) -> i64 {
        self.section.map_or(0, |s| s.id)
    }

    fn editor_path(&self) -> String {
        match self.section {
            None => format!("/newsroom/fronts/{}", self.lang.code()),
            Some(s) => {
                format!("/newsroom/fronts/{}/{}", self.lang.code(), crate::articles::model::encode_segment(&s.slug))
            }
        }
    }
}

async fn front_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    at: &FrontAt<'_>,
    q: &str,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let (lang, offset) = (at.lang, state.config.utc_offset_minutes);
    let stored = db::front(&state.db, lang, at.section_id()).await?;
    let placed = stored.placement.ids();
    let mut visible: Vec<SummaryRow> = published_among(&state.db, lang, &placed).await?;
    if let Some(section) = at.section {
        visible.retain(|r| r.section_slug == section.slug);
    }
    let card_of = |id: i64| visible.iter().find(|r| r.id == id).map(|r| card(r.clone(), lang, staff.lang, offset));
    let lead = stored.placement.lead.map(|id| SlotView { position: 0, id, card: card_of(id) });
    let top = stored
        .placement
        .top
        .iter()
        .enumerate()
        .map(|(i, &id)| SlotView { position: i + 1, id, card: card_of(id) })
        .collect();
    let speaks = staff.lang;
    let mut numbers =
        vec![("lead".to_owned(), tr(speaks, "Lead").to_owned(), stored.placement.lead.map(|i| i.to_string()))];
    for i in 0..TOP_LEN {
        numbers.push((
            format!("top{}", i + 1),
            top_name(speaks, i + 1),
            stored.placement.top.get(i).map(|i| i.to_string()),
        ));
    }
    let candidates = candidates(state, at, q).await?;
    let candidates = candidates
        .into_iter()
        .map(|r| Candidate { id: r.id, placed: placed.contains(&r.id), card: card(r, lang, speaks, offset) })
        .collect();
    let history = db::history(&state.db, lang, at.section_id(), 10).await?;
    let name = at.section.map_or_else(|| tr(speaks, "Home page").to_owned(), |s| s.name.clone());
    let public_path = match at.section {
        None => format!("/{}/", lang.code()),
        Some(s) => crate::articles::model::section_path(lang, &s.slug),
    };
    Ok(FrontTemplate {
        frame: Frame::new(state, staff, fill(tr(speaks, "Front: {name}"), &[("name", &name)])),
        csrf: csrf.value().to_owned(),
        heading: name,
        heading_lang: at.section.map(|_| lang.code()),
        edition: edition_name(lang, speaks),
        action: at.editor_path(),
        public_path,
        lang: lang.code(),
        version: stored.version,
        lead,
        top,
        numbers: numbers.into_iter().map(|(n, l, v)| (n, l, v.unwrap_or_default())).collect(),
        q: q.to_owned(),
        candidates,
        history: history.into_iter().map(|r| history_line(r, offset, speaks)).collect(),
        error,
        notice,
    }
    .render()?)
}

/// Stories to place: the search's hits for `q` (a headline's words in either script, or a
/// story's number), else the newest stories of the front.
async fn candidates(state: &AppState, at: &FrontAt<'_>, q: &str) -> Result<Vec<SummaryRow>> {
    let q = q.trim();
    let lang = at.lang;
    if q.is_empty() {
        return Ok(match at.section {
            Some(s) => crate::articles::db::in_section(&state.db, s.id, None, 20).await?,
            None => crate::articles::db::latest(&state.db, lang, None, 20).await?,
        });
    }
    if let Ok(id) = q.trim_start_matches('#').parse::<i64>() {
        return Ok(published_among(&state.db, lang, &[id]).await?);
    }
    let query = SearchQuery {
        lang,
        text: q.to_owned(),
        section_id: at.section.map(|s| s.id),
        from: None,
        until: None,
        sort: Sort::Relevance,
        cursor: None,
        limit: 20,
    };
    let hits = state.search.search(query, state.clock.now()).await.map_err(AppError::Internal)?;
    let ids: Vec<i64> = hits.hits.iter().map(|h| h.id).collect();
    let mut rows = published_among(&state.db, lang, &ids).await?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(rows)
}

async fn open(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    at: FrontAt<'_>,
    query: FrontQuery,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let notice = query.saved.map(|_| tr(staff.lang, "Front saved; readers see it now.").to_owned());
    Ok(Html(front_page(state, staff, csrf, &at, &query.q, None, notice).await?).into_response())
}

/// `GET /newsroom/fronts/{lang}` — the editor of an edition's home page.
pub async fn home_editor(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(lang): PathParams<Lang>,
    Query(query): Query<FrontQuery>,
) -> Result<Response> {
    open(&state, &staff, &csrf, FrontAt { lang, section: None }, query).await
}

/// `GET /newsroom/fronts/{lang}/{section}` — the editor of a section front.
pub async fn section_editor(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Query(query): Query<FrontQuery>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let section = super::section(&state, lang, &slug).await?;
    open(&state, &staff, &csrf, FrontAt { lang, section: Some(&section) }, query).await
}

/// The front editor's form: the numbered slots as they stand, and the button pressed.
#[derive(Debug, Deserialize)]
pub struct FrontForm {
    version: String,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    top1: String,
    #[serde(default)]
    top2: String,
    #[serde(default)]
    top3: String,
    #[serde(default)]
    top4: String,
    #[serde(default)]
    top5: String,
    #[serde(default)]
    top6: String,
    #[serde(default)]
    top7: String,
    #[serde(default)]
    top8: String,
    /// `lead:ID`, `add:ID`, `up:N`, `down:N`, `remove:N` (N: 0 is the lead), or absent to save
    /// the numbers as typed.
    #[serde(default)]
    op: String,
    #[serde(default)]
    q: String,
}

impl FrontForm {
    /// The slots as typed, then changed by the button pressed.
    fn placement(&self, lang: Lang) -> std::result::Result<Placement, String> {
        let number = |field: &str, text: &str| -> std::result::Result<Option<i64>, String> {
            let text = text.trim().trim_start_matches('#');
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<i64>().map(Some).map_err(|_| {
                let text = format!("{text:?}");
                fill(tr(lang, "{field} must be a story's number, not {text}."), &[("field", field), ("text", &text)])
            })
        };
        let not_ours = || tr(lang, "That button is not one of ours.").to_owned();
        let mut slots: Vec<Option<i64>> = vec![number(tr(lang, "Lead"), &self.lead)?];
        for (i, text) in
            [&self.top1, &self.top2, &self.top3, &self.top4, &self.top5, &self.top6, &self.top7, &self.top8]
                .into_iter()
                .enumerate()
        {
            slots.push(number(&top_name(lang, i + 1), text)?);
        }
        let (op, arg) = self.op.split_once(':').unwrap_or((self.op.as_str(), ""));
        let arg: i64 = if op.is_empty() { 0 } else { arg.parse().map_err(|_| not_ours())? };
        let n = usize::try_from(arg).unwrap_or(usize::MAX);
        match op {
            "" => {}
            "lead" => {
                slots.iter_mut().filter(|s| **s == Some(arg)).for_each(|s| *s = None);
                // The old lead moves to the first top slot.
                if let Some(old) = slots[0].take() {
                    slots.insert(1, Some(old));
                }
                slots[0] = Some(arg);
            }
            "add" => {
                if !slots.contains(&Some(arg)) {
                    slots.push(Some(arg));
                }
            }
            "up" if (1..slots.len()).contains(&n) => slots.swap(n, n - 1),
            "down" if n + 1 < slots.len() => slots.swap(n, n + 1),
            "remove" if n < slots.len() => slots[n] = None,
            _ => return Err(not_ours()),
        }
        let lead = slots[0];
        let top: Vec<i64> = slots[1..].iter().flatten().copied().collect();
        if top.len() > TOP_LEN {
            let max = crate::newsroom::i18n::number(lang, i64::try_from(TOP_LEN).unwrap_or(0));
            let text = tr(lang, "The front is full: remove a top story before adding another (at most {max}).");
            return Err(fill(text, &[("max", &max)]));
        }
        Placement::new(lead, top).map_err(|refusal| refusal.text(lang))
    }
}

async fn save(state: &AppState, staff: &Staff, csrf: &CsrfToken, at: FrontAt<'_>, form: FrontForm) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let refused = match (form.version.trim().parse::<i64>(), form.placement(staff.lang)) {
        (Err(_), _) => {
            (tr(staff.lang, "This form is damaged: reload the page.").to_owned(), StatusCode::UNPROCESSABLE_ENTITY)
        }
        (_, Err(message)) => (message, StatusCode::UNPROCESSABLE_ENTITY),
        (Ok(version), Ok(placement)) => {
            match super::place(state, staff, (at.lang, staff.lang), at.section, placement, version).await {
                Ok(_) => {
                    let q = match form.q.as_str() {
                        "" => String::new(),
                        q => format!("&q={}", crate::web::encode_query(q)),
                    };
                    return Ok(see_other(format!("{}?saved=1{q}", at.editor_path())));
                }
                Err(AppError::Unprocessable(message)) => (message, StatusCode::UNPROCESSABLE_ENTITY),
                Err(AppError::Conflict(message)) => (message, StatusCode::CONFLICT),
                Err(other) => return Err(other),
            }
        }
    };
    let (message, status) = refused;
    let page = front_page(state, staff, csrf, &at, &form.q, Some(message), None).await?;
    Ok((status, Html(page)).into_response())
}

/// `POST /newsroom/fronts/{lang}` — saves the home page's front.
pub async fn save_home(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(lang): PathParams<Lang>,
    Form(form): Form<FrontForm>,
) -> Result<Response> {
    save(&state, &staff, &csrf, FrontAt { lang, section: None }, form).await
}

/// `POST /newsroom/fronts/{lang}/{section}` — saves a section front.
pub async fn save_section(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams((lang, slug)): PathParams<(Lang, String)>,
    Form(form): Form<FrontForm>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let section = super::section(&state, lang, &slug).await?;
    save(&state, &staff, &csrf, FrontAt { lang, section: Some(&section) }, form).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(lead: &str, tops: &[&str], op: &str) -> FrontForm {
        let top = |i: usize| tops.get(i).map_or(String::new(), |s| (*s).to_owned());
        FrontForm {
            version: "1".into(),
            lead: lead.into(),
            top1: top(0),
            top2: top(1),
            top3: top(2),
            top4: top(3),
            top5: top(4),
            top6: top(5),
            top7: top(6),
            top8: top(7),
            op: op.into(),
            q: String::new(),
        }
    }

    #[test]
    fn the_buttons_place_move_and_remove_stories() {
        let p = |f: FrontForm| f.placement(Lang::En).unwrap();
        assert_eq!(p(form("4", &["5"], "lead:9")), Placement { lead: Some(9), top: vec![4, 5] });
        assert_eq!(p(form("4", &["5"], "lead:5")), Placement { lead: Some(5), top: vec![4] });
        assert_eq!(p(form("", &["5"], "add:6")), Placement { lead: None, top: vec![5, 6] });
        assert_eq!(p(form("4", &["5", "6"], "up:2")), Placement { lead: Some(4), top: vec![6, 5] });
        assert_eq!(p(form("4", &["5", "6"], "up:1")), Placement { lead: Some(5), top: vec![4, 6] });
        assert_eq!(p(form("4", &["5", "6"], "down:1")), Placement { lead: Some(4), top: vec![6, 5] });
        assert_eq!(p(form("4", &["5", "6"], "remove:0")), Placement { lead: None, top: vec![5, 6] });
        assert_eq!(p(form("4", &["", "6"], "")), Placement { lead: Some(4), top: vec![6] });
    }

    #[test]
    fn a_full_front_or_a_bad_number_is_refused_with_a_reason() {
        let full = ["1", "2", "3", "5", "6", "7", "8", "9"];
        assert!(form("4", &full, "add:10").placement(Lang::En).unwrap_err().contains("full"));
        assert!(form("x", &[], "").placement(Lang::En).unwrap_err().contains("Lead"));
        assert!(form("4", &[], "jump:1").placement(Lang::En).is_err());
        assert!(form("4", &[], "up:99").placement(Lang::En).is_err());
    }
}
