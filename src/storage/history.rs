//! A library with its history, streamed: every current file, each followed by its earlier
//! versions a page at a time, so a backup with history holds one page of versions in memory,
//! never a file's (or a library's) whole history. Built on two methods every store has.

use std::sync::Arc;

use futures::{StreamExt, TryStreamExt, stream::BoxStream};

use super::{FileStore, StoreError, StoreResult};
use crate::domain::{CodeFile, UserId};

/// Earlier versions read per page: a version may be megabytes.
const PAGE: u32 = 16;

/// Every current, active file of the user by name (as [`FileStore::stream_current`]), each
/// followed by its earlier versions, newest first.
pub async fn stream_history(
    files: Arc<dyn FileStore>,
    user: UserId,
) -> StoreResult<BoxStream<'static, StoreResult<CodeFile>>> {
    let current = files.stream_current(user).await?;
    Ok(current
        .map_ok(move |file| with_versions(files.clone(), file))
        .try_flatten()
        .boxed())
}

/// `file`, then its versions below it. A file at version 1 has none, and costs no query.
fn with_versions(
    files: Arc<dyn FileStore>,
    file: CodeFile,
) -> BoxStream<'static, StoreResult<CodeFile>> {
    let (user, key, below) = (file.user_id, file.key.clone(), file.version);
    let pages = futures::stream::try_unfold(Some(below), move |below| {
        let (files, key) = (files.clone(), key.clone());
        async move {
            let Some(below) = below.filter(|below| *below > 1) else {
                return Ok::<_, StoreError>(None);
            };
            let page = files.older_versions(user, &key, below, PAGE).await?;
            let next = match page.last() {
                Some(last) if page.len() == PAGE as usize => Some(last.version),
                _ => None,
            };
            Ok(if page.is_empty() {
                None
            } else {
                Some((futures::stream::iter(page.into_iter().map(Ok)), next))
            })
        }
    });
    futures::stream::once(async { Ok(file) })
        .chain(pages.try_flatten())
        .boxed()
}
