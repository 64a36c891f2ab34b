//! How wide a cell's text is, without laying it out.
//!
//! A grid cell that clips its overflow costs the browser a clip of its own in every frame that
//! paints it, and a grid has a thousand cells in view.
//! Knowing the advance width of the characters most log values are made of (measured once, in
//! the browser, at the grid's font), a cell can tell whether its text fits: most do and need no
//! clip; the rest are cut here, with an ellipsis, to a prefix that fits. Text with a character
//! outside the table (most of the world's scripts, emoji) is left to a clipping cell.

/// The first and last character of the measured ASCII range.
const FIRST: char = ' ';
const LAST: char = '~';
const ELLIPSIS: char = '…';
/// Characters besides ASCII the grid writes itself: the missing-value dash and the ellipsis.
const EXTRA: [char; 2] = ['—', ELLIPSIS];
const ELLIPSIS_AT: usize = 1;
const _: () = assert!(EXTRA[ELLIPSIS_AT] == ELLIPSIS);

/// Advance widths (CSS pixels) of printable ASCII, the dash and the ellipsis at one font.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyphs {
    ascii: Vec<f32>,
    extra: [f32; EXTRA.len()],
}

/// How a text fits a width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The whole text fits.
    Whole,
    /// The text up to this byte offset, followed by an ellipsis, fits; the whole text does not.
    Cut(usize),
    /// The text has a character the table does not know, and may not fit; or not even the
    /// ellipsis fits.
    Unknown,
}

impl Glyphs {
    /// Measures every character with `advance`. Digits are all given the widest digit's
    /// width, so a run of digits is never narrower here than in a cell with tabular figures.
    pub fn measure(advance: impl Fn(char) -> f32) -> Self {
        let mut ascii: Vec<f32> = (FIRST..=LAST).map(&advance).collect();
        let digits = usize::from(b'0' - FIRST as u8)..=usize::from(b'9' - FIRST as u8);
        let widest = ascii[digits.clone()].iter().copied().fold(0.0, f32::max);
        ascii[digits].fill(widest);
        Self {
            ascii,
            extra: EXTRA.map(advance),
        }
    }

    fn advance(&self, c: char) -> Option<f32> {
        if (FIRST..=LAST).contains(&c) {
            return self.ascii.get(c as usize - FIRST as usize).copied();
        }
        EXTRA.iter().position(|e| *e == c).map(|i| self.extra[i])
    }

    /// The text's width, if every character is in the table.
    pub fn width(&self, text: &str) -> Option<f32> {
        text.chars().map(|c| self.advance(c)).sum()
    }

    /// How `text` fits in `room` pixels.
    pub fn fit(&self, text: &str, room: f32) -> Fit {
        let ellipsis = self.extra[ELLIPSIS_AT];
        let mut used = 0.0;
        // The longest prefix that still leaves room for the ellipsis, if any does.
        let mut cut = None;
        for (i, c) in text.char_indices() {
            // Stops at the first character the table does not know: the text may or may not
            // fit from there on (text known to be too long has returned before).
            let Some(w) = self.advance(c) else {
                return Fit::Unknown;
            };
            if used + ellipsis <= room {
                cut = Some(i);
            }
            used += w;
            if used > room {
                return cut.map_or(Fit::Unknown, Fit::Cut);
            }
        }
        Fit::Whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 7 px wide, but `W` 12, digits 6 to 8 (made 8), the ellipsis 10.
    fn glyphs() -> Glyphs {
        Glyphs::measure(|c| match c {
            'W' => 12.0,
            '0'..='9' => 6.0 + (c as u32 % 3) as f32,
            '…' => 10.0,
            _ => 7.0,
        })
    }

    #[test]
    fn widths_add_the_advances_and_give_digits_the_widest_digit() {
        let g = glyphs();
        assert_eq!(g.width(""), Some(0.0));
        assert_eq!(g.width("abc"), Some(21.0));
        assert_eq!(g.width("W"), Some(12.0));
        assert_eq!(g.width("1111"), Some(32.0));
        assert_eq!(g.width("—"), Some(7.0));
        assert_eq!(g.width("é"), None);
        assert_eq!(g.width("a\u{1F600}"), None);
    }

    #[test]
    fn text_that_fits_is_whole_and_longer_text_is_cut_to_leave_room_for_the_ellipsis() {
        let g = glyphs();
        assert_eq!(g.fit("abcd", 28.0), Fit::Whole);
        assert_eq!(g.fit("", 0.0), Fit::Whole);
        // 5 × 7 = 35 > 28: "ab" (14) + "…" (10) = 24 fits, "abc" + "…" = 31 does not.
        assert_eq!(g.fit("abcde", 28.0), Fit::Cut(2));
        let text = "WWWWaaaa";
        match g.fit(text, 50.0) {
            Fit::Cut(at) => {
                let shown = g.width(&text[..at]).unwrap() + 10.0;
                assert!(shown <= 50.0, "{shown}");
                // One more character would not have fitted.
                let next = g.width(&text[..=at]).unwrap() + 10.0;
                assert!(next > 50.0, "{next}");
            }
            other => panic!("{other:?}"),
        }
        // Room for the ellipsis alone.
        assert_eq!(g.fit("abc", 12.0), Fit::Cut(0));
        // No room even for the ellipsis: the cell must clip.
        assert_eq!(g.fit("abc", 5.0), Fit::Unknown);
    }

    #[test]
    fn unknown_characters_are_left_to_a_clip_unless_the_text_was_already_too_long() {
        let g = glyphs();
        assert_eq!(g.fit("café", 100.0), Fit::Unknown);
        assert_eq!(g.fit("日本", 100.0), Fit::Unknown);
        // Too long before the unknown character: the cut is known.
        assert_eq!(g.fit("abcdefgh日本", 28.0), Fit::Cut(2));
        // Too long before an unknown character: cut before it.
        assert_eq!(g.fit("abcdefé", 20.0), Fit::Cut(1));
    }

    #[test]
    fn cuts_are_always_character_boundaries_and_fit() {
        let g = glyphs();
        for text in [
            "hello world",
            "WWW—WWW",
            "2026-11-28 23:47:13",
            "a b c d e f",
        ] {
            for room in 0..100 {
                let room = room as f32;
                match g.fit(text, room) {
                    Fit::Whole => assert!(g.width(text).unwrap() <= room),
                    Fit::Cut(at) => {
                        assert!(text.is_char_boundary(at));
                        assert!(g.width(text).unwrap() > room);
                        assert!(g.width(&text[..at]).unwrap() + 10.0 <= room);
                    }
                    // Only when not even the ellipsis fits.
                    Fit::Unknown => assert!(room < 10.0, "{text} is all known"),
                }
            }
        }
    }
}
