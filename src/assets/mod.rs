//! CSS, logo and fonts, embedded in the binary ([`files`]) and served under content-hashed names
//! so that browsers and CDNs may keep them forever.

pub mod files;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::routes::Routes;
use crate::state::AppState;
use crate::web::PathParams;

/// Routes of this feature.
pub fn router() -> Routes<AppState> {
    Routes::new().route("/assets/{name}", get(serve)).route("/theme.css", get(theme))
}

/// `GET /theme.css?c=rrggbb`: the admins' accent colour over the stylesheet's default. The
/// colour is in the address, so each colour is its own cacheable file.
async fn theme(
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let colour = q.get("c").map(|c| format!("#{c}")).filter(|c| crate::editions::model::is_colour(c));
    let colour = colour.ok_or_else(|| AppError::not_found("There is no such theme."))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        format!(":root{{--red:{colour}}}\n"),
    )
        .into_response())
}

async fn serve(State(state): State<AppState>, PathParams(name): PathParams<String>) -> Result<Response, AppError> {
    let asset = state.assets.get(&format!("/assets/{name}")).ok_or_else(|| {
        AppError::not_found("There is no such file. Its name may be from an older version of the site.")
    })?;
    Ok((
        [(header::CONTENT_TYPE, asset.content_type), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
        asset.bytes.clone(),
    )
        .into_response())
}
