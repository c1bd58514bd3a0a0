//! The error a Bot API call answers with.

use axum::http::StatusCode;

#[derive(Debug)]
pub(super) struct ApiError(pub(super) StatusCode, pub(super) String);

pub(super) fn bad(description: &str) -> ApiError {
    ApiError(
        StatusCode::BAD_REQUEST,
        format!("Bad Request: {description}"),
    )
}
