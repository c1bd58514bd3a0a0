//! Polling Telegram while this instance holds the poller lease, standing by otherwise; and
//! with the polling, the work that must run on one instance alone (purging). (Long actions a
//! dead instance cut short are tasks, which every instance's worker takes over.)

use std::{sync::Arc, time::Duration};

use teloxide::{dispatching::dialogue::ErasedStorage, prelude::*, update_listeners::Polling};
use tokio::sync::watch;

use super::{DISPATCHER_QUEUE, Purge, purge_loop};
use crate::{
    bot::{
        self, Services, State, Tg,
        flood::{Bounded, ChatLoad},
    },
    ops::instance::{Kept, PollerLease},
};

/// What polling needs, kept from one holding term to the next.
pub(super) struct Poller {
    pub bot: Tg,
    pub services: Arc<Services>,
    pub dialogues: Arc<ErasedStorage<State>>,
    pub load: Arc<ChatLoad>,
    pub purge: Purge,
}

/// Stands by until this instance holds the lease, polls while it does, and stands by again when
/// it is lost, until `stop` turns true; then frees the lease for a standby to take over at once.
pub(super) async fn run(lease: PollerLease, poller: Poller, mut stop: watch::Receiver<bool>) {
    while let Some(valid_until) = lease.acquire(&mut stop).await {
        match poller.term(&lease, valid_until, &mut stop).await {
            Some(Kept::Stopped) => break,
            Some(Kept::Lost) => {}
            None => {
                // Polling ended on its own (Telegram unreachable): give another instance a turn.
                lease.release().await;
                let _ = tokio::time::timeout(RETRY_PAUSE, stop.wait_for(|stop| *stop)).await;
            }
        }
    }
    lease.release().await;
}

/// Before polling again after it ended on its own.
const RETRY_PAUSE: Duration = Duration::from_secs(5);

impl Poller {
    /// One holding term: polls and purges while the lease is kept; answers how it ended,
    /// `None` when polling ended by itself.
    async fn term(
        &self,
        lease: &PollerLease,
        valid_until: tokio::time::Instant,
        stop: &mut watch::Receiver<bool>,
    ) -> Option<Kept> {
        let (term_over, purge_stop) = watch::channel(false);
        let purge = tokio::spawn(purge_loop(
            self.services.clone(),
            self.purge.clone(),
            purge_stop,
        ));
        let mut dispatcher = Dispatcher::builder(self.bot.clone(), bot::schema(self.load.clone()))
            .dependencies(dptree::deps![self.services.clone(), self.dialogues.clone()])
            .default_handler(|_| async {})
            // The guard at the root of the schema answers every failure; this only logs what
            // would slip past it.
            .error_handler(LoggingErrorHandler::with_custom_text("an update failed"))
            // Above the per-chat backlog, so the dispatcher never waits on one chat's queue.
            .worker_queue_size(DISPATCHER_QUEUE)
            .build();
        let token = dispatcher.shutdown_token();
        // Pending updates are kept: a message sent while no instance polled still gets its answer.
        let listener = Polling::builder(self.bot.clone())
            .timeout(Duration::from_secs(10))
            .build();
        let listener = Bounded::new(listener, self.load.clone());
        let polling = dispatcher.try_dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("the update listener failed"),
        );
        tokio::pin!(polling);
        let kept = lease.keep(valid_until, stop);
        let ended = tokio::select! {
            kept = kept => {
                // Not yet polling (asking Telegram who the bot is): dropping `polling` is all
                // it takes. Polling: it stops, then finishes the updates in hand.
                if token.shutdown().is_ok() {
                    let _ = polling.await;
                }
                Some(kept)
            }
            result = &mut polling => {
                if let Err(error) = result {
                    tracing::error!(%error, "cannot poll Telegram");
                }
                None
            }
        };
        let _ = term_over.send(true);
        let _ = purge.await;
        ended
    }
}
