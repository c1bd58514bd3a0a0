//! Code that arrives in pieces. Telegram clients cut a paste longer than one message holds
//! (4,096 UTF-16 units) into messages sent back to back; joined exactly, they are the paste
//! again. In `/long` mode the user also sends pieces by hand, each a block of lines.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// A message at least this long (in UTF-16 units, as Telegram counts) may be a piece a client
/// cut from a longer paste: clients cut at a line or word boundary short of the 4,096 limit.
pub const CUT_PIECE_MIN_UNITS: usize = 3_072;

/// How long after a cut piece, by Telegram's dates (whole seconds), the next message is still
/// its continuation: a client sends the pieces at once, and nobody types a name that fast.
pub const NEXT_PIECE_WITHIN: TimeDelta = TimeDelta::seconds(3);

/// How a text was put together from the messages it arrived in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pieces {
    /// Messages joined so far.
    pub count: u32,
    /// While the last message may have been cut from a longer paste: a message dated up to
    /// then continues it.
    pub open_until: Option<DateTime<Utc>>,
}

impl Pieces {
    /// Whether a message sent at `sent_at` is the next piece of a paste Telegram cut.
    pub fn continued_by(&self, sent_at: DateTime<Utc>) -> bool {
        self.open_until.is_some_and(|until| sent_at <= until)
    }

    /// Adds the message `text`, sent at `sent_at`, to `code`: exactly as it is when it
    /// continues a cut piece (the cut may fall anywhere, even inside a line), otherwise on a
    /// line of its own (Telegram drops the line break that ended a message sent by hand).
    pub fn push(&mut self, code: &mut String, text: &str, sent_at: DateTime<Utc>) {
        let continues = self.continued_by(sent_at);
        if self.count > 0 && !continues && !code.is_empty() && !code.ends_with('\n') {
            code.push('\n');
        }
        code.push_str(text);
        self.count = self.count.saturating_add(1);
        self.open_until = may_be_cut(text).then(|| sent_at + NEXT_PIECE_WITHIN);
    }

    /// The pieces of a text that arrived as the one message `text`.
    pub fn single(text: &str, sent_at: DateTime<Utc>) -> Self {
        let mut pieces = Self::default();
        pieces.push(&mut String::new(), text, sent_at);
        pieces
    }
}

fn may_be_cut(text: &str) -> bool {
    text.encode_utf16().count() >= CUT_PIECE_MIN_UNITS
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(second: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + second, 0).unwrap()
    }

    /// `original` cut after each of `cuts` (byte offsets), the pieces sent `gap` seconds apart.
    fn joined(original: &str, cuts: &[usize], gap: i64) -> (String, Pieces) {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(original.len());
        let (mut code, mut pieces) = (String::new(), Pieces::default());
        for (index, window) in bounds.windows(2).enumerate() {
            let second = i64::try_from(index).unwrap() * gap;
            pieces.push(&mut code, &original[window[0]..window[1]], at(second));
        }
        (code, pieces)
    }

    fn long_code(lines: usize) -> String {
        (0..lines)
            .map(|i| format!("    value_{i} = compute({i}, \"שלום\")  # ✓ step {i}\n"))
            .collect()
    }

    fn units(text: &str) -> usize {
        text.encode_utf16().count()
    }

    #[test]
    fn pieces_cut_anywhere_join_back_exactly() {
        let original = long_code(180);
        // Right after a ✓ (inside a line, next to a 3-byte character), then inside "שלום".
        let first = original[..4_000].rfind('✓').unwrap() + '✓'.len_utf8();
        let from = first + 3_900;
        let second = from + original[from..].find("שלום").unwrap() + "של".len();
        for piece in [&original[..first], &original[first..second]] {
            assert!((CUT_PIECE_MIN_UNITS..=4_096).contains(&units(piece)));
        }
        let (code, pieces) = joined(&original, &[first, second], 1);
        assert_eq!(code, original);
        assert_eq!(pieces.count, 3);
    }

    #[test]
    fn five_pieces_a_second_apart_are_one_paste() {
        let original = long_code(340);
        let cuts: Vec<usize> = (1..5)
            .map(|i| original.floor_char_boundary(i * original.len() / 5))
            .collect();
        let first_four = cuts.windows(2).map(|w| &original[w[0]..w[1]]);
        assert!(
            first_four
                .chain([&original[..cuts[0]]])
                .all(|p| units(p) >= CUT_PIECE_MIN_UNITS)
        );
        let (code, pieces) = joined(&original, &cuts, 1);
        assert_eq!(code, original);
        assert_eq!(pieces.count, 5);
        assert_eq!(pieces.open_until, Some(at(4) + NEXT_PIECE_WITHIN));
    }

    #[test]
    fn a_message_after_a_short_one_or_too_late_is_not_a_continuation() {
        let short = Pieces::single("print(1)", at(0));
        assert!(!short.continued_by(at(0)), "a short message was not cut");
        let cut = Pieces::single(&"x".repeat(CUT_PIECE_MIN_UNITS), at(0));
        assert!(cut.continued_by(at(3)));
        assert!(!cut.continued_by(at(4)), "a name typed later is a name");
    }

    #[test]
    fn the_limit_counts_utf16_units_as_telegram_does() {
        // 1,536 emoji are 3,072 UTF-16 units: a full piece, though only 1,536 characters.
        assert!(
            Pieces::single(&"😀".repeat(1_536), at(0))
                .open_until
                .is_some()
        );
        assert!(
            Pieces::single(&"😀".repeat(1_535), at(0))
                .open_until
                .is_none()
        );
    }

    #[test]
    fn pieces_sent_by_hand_go_on_lines_of_their_own() {
        let (mut code, mut pieces) = (String::new(), Pieces::default());
        pieces.push(&mut code, "fn a() {}", at(0));
        pieces.push(&mut code, "fn b() {}", at(1));
        pieces.push(&mut code, "fn c() {}\n", at(30));
        pieces.push(&mut code, "fn d() {}", at(60));
        assert_eq!(code, "fn a() {}\nfn b() {}\nfn c() {}\nfn d() {}");
        assert_eq!(pieces.count, 4);
    }
}
