//! Path parameters arrive typed: ids as numbers, `{lang}` as a [`Lang`](crate::editions::Lang),
//! slugs as text. A value that does not parse means nothing lives at that address, so it is
//! answered like any missing page: 404 with a sentence saying what is wrong (a page, or a JSON
//! error under `/api/`), never a bare 400.

use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The path parameters of a route, parsed into `T` (a number, a `Lang`, a `String`, or a tuple
/// of them in the order of the route's `{…}` segments).
#[derive(Debug, Clone, Copy)]
pub struct PathParams<T>(pub T);

impl<T, S> FromRequestParts<S> for PathParams<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    /// A 404; under `/api/` the error middleware answers it as JSON (`not_found`).
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[expect(clippy::disallowed_types, reason = "the one place that reads path parameters")]
        type AxumPath<T> = axum::extract::Path<T>;
        match AxumPath::<T>::from_request_parts(parts, state).await {
            Ok(path) => Ok(Self(path.0)),
            Err(rejection) => Err(refusal(rejection)),
        }
    }
}

/// What a reader is told about a path value that does not parse. A route whose parameters do
/// not fit its handler's type is a bug: 500, as axum has it.
fn refusal(rejection: PathRejection) -> AppError {
    let PathRejection::FailedToDeserializePathParams(err) = rejection else {
        return AppError::Internal(anyhow::anyhow!("reading path parameters: {rejection}"));
    };
    match err.kind() {
        ErrorKind::ParseErrorAtKey { value, .. }
        | ErrorKind::ParseErrorAtIndex { value, .. }
        | ErrorKind::ParseError { value, .. } => AppError::not_found(format!(
            "There is nothing at this address: \"{value}\" is not an id (ids are whole numbers). Check the link."
        )),
        // The type's own explanation, such as that of an unknown edition.
        ErrorKind::DeserializeError { message, .. } => AppError::not_found(message.clone()),
        // Refused before routing (`web::refuse_oversized`); kept as the same 400 should that move.
        ErrorKind::InvalidUtf8InPathParam { .. } => AppError::bad_request(
            "This address has characters that could not be read (it is not UTF-8 text). Check the link, or type it again.",
        ),
        _ => AppError::Internal(anyhow::anyhow!("reading path parameters: {}", err.body_text())),
    }
}
