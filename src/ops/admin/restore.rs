//! `codevault restore --user ID --backup ID [--dry-run] [--conflicts …]`: the bot's restore
//! (check, plan, safety snapshot, one transaction, undo log) with the operator's one decision
//! for every conflict instead of a button per file. Without a decision, a restore with
//! conflicts is refused: nothing is replaced or skipped that no one chose.

use super::{AdminError, Services, print};
use crate::{
    domain::{
        Id, UserId,
        incoming::Admission,
        restore::{Choice, Outcome, RestorePlan},
    },
    service::{BackupError, restore::RestoreError},
};

pub async fn run(
    services: &Services,
    user: UserId,
    backup: &Id,
    dry_run: bool,
    choice: Option<Choice>,
) -> Result<(), AdminError> {
    let failed = |error: RestoreError| match error {
        RestoreError::Backup(BackupError::NotFound) => AdminError::NoSuchBackup {
            user,
            backup: backup.clone(),
        },
        other => AdminError::Restore(Box::new(other)),
    };
    let prepared = (services.restores)
        .plan(user, backup, None)
        .await
        .map_err(failed)?;
    println!("Restoring backup {}", print::backup(&prepared.backup));
    show_plan(&prepared.plan);
    show_admission(&prepared.admission);
    if dry_run {
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    let asked = prepared.plan.conflict_names();
    let choices = match choice {
        _ if asked.is_empty() => Vec::new(),
        Some(choice) => vec![choice; asked.len()],
        None => return Err(AdminError::Conflicts(asked)),
    };
    let applied = services
        .restores
        .apply(user, backup, &asked, &choices, None)
        .await
        .map_err(failed)?;
    let report = applied.report;
    println!(
        "Restored {} file(s): {} new, {} replaced, {} kept both, {} skipped, {} unchanged",
        report.restored(),
        report.new,
        report.replaced,
        report.kept_both,
        report.skipped,
        report.unchanged
    );
    match applied.undo {
        Some(snapshot) => {
            println!("Safety snapshot: backup {snapshot}, the library as it was before");
        }
        None if report.restored() == 0 => println!("Nothing to write: no snapshot was taken."),
        None => println!("The restore was written, but its undo log could not be kept."),
    }
    for removed in &applied.pruned {
        println!(
            "Removed to stay within the user's limit of backups: {}",
            print::backup(removed)
        );
    }
    Ok(())
}

/// Every file of the plan, by its name in the library.
fn show_plan(plan: &RestorePlan) {
    let counts = plan.counts();
    println!(
        "Plan: {} new, {} unchanged, {} conflict(s)",
        counts.new, counts.unchanged, counts.conflicts
    );
    for (file, outcome) in &plan.files {
        let outcome = match outcome {
            Outcome::New => "new",
            Outcome::Unchanged => "unchanged",
            Outcome::Conflict => "conflict",
        };
        println!("  {outcome:<9}  {}", file.name);
    }
}

/// What the library's rules changed in, or left out of, the backup's files.
fn show_admission(admission: &Admission) {
    for (listed, used) in &admission.renamed {
        println!("  renamed    {listed:?} (not a valid name) → {used}");
    }
    for (name, reason) in &admission.refused {
        println!("  left out   {name:?}: not a valid name ({reason:?})");
    }
    for name in &admission.duplicates {
        println!("  left out   {name}: the same name as a file before it");
    }
    for name in &admission.notes_cut {
        println!("  note cut   {name}");
    }
    for (name, dropped) in &admission.tags_dropped {
        println!("  tags       {name}: {dropped} dropped");
    }
}
