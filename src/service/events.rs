//! Recording what the services did (the metrics count it on the way, see `ops::metrics`).

use crate::{domain::Event, storage::EventStore};

/// Records `event`; a failure is logged, never passed on: losing an event must not fail the
/// action it describes.
pub async fn emit(events: &dyn EventStore, event: Event) {
    if let Err(error) = events.record(event).await {
        tracing::warn!(%error, "cannot record an event");
    }
}
