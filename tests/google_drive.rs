//! The Google client against the fake Google over real sockets.

mod support;

use std::time::{Duration, Instant};

use codevault::{
    domain::progress::Unwatched,
    integrations::google::{ConnectStatus, DriveError, Revocation, TokenVault},
};
use support::google::{
    FakeFile, FakeGoogle, ResumableQuirks, Route,
    client::{
        FOLDER_NAME, Setup, USER, connected, connected_with, download, md5_hex, payload, setup_with,
    },
};

#[tokio::test]
async fn device_flow_connects_after_approval_and_saves_the_token() {
    let Setup {
        fake,
        vault,
        client,
    } = setup_with(|_| {}).await;
    fake.set_device_timing(1, 600);
    fake.set_email("alice@example.com");
    let mut code = client.start_connect(USER).await.unwrap();
    assert!(code.verification_url.starts_with(&fake.base_url));
    assert_eq!(code.interval, Duration::from_secs(1));
    assert!(
        !format!("{code:?}").contains("device-"),
        "device code leaked in Debug"
    );

    assert_eq!(
        client.poll_connect(USER, &mut code).await.unwrap(),
        ConnectStatus::Pending
    );
    assert!(vault.get(USER).is_none());

    fake.approve(&code.user_code);
    code.interval = Duration::from_millis(10);
    let status = client.wait_for_connect(USER, &mut code).await.unwrap();
    assert_eq!(
        status,
        ConnectStatus::Connected {
            email: Some("alice@example.com".to_owned())
        }
    );
    let token = vault.get(USER).expect("token saved");
    assert!(token.access_token.starts_with("ya29.fake-access-"));
    assert!(token.refresh_token.is_some());
    assert!(token.expires_at.is_some());
}

#[tokio::test]
async fn device_flow_reports_denied_and_expired() {
    let Setup {
        fake,
        client,
        vault,
    } = setup_with(|_| {}).await;
    let mut denied = client.start_connect(USER).await.unwrap();
    fake.deny(&denied.user_code);
    assert_eq!(
        client.poll_connect(USER, &mut denied).await.unwrap(),
        ConnectStatus::Denied
    );

    fake.set_device_timing(1, 0);
    let mut expired = client.start_connect(USER).await.unwrap();
    assert_eq!(
        client.poll_connect(USER, &mut expired).await.unwrap(),
        ConnectStatus::Expired
    );
    assert!(vault.get(USER).is_none());
}

#[tokio::test]
async fn waiting_for_connect_is_cancelled_by_dropping_it() {
    let Setup {
        fake: _fake,
        client,
        ..
    } = setup_with(|_| {}).await;
    let mut code = client.start_connect(USER).await.unwrap();
    code.interval = Duration::from_millis(5);
    let waited = tokio::time::timeout(
        Duration::from_millis(100),
        client.wait_for_connect(USER, &mut code),
    )
    .await;
    assert!(
        waited.is_err(),
        "still pending, so the wait must not finish"
    );
}

#[tokio::test]
async fn small_backup_goes_up_as_multipart_with_bot_properties() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    let bytes = payload(10_000);
    let file = client
        .upload(USER, &folder, "backup-1.zip", &bytes, "b-1", &Unwatched)
        .await
        .unwrap();

    assert_eq!(fake.count_requests("POST /upload/drive/v3/files?"), 2); // folder + backup
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.contains("uploadType=multipart"))
    );
    let stored = fake.file(&file.id).unwrap();
    assert_eq!(stored.bytes, bytes);
    assert_eq!(stored.name, "backup-1.zip");
    assert_eq!(stored.parents, vec![folder.clone()]);
    assert_eq!(stored.app_properties.get("codevault").unwrap(), "backup");
    assert_eq!(
        stored.app_properties.get("codevault_backup_id").unwrap(),
        "b-1"
    );
    assert_eq!(file.md5.as_deref(), Some(md5_hex(&bytes).as_str()));
    assert_eq!(file.size, Some(10_000));
    assert_eq!(file.backup_id(), Some("b-1"));
}

#[tokio::test]
async fn large_backup_goes_up_resumable_in_chunks() {
    let (Setup { fake, client, .. }, folder) = connected_with(|s| {
        s.multipart_limit_bytes = 1024;
        s.resumable_chunk_bytes = 256 * 1024;
    })
    .await;
    let bytes = payload(600 * 1024);
    let file = client
        .upload(USER, &folder, "big.zip", &bytes, "b-big", &Unwatched)
        .await
        .unwrap();

    assert_eq!(
        fake.count_requests("POST /upload/drive/v3/files?uploadType=resumable"),
        1
    );
    assert_eq!(fake.count_requests("PUT /upload-session/"), 3); // 256 + 256 + 88 KiB
    assert_eq!(fake.file_bytes(&file.id).unwrap(), bytes);
    assert_eq!(file.md5.as_deref(), Some(md5_hex(&bytes).as_str()));
    let stored = fake.file(&file.id).unwrap();
    assert_eq!(stored.parents, vec![folder]);
    assert_eq!(
        stored.app_properties.get("codevault_backup_id").unwrap(),
        "b-big"
    );
}

/// What went up comes back byte for byte, whichever way it went up; a passing 503 is retried
/// and a file that is not there says so.
#[tokio::test]
async fn a_backup_downloads_byte_for_byte() {
    let (Setup { fake, client, .. }, folder) = connected_with(|s| {
        s.multipart_limit_bytes = 64 * 1024;
        s.resumable_chunk_bytes = 256 * 1024;
    })
    .await;
    let small = payload(10_000);
    let large = payload(600 * 1024 + 7);
    for (bytes, id) in [(&small, "b-small"), (&large, "b-large")] {
        let file = client
            .upload(USER, &folder, &format!("{id}.zip"), bytes, id, &Unwatched)
            .await
            .unwrap();
        let read = download(&client, &file.id).await.unwrap();
        assert!(read == *bytes, "{id}: {} bytes came back", read.len());
    }
    let file = fake.files().into_iter().find(|f| f.name == "b-small.zip");
    let file = file.expect("the small backup");
    // The metadata goes through, the media request fails once.
    fake.fail_after(Route::Get, 1, 1, 503);
    assert_eq!(download(&client, &file.id).await.unwrap(), small);
    let media = fake
        .requests()
        .iter()
        .filter(|r| r.contains("alt=media"))
        .count();
    assert_eq!(media, 4, "two downloads, then a 503 and its retry");

    let missing = download(&client, "no-such-file").await.unwrap_err();
    assert!(
        matches!(missing, DriveError::Http { status: 404, .. }),
        "{missing:?}"
    );
}

/// A resumable upload of `bytes` in 256 KiB chunks: the one file made, checked for the exact
/// bytes, the MD5 and being the only copy.
async fn upload_resumable_with(quirks: ResumableQuirks, bytes: &[u8]) -> (FakeGoogle, FakeFile) {
    let (Setup { fake, client, .. }, folder) = connected_with(|s| {
        s.multipart_limit_bytes = 1024;
        s.resumable_chunk_bytes = 256 * 1024;
    })
    .await;
    fake.set_resumable_quirks(quirks);
    let file = client
        .upload(USER, &folder, "big.zip", &bytes, "b-big", &Unwatched)
        .await
        .unwrap();
    assert_eq!(file.md5.as_deref(), Some(md5_hex(bytes).as_str()));
    let stored = fake.file(&file.id).unwrap();
    assert!(stored.bytes == bytes, "the stored bytes differ");
    let copies = fake.files().iter().filter(|f| f.name == "big.zip").count();
    assert_eq!(copies, 1);
    (fake, stored)
}

/// Issue 10 #16: Google keeps less than each chunk; every next chunk starts at the byte after
/// the `Range` it answered.
#[tokio::test]
async fn a_resumable_upload_goes_on_from_what_google_kept() {
    let bytes = payload(1_000_003);
    let quirks = ResumableQuirks {
        keep_per_chunk: Some(100_000),
        ..ResumableQuirks::default()
    };
    let (fake, _) = upload_resumable_with(quirks, &bytes).await;
    // 100 000 bytes kept per request: 11 requests, each starting where the last one ended.
    let chunks: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("PUT /upload-session/"))
        .collect();
    assert_eq!(chunks.len(), 11, "{chunks:?}");
}

/// Issue 10 #16: a 308 without `Range` means Google kept nothing: start again from byte 0.
#[tokio::test]
async fn a_resume_incomplete_without_range_starts_again_from_zero() {
    let bytes = payload(900 * 1024);
    let quirks = ResumableQuirks {
        lose_session_bytes_past: Some(256 * 1024),
        ..ResumableQuirks::default()
    };
    let (fake, _) = upload_resumable_with(quirks, &bytes).await;
    // 256 KiB kept, the next chunk lost with it, then 256 + 256 + 256 + 132 KiB from 0.
    assert_eq!(fake.count_requests("PUT /upload-session/"), 6);
}

/// A chunk answered with a 503 (nothing kept): the session's status is asked, and the upload
/// goes on from there.
#[tokio::test]
async fn a_failed_chunk_resumes_from_the_session_status() {
    let (Setup { fake, client, .. }, folder) = connected_with(|s| {
        s.multipart_limit_bytes = 1024;
        s.resumable_chunk_bytes = 256 * 1024;
    })
    .await;
    let bytes = payload(600 * 1024);
    // The first chunk goes through, the second fails twice, then everything works.
    fake.fail_after(Route::UploadChunk, 1, 2, 503);
    let file = client
        .upload(USER, &folder, "big.zip", &bytes, "b-big", &Unwatched)
        .await;
    let file = file.unwrap();
    assert!(fake.file_bytes(&file.id).unwrap() == bytes);
    assert_eq!(
        fake.files().iter().filter(|f| f.name == "big.zip").count(),
        1
    );
    // Chunk 2 fails, so does the status query after it; the next query finds 256 KiB kept,
    // and chunks 2 and 3 follow.
    assert_eq!(fake.status_queries(), 2);
    assert_eq!(fake.count_requests("PUT /upload-session/"), 6);
}

/// The chunk that completes the upload is stored but its answer lost (a 503): asking for the
/// session's status returns the file, so no second copy is uploaded.
#[tokio::test]
async fn a_lost_final_answer_is_recovered_without_a_second_copy() {
    let bytes = payload(600 * 1024);
    let quirks = ResumableQuirks {
        lose_final_answer_next: true,
        ..ResumableQuirks::default()
    };
    let (fake, _) = upload_resumable_with(quirks, &bytes).await;
    assert_eq!(
        fake.count_requests("POST /upload/drive/v3/files?uploadType=resumable"),
        1
    );
    assert_eq!(fake.status_queries(), 1);
}

#[tokio::test]
async fn the_same_backup_id_is_uploaded_once() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    let first = client
        .upload(USER, &folder, "a.zip", b"same", "b-1", &Unwatched)
        .await
        .unwrap();
    let second = client
        .upload(USER, &folder, "a.zip", b"same", "b-1", &Unwatched)
        .await
        .unwrap();
    assert_eq!(first.id, second.id);
    let backups = fake
        .files()
        .into_iter()
        .filter(|f| f.name == "a.zip")
        .count();
    assert_eq!(backups, 1);
    assert_eq!(
        client
            .find_backup(USER, &folder, "b-1")
            .await
            .unwrap()
            .unwrap()
            .id,
        first.id
    );
    assert!(
        client
            .find_backup(USER, &folder, "b-2")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn server_errors_are_retried_and_leave_one_file() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    fake.fail_next(Route::Upload, 2, 503, None);
    let file = client
        .upload(USER, &folder, "r.zip", b"retry me", "b-r", &Unwatched)
        .await
        .unwrap();
    assert_eq!(fake.count_requests("POST /upload/drive/v3/files?"), 4); // folder + 503 + 503 + ok
    assert_eq!(fake.files().iter().filter(|f| f.name == "r.zip").count(), 1);
    assert_eq!(fake.file_bytes(&file.id).unwrap(), b"retry me");
}

/// A full Drive (403 `storageQuotaExceeded`) is its own error, told at once: the request
/// that hears it is not tried again, and nothing is made there.
#[tokio::test]
async fn a_full_drive_is_told_at_once_and_never_retried() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    fake.fill_after(Route::Upload, 0);
    let posts = || fake.count_requests("POST /upload/drive/v3/files?");
    let before = posts();
    let err = client
        .upload(USER, &folder, "f.zip", b"no room", "b-f", &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DriveError::StorageFull), "{err:?}");
    assert_eq!(posts() - before, 1, "one request, no retry");
    assert!(fake.files().iter().all(|f| f.name != "f.zip"));
    assert_eq!(
        err.to_string(),
        "Google Drive is full (storage quota exceeded)"
    );
}

/// A resumable upload into a full Drive stops where Google says so, at the session's start or
/// at a chunk, without a retry or a status query; a session it stopped is abandoned.
#[tokio::test]
async fn a_full_drive_stops_a_resumable_upload_at_its_start_or_at_a_chunk() {
    // (where Drive is full, requests let through first, chunks sent, sessions abandoned)
    for (route, skip, chunks, abandoned) in
        [(Route::Upload, 0, 0, 0), (Route::UploadChunk, 1, 2, 1)]
    {
        let (Setup { fake, client, .. }, folder) = connected_with(|s| {
            s.multipart_limit_bytes = 1024;
            s.resumable_chunk_bytes = 256 * 1024;
        })
        .await;
        fake.fill_after(route, skip);
        let err = client
            .upload(
                USER,
                &folder,
                "big.zip",
                &payload(600 * 1024),
                "b-big",
                &Unwatched,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, DriveError::StorageFull), "{route:?}: {err:?}");
        let starts = "POST /upload/drive/v3/files?uploadType=resumable";
        assert_eq!(fake.count_requests(starts), 1, "{route:?}");
        assert_eq!(
            fake.count_requests("PUT /upload-session/"),
            chunks,
            "{route:?}"
        );
        assert_eq!(fake.status_queries(), 0, "{route:?}");
        assert_eq!(fake.abandoned_sessions().len(), abandoned, "{route:?}");
        assert_eq!(fake.open_sessions(), 0, "{route:?}");
        assert!(fake.files().iter().all(|f| f.name != "big.zip"));
    }
}

#[tokio::test]
async fn too_many_server_errors_give_up() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    fake.fail_next(Route::List, 10, 500, None);
    let err = client
        .upload(USER, &folder, "x.zip", b"x", "b-x", &Unwatched)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DriveError::Http { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(fake.count_requests("GET /drive/v3/files?"), 1 + 4); // ensure_folder + 1 + 3 retries
}

#[tokio::test]
async fn rate_limit_honours_retry_after() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    fake.fail_next(Route::Upload, 1, 429, Some(1));
    let started = Instant::now();
    client
        .upload(USER, &folder, "slow.zip", b"slow", "b-s", &Unwatched)
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    fake.fail_next(Route::List, 10, 429, None);
    let err = client.list_bot_backups(USER, &folder).await.unwrap_err();
    assert!(matches!(err, DriveError::RateLimited), "{err:?}");
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once() {
    let (
        Setup {
            fake,
            client,
            vault,
        },
        folder,
    ) = connected().await;
    let before = vault.get(USER).unwrap();
    fake.expire_access_tokens();
    client
        .upload(USER, &folder, "t.zip", b"token", "b-t", &Unwatched)
        .await
        .unwrap();
    let after = vault.get(USER).unwrap();
    assert_ne!(
        before.access_token, after.access_token,
        "refreshed token saved"
    );
    assert_eq!(
        before.refresh_token, after.refresh_token,
        "refresh token kept"
    );
    assert_eq!(fake.count_requests("POST /token"), 1);
}

#[tokio::test]
async fn a_stored_expiry_in_the_past_refreshes_before_calling_drive() {
    let (
        Setup {
            fake,
            client,
            vault,
        },
        folder,
    ) = connected().await;
    let mut token = vault.get(USER).unwrap();
    token.expires_at = Some(chrono::Utc::now() - chrono::TimeDelta::minutes(5));
    vault.save(USER, &token).await.unwrap();
    client.list_bot_backups(USER, &folder).await.unwrap();
    assert_eq!(fake.count_requests("POST /token"), 1);
    assert!(!fake.requests().iter().any(|r| r.contains("device/code")));
}

#[tokio::test]
async fn a_revoked_grant_is_reported_without_starting_a_new_flow() {
    let (
        Setup {
            fake,
            client,
            vault,
        },
        folder,
    ) = connected().await;
    let token = vault.get(USER).unwrap();
    fake.revoke_refresh_token(token.refresh_token.as_deref().unwrap());
    fake.expire_access_tokens();
    let err = client
        .upload(USER, &folder, "v.zip", b"v", "b-v", &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DriveError::Revoked), "{err:?}");
    assert_eq!(
        vault.get(USER),
        Some(token),
        "the vault is the app's to clear"
    );
    assert_eq!(fake.count_requests("POST /device/code"), 0);
}

#[tokio::test]
async fn not_connected_users_get_not_connected() {
    let Setup {
        fake: _fake,
        client,
        ..
    } = setup_with(|_| {}).await;
    let err = client
        .ensure_folder(USER, FOLDER_NAME, None)
        .await
        .unwrap_err();
    assert!(matches!(err, DriveError::NotConnected), "{err:?}");
}

#[tokio::test]
async fn a_checksum_mismatch_deletes_the_upload() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    fake.lie_about_next_md5();
    let err = client
        .upload(USER, &folder, "c.zip", b"check", "b-c", &Unwatched)
        .await
        .unwrap_err();
    assert!(matches!(err, DriveError::Checksum { .. }), "{err:?}");
    assert!(fake.files().iter().all(|f| f.name != "c.zip"));
}

#[tokio::test]
async fn the_folder_is_reused_found_or_recreated() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    let stored = fake.file(&folder).unwrap();
    assert_eq!(stored.mime_type, support::google::FOLDER_MIME);
    assert_eq!(stored.name, FOLDER_NAME);
    assert_eq!(stored.app_properties.get("codevault").unwrap(), "folder");

    assert_eq!(
        client
            .ensure_folder(USER, FOLDER_NAME, Some(&folder))
            .await
            .unwrap(),
        folder
    );
    // Lost id: found by name + appProperties instead of creating another.
    assert_eq!(
        client.ensure_folder(USER, FOLDER_NAME, None).await.unwrap(),
        folder
    );
    assert_eq!(
        client
            .ensure_folder(USER, FOLDER_NAME, Some("gone"))
            .await
            .unwrap(),
        folder
    );

    fake.trash(&folder);
    let recreated = client
        .ensure_folder(USER, FOLDER_NAME, Some(&folder))
        .await
        .unwrap();
    assert_ne!(recreated, folder);
    assert!(!fake.file(&recreated).unwrap().trashed);
    let folders = fake
        .files()
        .into_iter()
        .filter(|f| f.mime_type == support::google::FOLDER_MIME);
    assert_eq!(folders.count(), 2);
}

#[tokio::test]
async fn listing_and_deleting_touch_only_bot_backups() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    let old = client
        .upload(USER, &folder, "old.zip", b"1", "b-old", &Unwatched)
        .await
        .unwrap();
    let new = client
        .upload(USER, &folder, "new.zip", b"2", "b-new", &Unwatched)
        .await
        .unwrap();
    let mine = fake.add_user_file("notes.txt", &folder, &[]);
    let lookalike = fake.add_user_file("other.zip", &folder, &[("codevault_backup_id", "b-x")]);
    let trashed = client
        .upload(USER, &folder, "gone.zip", b"3", "b-gone", &Unwatched)
        .await
        .unwrap();
    fake.trash(&trashed.id);

    let listed = client.list_bot_backups(USER, &folder).await.unwrap();
    let ids: Vec<_> = listed.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [new.id.as_str(), old.id.as_str()],
        "newest first, bot files only"
    );
    assert!(listed.iter().all(|f| f.created_time.is_some()));

    client.delete(USER, &old.id).await.unwrap();
    client.delete(USER, &old.id).await.unwrap(); // already gone counts as deleted
    assert!(fake.file(&old.id).is_none());
    assert!(fake.file(&mine).is_some());
    assert!(fake.file(&lookalike).is_some());
    assert_eq!(
        client.list_bot_backups(USER, &folder).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn listing_follows_pages() {
    let (Setup { fake, client, .. }, folder) = connected().await;
    for i in 0..105 {
        client
            .upload(
                USER,
                &folder,
                &format!("{i}.zip"),
                b"p",
                &format!("b-{i}"),
                &Unwatched,
            )
            .await
            .unwrap();
    }
    assert_eq!(
        client.list_bot_backups(USER, &folder).await.unwrap().len(),
        105
    );
    assert!(fake.requests().iter().any(|r| r.contains("pageToken=100")));
}

#[tokio::test]
async fn disconnect_revokes_and_clears_even_if_revoke_fails() {
    let (
        Setup {
            fake,
            client,
            vault,
        },
        _,
    ) = connected().await;
    let token = vault.get(USER).unwrap();
    let refresh = token.refresh_token.clone().unwrap();
    assert_eq!(
        client.disconnect(USER).await.unwrap(),
        Revocation::Confirmed
    );
    assert_eq!(fake.revocations(), vec![refresh.clone()]);
    assert!(!fake.is_refresh_token_valid(&refresh));
    assert!(vault.get(USER).is_none());

    // A passing 503 is retried, and the revocation goes through.
    vault.save(USER, &fake.grant()).await.unwrap();
    fake.fail_next(Route::Revoke, 1, 503, None);
    let before = fake.count_requests("POST /revoke");
    assert_eq!(
        client.disconnect(USER).await.unwrap(),
        Revocation::Confirmed
    );
    assert_eq!(fake.count_requests("POST /revoke"), before + 2);
    assert_eq!(fake.revocations().len(), 2);
    assert!(vault.get(USER).is_none());

    // Google keeps failing: a few tries, then "not confirmed"; the tokens are forgotten anyway.
    let grant = fake.grant();
    vault.save(USER, &grant).await.unwrap();
    fake.fail_next(Route::Revoke, 10, 503, None);
    let before = fake.count_requests("POST /revoke");
    assert_eq!(
        client.disconnect(USER).await.unwrap(),
        Revocation::Unconfirmed
    );
    assert_eq!(fake.count_requests("POST /revoke"), before + 3);
    assert!(fake.is_refresh_token_valid(grant.refresh_token.as_deref().unwrap()));
    assert!(vault.get(USER).is_none());
    fake.heal();

    // A grant Google no longer knows (the user removed it there) counts as revoked, untried.
    let grant = fake.grant();
    vault.save(USER, &grant).await.unwrap();
    let gone = grant.refresh_token.clone().unwrap();
    fake.forget_token(&gone);
    let before = fake.count_requests("POST /revoke");
    assert_eq!(
        client.disconnect(USER).await.unwrap(),
        Revocation::Confirmed
    );
    assert_eq!(fake.count_requests("POST /revoke"), before + 1);
    assert!(vault.get(USER).is_none());
}

#[tokio::test]
async fn no_token_text_in_any_error() {
    let (
        Setup {
            fake,
            client,
            vault,
        },
        folder,
    ) = connected().await;
    let token = vault.get(USER).unwrap();
    let mut errors = Vec::new();

    // 1 + max_retries (3) attempts each: nothing stays armed for the next call.
    fake.fail_next(Route::List, 4, 503, None);
    errors.push(client.list_bot_backups(USER, &folder).await.unwrap_err());
    fake.fail_next(Route::List, 4, 429, Some(0));
    errors.push(client.list_bot_backups(USER, &folder).await.unwrap_err());
    fake.lie_about_next_md5();
    errors.push(
        client
            .upload(USER, &folder, "e.zip", b"e", "b-e", &Unwatched)
            .await
            .unwrap_err(),
    );
    // One refresh per attempt: the first try and max_retries (3) retries all get a 500.
    fake.fail_next(Route::Token, 4, 500, None);
    fake.expire_access_tokens();
    errors.push(client.list_bot_backups(USER, &folder).await.unwrap_err());
    assert!(matches!(
        errors.last(),
        Some(DriveError::Http { status: 500, .. })
    ));
    assert_eq!(fake.count_requests("POST /token"), 4);
    fake.revoke_refresh_token(token.refresh_token.as_deref().unwrap());
    errors.push(client.list_bot_backups(USER, &folder).await.unwrap_err());
    assert!(matches!(errors.last(), Some(DriveError::Revoked)));

    let secrets = [
        token.access_token.as_str(),
        token.refresh_token.as_deref().unwrap(),
        "ya29.",
        "1//",
        support::google::CLIENT_SECRET,
    ];
    for err in &errors {
        let shown = format!("{err} / {err:?}");
        for secret in secrets {
            assert!(!shown.contains(secret), "{shown} contains {secret}");
        }
    }
}
