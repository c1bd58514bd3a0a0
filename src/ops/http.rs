//! The operator's HTTP endpoint: `/healthz` (the process runs), `/readyz` (the database
//! answers and this instance polls Telegram, rather than standing by) and `/metrics`
//! (Prometheus).

use std::sync::Arc;

use axum::{
    Router,
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use tokio::{net::TcpListener, sync::watch};

use super::{instance::Role, metrics::Metrics};
use crate::storage::Stores;

#[derive(Clone)]
struct Shared {
    stores: Stores,
    metrics: Arc<Metrics>,
    role: watch::Receiver<Role>,
}

/// Serves until `stop` turns true.
pub async fn serve(
    listener: TcpListener,
    stores: Stores,
    metrics: Arc<Metrics>,
    role: watch::Receiver<Role>,
    mut stop: watch::Receiver<bool>,
) {
    let app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(render))
        .with_state(Shared {
            stores,
            metrics,
            role,
        });
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
    if !shared.stores.ping().await {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n");
    }
    // A standby is not ready to answer users: a load balancer or an orchestrator can tell.
    match *shared.role.borrow() {
        Role::Holder => (StatusCode::OK, "ready: polling\n"),
        Role::Standby => (
            StatusCode::SERVICE_UNAVAILABLE,
            "standby: another instance polls\n",
        ),
    }
}

async fn render(State(shared): State<Shared>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        shared.metrics.render(),
    )
}
