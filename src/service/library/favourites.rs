//! ⭐ Favourites: files the user marked, listed on their own and first in search results.

use std::collections::HashSet;

use super::{Library, LibraryResult, read_page};
use crate::domain::{CodeFile, FileSummary, Id, UserId, paging::Page, search::Found};

impl Library {
    /// Marks the user's file a favourite, or not; answers the file.
    pub async fn set_favourite(
        &self,
        user: UserId,
        key: &Id,
        favourite: bool,
    ) -> LibraryResult<CodeFile> {
        let file = self.open(user, key).await?;
        self.files.set_favourite(user, key, favourite).await?;
        Ok(file)
    }

    pub async fn is_favourite(&self, user: UserId, key: &Id) -> LibraryResult<bool> {
        Ok(self.files.favourites(user).await?.contains(key))
    }

    /// A page of the user's favourite files, newest first.
    pub async fn favourites(&self, user: UserId, page: u32) -> LibraryResult<Page<FileSummary>> {
        let read = |skip, limit| self.files.list_favourites(user, skip, limit);
        Ok(read_page(page, self.limits.page_size, read).await?)
    }

    /// `found` with the user's favourites marked and moved first (each group keeps its order).
    pub(super) async fn favourites_first(
        &self,
        user: UserId,
        mut found: Vec<Found>,
    ) -> LibraryResult<Vec<Found>> {
        let favourites: HashSet<Id> = self.files.favourites(user).await?.into_iter().collect();
        for item in &mut found {
            item.favourite = favourites.contains(&item.file.key);
        }
        found.sort_by_key(|item| !item.favourite);
        Ok(found)
    }
}
