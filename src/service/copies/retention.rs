//! Which of the bot's copies a destination keeps (`domain::retention`): the choices a user
//! has, what a change would remove there now (shown before it is applied), and applying it.

use super::{CopyError, CopyResult, CopyService};
use crate::{
    domain::{
        DestinationId, UserId,
        retention::{Generations, RetentionPolicy},
    },
    service::destination::RemoteFile,
};

/// How many of the newest copies a user can keep.
pub const RETENTION_CHOICES: [u32; 5] = [3, 5, 10, 20, 30];
/// Of how many days, weeks and months the newest copy can be kept (0: none by that span).
pub const DAILY_CHOICES: [u32; 5] = [0, 3, 7, 14, 30];
pub const WEEKLY_CHOICES: [u32; 5] = [0, 4, 8, 12, 26];
pub const MONTHLY_CHOICES: [u32; 5] = [0, 3, 6, 12, 24];

/// Whether a user may choose `policy`: one of the choices offered, keeping something.
pub fn is_choice(policy: RetentionPolicy) -> bool {
    match policy {
        RetentionPolicy::Newest(keep) => RETENTION_CHOICES.contains(&keep),
        RetentionPolicy::Generations(
            chosen @ Generations {
                daily,
                weekly,
                monthly,
            },
        ) => {
            chosen.keeps_any()
                && DAILY_CHOICES.contains(&daily)
                && WEEKLY_CHOICES.contains(&weekly)
                && MONTHLY_CHOICES.contains(&monthly)
        }
    }
}

/// What a retention would do there now.
#[derive(Clone, Debug, PartialEq)]
pub struct RetentionPreview {
    pub policy: RetentionPolicy,
    /// The bot's copies it would remove, newest first.
    pub removed: Vec<RemoteFile>,
    /// How many of the bot's copies would stay.
    pub kept: usize,
}

impl CopyService {
    /// What `policy` would remove at `id` now, changing nothing.
    pub async fn preview_retention(
        &self,
        user: UserId,
        id: &DestinationId,
        policy: RetentionPolicy,
    ) -> CopyResult<RetentionPreview> {
        Self::offered(policy)?;
        let adapter = self.connected(user, id).await?;
        let zone = self.state.state(user, id).await?.schedule.zone();
        let copies = match adapter.list(user).await {
            Ok(copies) => copies,
            Err(error) => return Err(self.remote(user, id, error).await),
        };
        let removed: Vec<RemoteFile> =
            (policy.surplus(&copies, RemoteFile::date, zone).into_iter())
                .cloned()
                .collect();
        Ok(RetentionPreview {
            policy,
            kept: copies.len() - removed.len(),
            removed,
        })
    }

    /// Keeps `policy` from now on and applies it at once; answers the copies it removed.
    pub async fn apply_retention(
        &self,
        user: UserId,
        id: &DestinationId,
        policy: RetentionPolicy,
    ) -> CopyResult<Vec<RemoteFile>> {
        Self::offered(policy)?;
        let adapter = self.connected(user, id).await?;
        let zone = self.state.state(user, id).await?.schedule.zone();
        // Kept first: copies a failed removal leaves go after the next upload.
        self.state.set_retention(user, id, policy).await?;
        match adapter.prune(user, policy, zone).await {
            Ok(removed) => Ok(removed),
            Err(error) => Err(self.remote(user, id, error).await),
        }
    }

    /// Only what the user is offered: a forged or outdated button sets nothing.
    fn offered(policy: RetentionPolicy) -> CopyResult<()> {
        if is_choice(policy) {
            Ok(())
        } else {
            Err(CopyError::BadRetention)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generations(daily: u32, weekly: u32, monthly: u32) -> RetentionPolicy {
        RetentionPolicy::Generations(Generations {
            daily,
            weekly,
            monthly,
        })
    }

    #[test]
    fn only_the_choices_offered_keeping_something_may_be_chosen() {
        assert!(is_choice(RetentionPolicy::Newest(10)));
        assert!(!is_choice(RetentionPolicy::Newest(0)));
        assert!(!is_choice(RetentionPolicy::Newest(11)));
        assert!(is_choice(generations(7, 4, 12)));
        assert!(is_choice(generations(0, 0, 3)));
        assert!(!is_choice(generations(0, 0, 0)), "keeps nothing");
        assert!(!is_choice(generations(7, 5, 12)));
        assert!(!is_choice(generations(1000, 4, 12)));
    }
}
