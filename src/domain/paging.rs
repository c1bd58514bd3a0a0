/// A zero-based page of a list, with the total it was cut from.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub number: u32,
    pub size: u32,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u32 {
        let pages = self.total.div_ceil(u64::from(self.size.max(1)));
        u32::try_from(pages).unwrap_or(u32::MAX).max(1)
    }

    pub fn has_previous(&self) -> bool {
        self.number > 0
    }

    pub fn has_next(&self) -> bool {
        self.number + 1 < self.page_count()
    }
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
        assert!(page(1, 11).has_previous());
        assert!(!page(1, 11).has_next());
        assert_eq!(offset(3, 10), 30);
    }
}
