/// A zero-based page of a list, with the total it was cut from. Page numbers come from
/// callback data a client can forge, so all arithmetic on them saturates.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub number: u32,
    pub size: u32,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u32 {
        page_count(self.total, self.size)
    }

    /// The page's number as people count (1 for the first).
    pub fn ordinal(&self) -> u32 {
        self.number.saturating_add(1)
    }

    pub fn previous(&self) -> Option<u32> {
        self.number.checked_sub(1)
    }

    pub fn next(&self) -> Option<u32> {
        self.number
            .checked_add(1)
            .filter(|next| *next < self.page_count())
    }

    pub fn has_previous(&self) -> bool {
        self.previous().is_some()
    }

    pub fn has_next(&self) -> bool {
        self.next().is_some()
    }
}

/// How many pages `total` items fill, at least one (an empty list still shows a page).
pub fn page_count(total: u64, size: u32) -> u32 {
    let pages = total.div_ceil(u64::from(size.max(1)));
    u32::try_from(pages).unwrap_or(u32::MAX).max(1)
}

/// `page`, or the last page when `page` is past the end.
pub fn clamp(page: u32, size: u32, total: u64) -> u32 {
    page.min(page_count(total, size) - 1)
}

/// How many items to skip to reach `page`.
pub fn offset(page: u32, size: u32) -> u64 {
    u64::from(page) * u64::from(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: u32, total: u64) -> Page<()> {
        Page {
            items: vec![],
            number,
            size: 10,
            total,
        }
    }

    #[test]
    fn counts_pages_and_neighbours() {
        assert_eq!(page(0, 0).page_count(), 1);
        assert_eq!(page(0, 10).page_count(), 1);
        assert_eq!(page(0, 11).page_count(), 2);
        assert!(!page(0, 11).has_previous());
        assert!(page(0, 11).has_next());
        assert_eq!(page(0, 11).next(), Some(1));
        assert!(page(1, 11).has_previous());
        assert_eq!(page(1, 11).previous(), Some(0));
        assert!(!page(1, 11).has_next());
        assert_eq!(page(1, 11).ordinal(), 2);
        assert_eq!(offset(3, 10), 30);
    }

    #[test]
    fn the_largest_page_number_neither_overflows_nor_offers_more() {
        let last = page(u32::MAX, u64::MAX);
        assert_eq!(last.page_count(), u32::MAX);
        assert_eq!(last.ordinal(), u32::MAX);
        assert!(!last.has_next());
        assert_eq!(last.next(), None);
        assert_eq!(last.previous(), Some(u32::MAX - 1));
        assert!(!page(u32::MAX, 5).has_next());
        assert_eq!(
            offset(u32::MAX, u32::MAX),
            u64::from(u32::MAX) * u64::from(u32::MAX)
        );
    }

    #[test]
    fn a_page_past_the_end_is_the_last_page() {
        assert_eq!(clamp(u32::MAX, 10, 25), 2);
        assert_eq!(clamp(7, 10, 0), 0);
        assert_eq!(clamp(1, 10, 25), 1);
        assert_eq!(clamp(u32::MAX, 0, u64::MAX), u32::MAX - 1);
    }
}
