//! One error type for the whole app. Expected failures are named variants with a message a
//! person can act on; anything else is logged with its cause chain and shown as a bare 500.
//!
//! Page handlers return [`AppError`]: the response carries an [`ErrorPage`] that the
//! `web::error_pages` middleware renders inside the site layout. API handlers return
//! [`ApiError`], which answers `{"error":{"code","message"}}`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The result of a handler.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing lives at this address (or the caller must not learn that it does).
    #[error("{0}")]
    NotFound(String),
    /// The request itself is wrong: a bad parameter, cursor or limit.
    #[error("{0}")]
    BadRequest(String),
    /// The caller is not authenticated (API only; pages redirect to the login page).
    #[error("{0}")]
    Unauthorized(String),
    /// The request conflicts with the current state (a stale version, a wrong workflow step).
    #[error("{0}")]
    Conflict(String),
    /// The caller may not do this (or a form failed its CSRF check).
    #[error("{0}")]
    Forbidden(String),
    /// The input is understood but not acceptable; the message says why.
    #[error("{0}")]
    Unprocessable(String),
    /// Too many attempts; retry after this many seconds.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: i64 },
    /// The request body is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// The database is out of reach or held by another process; the client may retry.
    #[error("the database is unavailable")]
    Unavailable,
    /// The disk under the data directory (or the database server's) is full: nothing new can be
    /// stored until space returns, while reading goes on.
    #[error("out of disk space")]
    StorageFull,
    /// A bug or an unexpected failure; the cause is logged, never sent.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl AppError {
    /// Shorthand for [`AppError::NotFound`].
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// Shorthand for [`AppError::BadRequest`].
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code for API clients: the one for its status.
    pub fn code(&self) -> &'static str {
        api_code(self.status())
    }

    /// The message shown to the client; internal causes stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => "Something went wrong on our side. Please try again in a moment.".into(),
            Self::Unavailable => "The site's database is not answering right now. Please try again in a moment.".into(),
            Self::StorageFull => "The server has run out of disk space, so nothing new can be saved right now. \
                                  Reading still works; please try again later."
                .into(),
            other => other.to_string(),
        }
    }

    fn log(&self) {
        if let Self::Internal(err) = self {
            tracing::error!(error = format!("{err:#}"), "request failed");
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match classify_sqlx(&err) {
            Some(kind) => kind,
            None => Self::Internal(err.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    /// Looks through the cause chain, so that a busy database or a full disk behind a
    /// `.context(…)` still answers 503 or 507 rather than 500.
    fn from(err: anyhow::Error) -> Self {
        let kind = err.chain().find_map(|cause| {
            if let Some(sqlx) = cause.downcast_ref::<sqlx::Error>() {
                classify_sqlx(sqlx)
            } else {
                cause.downcast_ref::<std::io::Error>().and_then(classify_io)
            }
        });
        kind.unwrap_or(Self::Internal(err))
    }
}

/// The database errors a client may retry later: the database unreachable, shutting down or
/// locked by another process (503), or out of disk space (507); anything else is a bug (500). Logged here, as the cause is
/// not sent.
fn classify_sqlx(err: &sqlx::Error) -> Option<AppError> {
    let kind = match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => AppError::Unavailable,
        sqlx::Error::Io(io) => classify_io(io).unwrap_or(AppError::Unavailable),
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLite's primary code is the low byte of the extended one: BUSY after the
                // busy timeout (another process holds the lock); FULL.
                match code.parse::<i64>().map(|n| n & 0xff) {
                    Ok(5) => AppError::Unavailable,
                    Ok(13) => AppError::StorageFull,
                    _ => return None,
                }
            } else {
                // PostgreSQL: disk full; out of memory, connections or other resources; shutting
                // down or starting up; the connection lost (a protocol violation is a bug).
                match code.as_ref() {
                    "53100" => AppError::StorageFull,
                    "08P01" => return None,
                    c if c.starts_with("53") || c.starts_with("57P") || c.starts_with("08") => AppError::Unavailable,
                    _ => return None,
                }
            }
        }
        _ => return None,
    };
    tracing::warn!(error = %err, "database write or read refused");
    Some(kind)
}

/// A full disk, as the file system reports it (507).
fn classify_io(err: &std::io::Error) -> Option<AppError> {
    if err.kind() == std::io::ErrorKind::StorageFull || err.kind() == std::io::ErrorKind::QuotaExceeded {
        tracing::warn!(error = %err, "out of disk space");
        Some(AppError::StorageFull)
    } else {
        None
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        Self::Internal(anyhow::Error::new(err).context("rendering a template"))
    }
}

/// Attached to error responses of pages so that the layout middleware can render them.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    /// What the reader is told.
    pub message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let message = self.public_message();
        let mut response = (status, message.clone()).into_response();
        if let Self::TooManyRequests { retry_after, .. } = &self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
        }
        response.extensions_mut().insert(ErrorPage { message });
        response
    }
}

/// An [`AppError`] answered as JSON, for `/api/…` handlers.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(err: E) -> Self {
        Self(err.into())
    }
}

/// The body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// What went wrong, for a program (`code`) and for a person (`message`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code: `not_found`, `bad_request`, `unavailable`, `internal`, …
    pub code: String,
    /// A sentence a person can act on.
    pub message: String,
}

/// The `code` of a JSON error with this status: the one table of them, for the handlers' errors
/// and for the answers made outside any handler (axum's rejections, 404s, 405s, refusals).
pub fn api_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "unprocessable",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "headers_too_large",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        StatusCode::INSUFFICIENT_STORAGE => "storage_full",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    }
}

/// A JSON error response with the given status, code and message.
pub fn json_error(status: StatusCode, code: &str, message: String) -> Response {
    let body = ErrorBody { error: ErrorDetail { code: code.to_owned(), message } };
    (status, Json(body)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut response = json_error(self.0.status(), self.0.code(), self.0.public_message());
        if let AppError::TooManyRequests { retry_after, .. } = &self.0 {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
        }
        response
    }
}

/// The result of an API handler.
pub type ApiResult<T> = std::result::Result<T, ApiError>;
