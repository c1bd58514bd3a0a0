//! `codevault verify --user ID | --all`: every stored backup read back and checked as the
//! scrub checks it; a line per backup, a summary, and a failure when any is not intact.
//! Read-only: what it finds is not remembered (the scrub inside `serve` marks and tells).

use super::{AdminError, Services, print};
use crate::{
    domain::{Id, UserId},
    ops::migrate::PAGE,
    service::{BackupError, backup::Checked},
    storage::transfer::{Key, Kind, Record, Transfer},
};

/// What the backups checked so far came to.
#[derive(Default)]
struct Tally {
    checked: u64,
    intact: u64,
    /// The ids of those damaged, missing or unreadable.
    failed: Vec<String>,
}

impl Tally {
    async fn check(&mut self, services: &Services, user: UserId, id: &Id) {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        match services.backups.check_stored(user, id, threads).await {
            Ok(Checked {
                record,
                damage: None,
            }) => {
                self.intact += 1;
                println!(
                    "ok       {}  SHA-256 {}",
                    print::backup(&record),
                    record.sha256
                );
            }
            Ok(Checked {
                record,
                damage: Some(damage),
            }) => {
                self.failed.push(id.to_string());
                println!("DAMAGED  {}: {damage}", print::backup(&record));
            }
            // Deleted since it was listed: nothing to check.
            Err(BackupError::NotFound) => {
                println!("gone     {id}  user {user}: deleted while being verified");
                return;
            }
            Err(error) => {
                self.failed.push(id.to_string());
                println!("ERROR    {id}  user {user}: cannot read it: {error}");
            }
        }
        self.checked += 1;
    }

    fn finish(self) -> Result<(), AdminError> {
        println!(
            "Verified {} backup(s): {} intact, {} damaged, missing or unreadable",
            self.checked,
            self.intact,
            self.failed.len()
        );
        if self.failed.is_empty() {
            Ok(())
        } else {
            Err(AdminError::Damaged {
                checked: self.checked,
                failed: self.failed,
            })
        }
    }
}

pub async fn user(services: &Services, user: UserId) -> Result<(), AdminError> {
    let first = services
        .backups
        .list(user, 0)
        .await
        .map_err(AdminError::Backup)?;
    println!("Verifying the {} backup(s) of user {user}", first.total);
    let mut tally = Tally::default();
    // The ids first: a check takes a while, and pages read later could have shifted.
    let mut ids: Vec<Id> = first.items.iter().map(|record| record.id.clone()).collect();
    for page in 1..first.page_count() {
        let records = services
            .backups
            .list(user, page)
            .await
            .map_err(AdminError::Backup)?;
        ids.extend(records.items.into_iter().map(|record| record.id));
    }
    for id in &ids {
        tally.check(services, user, id).await;
    }
    tally.finish()
}

pub async fn all(services: &Services, store: &dyn Transfer) -> Result<(), AdminError> {
    println!(
        "Verifying every stored backup ({})",
        store.count(Kind::Backup).await?
    );
    let mut tally = Tally::default();
    let mut after: Option<Key> = None;
    loop {
        let page = store.page(Kind::Backup, after.as_ref(), PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.key());
        for record in page {
            if let Record::Backup(backup) = record {
                tally.check(services, backup.user_id, &backup.id).await;
            }
        }
    }
    tally.finish()
}
