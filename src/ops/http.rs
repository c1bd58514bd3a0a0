//! The operator's HTTP endpoint: `/healthz` (the process runs), `/readyz` (the database
//! answers) and `/metrics` (Prometheus).

use std::sync::Arc;

use axum::{
    Router,
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use tokio::{net::TcpListener, sync::watch};

use super::metrics::Metrics;
use crate::storage::Stores;

#[derive(Clone)]
struct Shared {
    stores: Stores,
    metrics: Arc<Metrics>,
}

/// Serves until `stop` turns true.
pub async fn serve(
    listener: TcpListener,
    stores: Stores,
    metrics: Arc<Metrics>,
    mut stop: watch::Receiver<bool>,
) {
    let app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(render))
        .with_state(Shared { stores, metrics });
    let stopped = async move {
        let _ = stop.wait_for(|stop| *stop).await;
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(stopped)
        .await
    {
        tracing::error!(%error, "the HTTP endpoint failed");
    }
}

async fn ready(State(shared): State<Shared>) -> impl IntoResponse {
    if shared.stores.ping().await {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
    }
}

async fn render(State(shared): State<Shared>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        shared.metrics.render(),
    )
}
