//! Connecting Drive: the device flow, polled in the background by the service (stopped by
//! Cancel, a new Connect or shutdown, told through the notifier), and disconnecting, which
//! revokes the grant.

use std::sync::Arc;

use tokio::{sync::watch, task::AbortHandle};

use super::{DriveResult, DriveService, DriveServiceError};
use crate::{
    domain::{DestinationId, Event, UserId},
    integrations::google::{ConnectStatus, DeviceCode, Revocation},
    service::copies::Notice,
};

impl DriveService {
    /// Starts the device flow and waits for the user's answer in the background: the code and
    /// URL to show the user now; how it ended is told through the notifier later.
    pub async fn start_connect(self: &Arc<Self>, user: UserId) -> DriveResult<DeviceCode> {
        let code = self.request_code(user).await?;
        let (service, waiting) = (Arc::clone(self), code.clone());
        let mut shutdown = self.shutdown.clone();
        let poll = tokio::spawn(async move {
            tokio::select! {
                notice = service.connect_outcome(user, waiting) => {
                    service.notifier.notify(user, &DestinationId::DRIVE, notice).await;
                }
                // The user is told nothing: 🔄 Check connection says the wait ended.
                () = stopped(&mut shutdown) => {
                    tracing::info!(user, "stopped waiting for a Drive connection: shutting down");
                }
            }
        });
        self.track_connect(user, poll.abort_handle());
        Ok(code)
    }

    /// Step 1 of the device flow: the code and URL to show the user.
    pub async fn request_code(&self, user: UserId) -> DriveResult<DeviceCode> {
        if !self.settings.configured {
            return Err(DriveServiceError::NotConfigured);
        }
        if !self.settings.can_keep_tokens {
            return Err(DriveServiceError::NoKey);
        }
        self.client
            .start_connect(user)
            .await
            .map_err(DriveServiceError::Google)
    }

    /// Step 2: polls until the user approves, denies or the code expires; on approval the
    /// account is recorded and a schedule set earlier starts again.
    pub async fn finish_connect(
        &self,
        user: UserId,
        mut code: DeviceCode,
    ) -> DriveResult<ConnectStatus> {
        let status = self
            .client
            .wait_for_connect(user, &mut code)
            .await
            .map_err(DriveServiceError::Google)?;
        if let ConnectStatus::Connected { email } = &status {
            self.store
                .set_connected(user, email.as_deref(), self.now())
                .await?;
            self.copies.resume(user, &DestinationId::DRIVE).await?;
            self.emit(Event::DriveConnected { user }).await;
        }
        Ok(status)
    }

    /// How waiting for `user`'s answer ended, as the user is told it.
    async fn connect_outcome(&self, user: UserId, code: DeviceCode) -> Notice {
        match self.finish_connect(user, code).await {
            Ok(ConnectStatus::Connected { email }) => Notice::Connected {
                account: email,
                folder: self.settings.folder_name.clone(),
            },
            Ok(ConnectStatus::Denied) => Notice::ConnectDenied,
            Ok(_) => Notice::ConnectExpired,
            Err(error) => {
                tracing::warn!(%error, user, "connecting Google Drive failed");
                Notice::ConnectFailed
            }
        }
    }

    /// Remembers the background poll of `user`'s device flow, stopping an older one.
    fn track_connect(&self, user: UserId, poll: AbortHandle) {
        let mut connecting = self.connecting.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(older) = connecting.insert(user, poll) {
            older.abort();
        }
    }

    /// Whether this instance is still polling for `user`'s approval (a restart loses it).
    pub fn is_connecting(&self, user: UserId) -> bool {
        let connecting = self.connecting.lock().unwrap_or_else(|e| e.into_inner());
        connecting
            .get(&user)
            .is_some_and(|poll| !poll.is_finished())
    }

    /// Stops polling for `user`'s approval; whether a poll was running.
    pub fn cancel_connect(&self, user: UserId) -> bool {
        let mut connecting = self.connecting.lock().unwrap_or_else(|e| e.into_inner());
        connecting.remove(&user).is_some_and(|poll| {
            let running = !poll.is_finished();
            poll.abort();
            running
        })
    }

    /// Revokes the grant and forgets the tokens; the schedule is kept for a later reconnect.
    /// Says whether Google confirmed the revocation (the tokens are forgotten either way).
    pub async fn disconnect(&self, user: UserId) -> DriveResult<Revocation> {
        self.cancel_connect(user);
        let revocation = match self.client.disconnect(user).await {
            Ok(revocation) => revocation,
            Err(error) => {
                // The store's disconnect below removes the token in any case.
                tracing::warn!(%error, user, "forgetting the Google token failed");
                Revocation::Unconfirmed
            }
        };
        self.store.set_disconnected(user).await?;
        self.copies.pause(user, &DestinationId::DRIVE).await?;
        let revoked = revocation == Revocation::Confirmed;
        self.emit(Event::DriveDisconnected { user, revoked }).await;
        Ok(revocation)
    }
}

/// Resolves once `shutdown` turns true or its sender is gone (as the scheduler reads it).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}
