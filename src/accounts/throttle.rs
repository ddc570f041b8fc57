//! Throttles on logins and password resets, counted in the database so that every app node
//! enforces the same limits.

use crate::error::AppError;
use crate::state::AppState;

use super::db;

/// At most `max` events in `window` seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: i64,
}

/// Failed logins for one account from one address.
pub const LOGIN_PER_ACCOUNT: Limit = Limit { max: 5, window: 15 * 60 };
/// Failed logins from one address, whatever the account.
pub const LOGIN_PER_ADDRESS: Limit = Limit { max: 20, window: 15 * 60 };
/// Reset requests for one email.
pub const RESET_PER_EMAIL: Limit = Limit { max: 3, window: 3600 };
/// Reset requests from one address.
pub const RESET_PER_ADDRESS: Limit = Limit { max: 10, window: 3600 };
/// Accounts created from one address.
pub const REGISTER_PER_ADDRESS: Limit = Limit { max: 10, window: 3600 };

/// `Ok` while `bucket` is under its limit; otherwise the seconds until it will be.
pub async fn check(state: &AppState, bucket: &str, limit: Limit) -> Result<Result<(), i64>, AppError> {
    let now = state.clock.now();
    let (count, oldest) = db::throttle_count(&state.db, bucket, now - limit.window).await?;
    if count < limit.max {
        return Ok(Ok(()));
    }
    Ok(Err((oldest.unwrap_or(now) + limit.window - now).max(1)))
}

/// Counts one event.
pub async fn record(state: &AppState, bucket: &str) -> Result<(), AppError> {
    Ok(db::throttle_record(&state.db, bucket, state.clock.now()).await?)
}

/// A 429 that says, in minutes, when to try again.
pub fn too_many(retry_after: i64, what: &str) -> AppError {
    let minutes = (retry_after + 59) / 60;
    AppError::TooManyRequests {
        message: format!(
            "Too many {what} from here. For your account's safety, please wait {minutes} minute{} and try again.",
            if minutes == 1 { "" } else { "s" }
        ),
        retry_after,
    }
}
