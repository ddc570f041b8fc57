//! The newsroom's poll pages: `/newsroom/polls` (the list and a form for a new poll) and
//! `/newsroom/polls/{id}` (change, close, delete, see the results). Plain forms, each with its
//! CSRF token; times are typed in the newsroom's time zone.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::PollInput;
use crate::csrf::CsrfToken;
use crate::editions::model::local_time;
use crate::editions::{Lang, format_datetime};
use crate::error::{AppError, Result};
use crate::newsroom::auth::{Staff, StaffPage};
use crate::newsroom::i18n::{fill, number, tr};
use crate::newsroom::pages::Frame;
use crate::newsroom::policy::{Action, Ownership};
use crate::polls::db::{self, PollRow};
use crate::polls::model::{MAX_OPTIONS, Phase, percent, total_text};
use crate::state::AppState;
use crate::web::{PathParams, encode_query, see_other};

/// A poll in the list.
struct Line {
    id: i64,
    lang: &'static str,
    /// The edition's name in the newsroom's words.
    edition: &'static str,
    question: String,
    phase: &'static str,
    opens: String,
    closes: String,
    total: String,
}

/// An answer with its votes.
struct ResultLine {
    label: String,
    votes: String,
    /// The share as the newsroom writes it, and as a number for the bar.
    share: String,
    percent: i64,
}

/// What the form shows: the values typed or stored.
struct Values {
    lang: String,
    question: String,
    /// Always [`MAX_OPTIONS`] fields.
    options: Vec<String>,
    opens_at: String,
    closes_at: String,
    article_id: String,
}

#[derive(Template)]
#[template(path = "polls/newsroom_list.html")]
struct ListTemplate {
    frame: Frame,
    csrf: String,
    lines: Vec<Line>,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "polls/newsroom_edit.html")]
struct EditTemplate {
    frame: Frame,
    csrf: String,
    id: i64,
    /// "Poll 12", in the newsroom's words.
    heading: String,
    version: i64,
    /// The poll's edition: its code, and its name in the newsroom's words.
    lang: &'static str,
    edition: &'static str,
    phase: &'static str,
    public_path: String,
    results: Vec<ResultLine>,
    total: String,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
}

/// `?notice=` after an action (`created`, `saved`, `closed`), `?deleted=` after a deletion.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
    deleted: Option<i64>,
}

impl NoticeQuery {
    /// What the page says about the action just done, in `lang`.
    fn text(self, lang: Lang) -> Option<String> {
        if let Some(id) = self.deleted {
            return Some(fill(tr(lang, "Poll {id} deleted."), &[("id", &number(lang, id))]));
        }
        self.notice.map(|code| {
            tr(
                lang,
                match code.as_str() {
                    "created" => "Poll created.",
                    "saved" => "Poll saved; the site shows it now.",
                    "closed" => "Poll closed: no vote counts from now on.",
                    _ => "Done.",
                },
            )
            .to_owned()
        })
    }
}

/// The words the poll templates share: numbers and texts with a value, in the newsroom's
/// language.
trait Words {
    fn frame(&self) -> &Frame;

    /// `n` as the newsroom writes it.
    fn n(&self, n: impl std::borrow::Borrow<usize>) -> String {
        number(self.frame().lang, i64::try_from(*n.borrow()).unwrap_or(0))
    }

    /// The newsroom's `text` with its one `{name}` filled with `value`.
    fn f(&self, text: &'static str, name: &str, value: impl std::fmt::Display) -> String {
        fill(self.frame().t(text), &[(name, &value.to_string())])
    }
}

impl Words for ListTemplate {
    fn frame(&self) -> &Frame {
        &self.frame
    }
}

impl Words for EditTemplate {
    fn frame(&self) -> &Frame {
        &self.frame
    }
}

/// An edition as someone whose newsroom speaks `speaks` reads it in the list: its code in
/// English (`bn`), its name in Bangla.
fn edition_name(lang: Lang, speaks: Lang) -> &'static str {
    match (speaks, lang) {
        (Lang::En, _) => lang.code(),
        (Lang::Bn, Lang::En) => tr(speaks, "English"),
        (Lang::Bn, Lang::Bn) => tr(speaks, "Bangla"),
    }
}

/// The poll form.
#[derive(Debug, Deserialize)]
pub struct PollForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    option1: String,
    #[serde(default)]
    option2: String,
    #[serde(default)]
    option3: String,
    #[serde(default)]
    option4: String,
    #[serde(default)]
    option5: String,
    #[serde(default)]
    option6: String,
    /// `datetime-local`, in the newsroom's time zone.
    #[serde(default)]
    opens_at: String,
    #[serde(default)]
    closes_at: String,
    #[serde(default)]
    article_id: String,
    version: Option<i64>,
}

impl PollForm {
    fn options(&self) -> Vec<String> {
        [&self.option1, &self.option2, &self.option3, &self.option4, &self.option5, &self.option6]
            .into_iter()
            .cloned()
            .collect()
    }

    fn values(&self) -> Values {
        Values {
            lang: self.lang.clone(),
            question: self.question.clone(),
            options: self.options(),
            opens_at: self.opens_at.clone(),
            closes_at: self.closes_at.clone(),
            article_id: self.article_id.clone(),
        }
    }

    /// The API's input: local times become RFC 3339 in the newsroom's offset.
    fn input(&self, offset: i32, lang: Lang) -> std::result::Result<PollInput, AppError> {
        let time = |field: &'static str, local: &str| -> std::result::Result<Option<String>, AppError> {
            if local.trim().is_empty() {
                return Ok(None);
            }
            let naive = chrono::NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M").map_err(|_| {
                let text = fill(tr(lang, "{field}: {text} is not a date and time."), &[("field", tr(lang, field))]);
                AppError::Unprocessable(fill(&text, &[("text", &format!("{local:?}"))]))
            })?;
            Ok(Some(format!("{}{:+03}:{:02}", naive.format("%Y-%m-%dT%H:%M:00"), offset / 60, (offset % 60).abs())))
        };
        let article_id = match self.article_id.trim() {
            "" => Some(0),
            text => Some(text.parse::<i64>().map_err(|_| {
                let text = format!("{text:?}");
                let message = tr(lang, "article_id: {text} is not an article number.");
                AppError::Unprocessable(fill(message, &[("text", &text)]))
            })?),
        };
        Ok(PollInput {
            lang: Some(self.lang.clone()).filter(|l| !l.is_empty()),
            question: Some(self.question.clone()),
            options: Some(self.options()),
            opens_at: time("opens_at", &self.opens_at)?,
            closes_at: time("closes_at", &self.closes_at)?,
            article_id,
            version: self.version,
        })
    }
}

fn local(ts: i64, offset: i32) -> String {
    local_time(ts, offset).format("%Y-%m-%dT%H:%M").to_string()
}

fn stored_values(row: &PollRow, options: Vec<String>, offset: i32) -> Values {
    let mut options = options;
    options.resize(MAX_OPTIONS, String::new());
    Values {
        lang: row.lang.code().to_owned(),
        question: row.question.clone(),
        options,
        opens_at: local(row.opens_at, offset),
        closes_at: local(row.closes_at, offset),
        article_id: row.article_id.map(|id| id.to_string()).unwrap_or_default(),
    }
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    values: Values,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let offset = state.config.utc_offset_minutes;
    let now = state.clock.now();
    let mut lines = Vec::new();
    for row in db::list(&state.db, 200).await? {
        let total = db::counts(&state.db, row.id).await?.iter().map(|o| o.votes).sum();
        lines.push(Line {
            id: row.id,
            lang: row.lang.code(),
            edition: edition_name(row.lang, staff.lang),
            phase: tr(staff.lang, Phase::at(row.opens_at, row.closes_at, now).as_str()),
            opens: format_datetime(staff.lang, row.opens_at, offset),
            closes: format_datetime(staff.lang, row.closes_at, offset),
            question: row.question,
            total: number(staff.lang, total),
        });
    }
    let page = ListTemplate {
        frame: Frame::new(state, staff, tr(staff.lang, "Polls")),
        csrf: csrf.value().to_owned(),
        lines,
        values,
        error,
        notice,
    };
    Ok(page.render()?)
}

fn empty_values(state: &AppState) -> Values {
    let offset = state.config.utc_offset_minutes;
    let now = state.clock.now();
    Values {
        lang: "en".into(),
        question: String::new(),
        options: vec![String::new(); MAX_OPTIONS],
        opens_at: local(now, offset),
        closes_at: local(now + 7 * 86_400, offset),
        article_id: String::new(),
    }
}

/// `GET /newsroom/polls`.
pub async fn list(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let values = empty_values(&state);
    Ok(Html(list_page(&state, &staff, &csrf, values, None, q.text(staff.lang)).await?).into_response())
}

/// A refused form shown again with what was typed and why, with the refusal's status.
fn refused(status: StatusCode, html: String) -> Response {
    (status, Html(html)).into_response()
}

fn notice_path(id: i64, notice: &str) -> String {
    format!("/newsroom/polls/{id}?notice={}", encode_query(notice))
}

/// The refusals of the poll rules and checks, as they word them in English; a form's refusal is
/// read back against them to be shown in the newsroom's words.
const REFUSALS: [&str; 10] = [
    "The question is empty.",
    "The question may have at most {max} characters; it has {n}.",
    "A poll needs {min} to {max} options; this one has {n}.",
    "Option {n} is empty.",
    "Option {n} may have at most {max} characters; it has {length}.",
    "The poll must close after it opens.",
    "There is no article {id}.",
    "Votes are counted for this poll's options: they may be reworded, but not added or removed.",
    "This poll changed since version {version}: it is at version {current}. Reload it and make your change again.",
    "There is no poll {id}.",
];

/// A refusal of the form in `lang`: the rules' sentences in the newsroom's words, their
/// numbers in its digits, without the field's name the API puts before them. One the table
/// does not know stays as worded.
fn refusal_text(err: &AppError, lang: Lang) -> String {
    let english = err.to_string();
    if lang == Lang::En {
        return english;
    }
    let sentence = english.split_once(": ").map_or(english.as_str(), |(_, sentence)| sentence);
    crate::newsroom::i18n::reword(lang, sentence, &REFUSALS).unwrap_or(english)
}

/// `POST /newsroom/polls`.
pub async fn create(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    Form(form): Form<PollForm>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let result = match form.input(state.config.utc_offset_minutes, staff.lang) {
        Ok(input) => super::create(&state, &staff, &input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => Ok(see_other(notice_path(row.id, "created"))),
        Err(err @ AppError::Unprocessable(_)) => {
            let error = Some(refusal_text(&err, staff.lang));
            let html = list_page(&state, &staff, &csrf, form.values(), error, None).await?;
            Ok(refused(err.status(), html))
        }
        Err(other) => Err(other),
    }
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    csrf: &CsrfToken,
    row: &PollRow,
    values: Option<Values>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<String> {
    let offset = state.config.utc_offset_minutes;
    let counts = db::counts(&state.db, row.id).await?;
    let total: i64 = counts.iter().map(|o| o.votes).sum();
    let values = values.unwrap_or_else(|| stored_values(row, counts.iter().map(|o| o.label.clone()).collect(), offset));
    let speaks = staff.lang;
    let heading = fill(tr(speaks, "Poll {id}"), &[("id", &number(speaks, row.id))]);
    let page = EditTemplate {
        frame: Frame::new(state, staff, heading.clone()),
        heading,
        csrf: csrf.value().to_owned(),
        id: row.id,
        version: row.version,
        lang: row.lang.code(),
        edition: edition_name(row.lang, speaks),
        phase: tr(speaks, Phase::at(row.opens_at, row.closes_at, state.clock.now()).as_str()),
        public_path: crate::polls::poll_path(row.lang, row.id),
        results: counts
            .into_iter()
            .map(|o| {
                let percent = percent(o.votes, total);
                ResultLine {
                    share: fill(tr(speaks, "{n}%"), &[("n", &number(speaks, percent))]),
                    percent,
                    label: o.label,
                    votes: number(speaks, o.votes),
                }
            })
            .collect(),
        total: total_text(speaks, total),
        values,
        error,
        notice,
    };
    Ok(page.render()?)
}

/// `GET /newsroom/polls/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let row = super::load(&state, id).await?;
    Ok(Html(edit_page(&state, &staff, &csrf, &row, None, None, q.text(staff.lang)).await?).into_response())
}

/// `POST /newsroom/polls/{id}`: saves a change.
pub async fn save(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    csrf: CsrfToken,
    PathParams(id): PathParams<i64>,
    Form(form): Form<PollForm>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let result = match form.input(state.config.utc_offset_minutes, staff.lang) {
        Ok(input) => super::update(&state, &staff, id, &input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(row) => Ok(see_other(notice_path(row.id, "saved"))),
        Err(err @ (AppError::Unprocessable(_) | AppError::Conflict(_))) => {
            let row = super::load(&state, id).await?;
            let error = Some(refusal_text(&err, staff.lang));
            let html = edit_page(&state, &staff, &csrf, &row, Some(form.values()), error, None).await?;
            Ok(refused(err.status(), html))
        }
        Err(other) => Err(other),
    }
}

/// The close and delete buttons.
#[derive(Debug, Deserialize)]
pub struct VersionForm {
    version: Option<i64>,
}

/// `POST /newsroom/polls/{id}/close`: no vote counts from now on.
pub async fn close(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
    Form(form): Form<VersionForm>,
) -> Result<Response> {
    staff.authorize(Action::CurateFront, Ownership::NotApplicable)?;
    let version =
        form.version.ok_or_else(|| AppError::Unprocessable("version: reload the poll and try again.".into()))?;
    let row = super::close(&state, &staff, id, version).await?;
    Ok(see_other(notice_path(row.id, "closed")))
}

/// `POST /newsroom/polls/{id}/delete`: the poll and its votes are gone.
pub async fn delete(
    State(state): State<AppState>,
    StaffPage(staff): StaffPage,
    PathParams(id): PathParams<i64>,
) -> Result<Response> {
    super::delete(&state, &staff, id).await?;
    Ok(see_other(format!("/newsroom/polls?deleted={id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_of_the_poll_rules_is_shown_in_bangla_with_bangla_digits() {
        let err = AppError::Unprocessable("options: Option 3 is empty.".into());
        assert_eq!(refusal_text(&err, Lang::En), "options: Option 3 is empty.");
        assert_eq!(refusal_text(&err, Lang::Bn), "উত্তর ৩ খালি।");
        let err = AppError::Unprocessable("closes_at: Something new.".into());
        assert_eq!(refusal_text(&err, Lang::Bn), "closes_at: Something new.");
    }
}
