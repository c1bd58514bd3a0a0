//! 🔎 Search: the user's current files a typed query finds, favourites first, then newest
//! first, a page at a time.

use super::{Library, LibraryError, LibraryResult};
use crate::domain::{
    UserId,
    paging::{self, Page},
    search::{Found, SearchQuery},
};

impl Library {
    /// Page `page` of what `text` finds in the user's library; a query that cannot be read
    /// says why (`LibraryError::BadQuery`).
    pub async fn search(&self, user: UserId, text: &str, page: u32) -> LibraryResult<Page<Found>> {
        let query = SearchQuery::parse(text).map_err(LibraryError::BadQuery)?;
        let found = self.files.search(user, &query).await?;
        let found = self.favourites_first(user, found).await?;
        Ok(page_of(found, page, self.limits.page_size))
    }
}

/// Page `page` (clamped to the last) of `all`, `size` to a page.
fn page_of<T>(all: Vec<T>, page: u32, size: u32) -> Page<T> {
    let total = u64::try_from(all.len()).unwrap_or(u64::MAX);
    let number = paging::clamp(page, size, total);
    let skip = usize::try_from(paging::offset(number, size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(usize::MAX);
    Page {
        items: all.into_iter().skip(skip).take(take).collect(),
        number,
        size,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_cut_and_a_page_past_the_end_is_the_last() {
        let all: Vec<u32> = (0..25).collect();
        let first = page_of(all.clone(), 0, 10);
        assert_eq!((first.items, first.total), ((0..10).collect(), 25));
        let last = page_of(all.clone(), 2, 10);
        assert_eq!(last.items, (20..25).collect::<Vec<_>>());
        let forged = page_of(all, u32::MAX, 10);
        assert_eq!((forged.number, forged.items.len()), (2, 5));
        let none = page_of(Vec::<u32>::new(), 3, 10);
        assert_eq!((none.number, none.total, none.items.len()), (0, 0, 0));
    }
}
