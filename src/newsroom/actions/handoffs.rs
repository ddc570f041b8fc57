//! Who hears about a workflow step: editors when a story is submitted, its reporter when it is
//! returned, scheduled, published or corrected (never the person who did it). The notification
//! is written by the step's own transaction (see `newsroom::db::set_status`).

use crate::newsroom::auth::Staff;
use crate::newsroom::db::{EditRow, StepData};
use crate::newsroom::model::Step;
use crate::notifications::model::{Kind, Params};
use crate::notifications::{Audience, Event};
use crate::state::AppState;

/// The notification of `step` on `row` by `staff` (`None`: the scheduler), if the step has one.
pub fn step_event(staff: Option<&Staff>, row: &EditRow, step: Step, data: &StepData) -> Option<Event> {
    let reporter = Audience::Person(row.created_by);
    let (kind, audience) = match step {
        Step::Submit => (Kind::Submitted, Audience::Editors),
        Step::Return => (Kind::Returned, reporter),
        Step::Schedule => (Kind::Scheduled, reporter),
        Step::Publish => (Kind::Published, reporter),
        Step::Correct => (Kind::Corrected, reporter),
        Step::Unpublish => return None,
    };
    let note = match step {
        Step::Correct => data.correction_note.clone(),
        _ => data.note.clone(),
    };
    Some(Event {
        kind,
        article_id: Some(row.id),
        actor: staff.map(|s| s.id),
        audience,
        params: Params {
            title: row.title.clone(),
            by: staff.map(|s| s.name.clone()).unwrap_or_default(),
            note: note.unwrap_or_default(),
            at: data.scheduled_at,
            count: 0,
        },
        link: format!("/newsroom/articles/{}", row.id),
    })
}

/// `data` with the notification of `step` attached.
pub fn notify(state: &AppState, staff: Option<&Staff>, row: &EditRow, step: Step, mut data: StepData) -> StepData {
    data.notify = step_event(staff, row, step, &data).map(|event| (event, crate::notifications::letterhead(state)));
    data
}
