//! Protected backups in the services, on both backends: stored and checked with their password
//! while it is in memory, then checked by their bytes alone (the scrub has no password), never
//! cut into parts, and opened for a restore only with the right password.

mod support;

use chrono::Utc;
use codevault::{
    domain::{NewFile, backup::BackupKind, password::Password, progress::Unwatched},
    service::{BackupError, BackupOptions, backup::Damage, restore::RestoreError},
};
use support::{
    blobs::blob,
    services,
    stores::{TestStore, contract},
};

const USER: i64 = 5151;

contract!(a_protected_backup_opens_only_with_its_password_and_is_checked_by_its_bytes);

fn password(text: &str) -> Password {
    Password::given(text.to_owned()).unwrap()
}

async fn a_protected_backup_opens_only_with_its_password_and_is_checked_by_its_bytes(
    store: TestStore,
) {
    let file = NewFile {
        user_id: USER,
        name: "app.py".to_owned(),
        language: "python".to_owned(),
        code: "print('secret')\n".to_owned(),
        note: None,
        tags: vec![],
    };
    store.files.create(file, Utc::now()).await.unwrap();
    let backups = services::backups(&store.stores, 10);
    let options = BackupOptions::default().protected_by(Some(password("correct horse battery")));
    let created = backups
        .create_full(USER, BackupKind::FullBackup, &options, &Unwatched)
        .await
        .unwrap();
    let id = created.record.id.clone();
    let record = backups.get(USER, &id).await.unwrap();
    assert!(record.protected, "the record says so");

    let checked = backups.check_stored(USER, &id, 1).await.unwrap();
    assert_eq!(checked.damage, None, "intact without its password");
    assert!(matches!(
        backups.split(USER, &id).await,
        Err(BackupError::ProtectedParts)
    ));

    let restores = services::restores(&store.stores, store.files.clone(), backups.clone(), 100);
    assert!(matches!(
        restores.plan(USER, &id, None).await,
        Err(RestoreError::PasswordRequired)
    ));
    assert!(matches!(
        restores
            .plan(USER, &id, Some(&password("wrong horse battery")))
            .await,
        Err(RestoreError::WrongPassword)
    ));
    let plan = restores
        .plan(USER, &id, Some(&password("correct horse battery")))
        .await
        .unwrap();
    assert_eq!(plan.plan.counts().unchanged, 1);

    // A byte changed in the stored archive is found by its SHA-256 alone.
    let mut bytes = blob(store.blobs.as_ref(), &id).await.unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    store.blobs.delete(&id).await.unwrap();
    let name = record.file_name();
    store
        .blobs
        .put(&id, &name, &mut bytes.as_slice())
        .await
        .unwrap();
    let checked = backups.check_stored(USER, &id, 1).await.unwrap();
    assert!(
        matches!(checked.damage, Some(Damage::BytesDiffer { .. })),
        "{:?}",
        checked.damage
    );
}
