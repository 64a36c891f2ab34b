//! A column of whole numbers, four bytes a hit while they stay near the first.

use super::column::Kind;
use serde_json::Value;

/// Whole numbers (a time field's epoch milliseconds, ports, ids, byte counts) sent as numbers
/// or as their digits in text: each hit's as an offset from the first, four bytes while the
/// offsets fit, eight after.
#[derive(Debug)]
pub(super) struct Ints {
    pub(super) base: Option<i64>,
    pub(super) narrow: Vec<i32>,
    pub(super) wide: Option<Vec<i64>>,
    pub(super) as_text: Option<bool>,
    /// The least and the greatest number pushed.
    range: Option<(i64, i64)>,
}

const NO_INT: i32 = i32::MIN;

/// Each hit's whole number as an offset from a column's first.
#[derive(Clone, Copy)]
pub struct Offsets<'a>(&'a [i32]);

impl Offsets<'_> {
    /// Hit `row`'s offset (None: missing).
    #[inline]
    pub fn get(self, row: usize) -> Option<i32> {
        Some(self.0[row]).filter(|&d| d != NO_INT)
    }
}

impl Ints {
    pub(super) fn new(missing_rows: usize) -> Self {
        Self {
            base: None,
            narrow: vec![NO_INT; missing_rows],
            wide: None,
            as_text: None,
            range: None,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.wide.as_ref().map_or(self.narrow.len(), Vec::len)
    }

    /// The value as a whole number, if it is one this column can give back exactly.
    pub(super) fn read(&self, v: &Value) -> Option<(i64, bool)> {
        match v {
            Value::String(s) => self.read_str(s),
            // A JSON integer's digits are the digits of its value.
            Value::Number(n) => self.accepts(n.as_i64()?, false),
            _ => None,
        }
    }

    /// Text that is a whole number written the one way it is written back (no sign but a
    /// minus, no leading zeros), read without copying it.
    pub(super) fn read_str(&self, s: &str) -> Option<(i64, bool)> {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (!digits.starts_with('0') || s == "0");
        self.accepts(s.parse().ok().filter(|_| canonical)?, true)
    }

    /// Whether `n`, sent as text or not, can join the values held.
    fn accepts(&self, n: i64, text: bool) -> Option<(i64, bool)> {
        (self.as_text.is_none_or(|t| t == text) && n != i64::MIN).then_some((n, text))
    }

    /// Adds a value it can take (see [`Ints::read`]), or a missing one.
    pub(super) fn push(&mut self, v: Option<(i64, bool)>) {
        let Some((n, text)) = v else {
            match &mut self.wide {
                Some(w) => w.push(i64::MIN),
                None => self.narrow.push(NO_INT),
            }
            return;
        };
        self.as_text = Some(text);
        self.range = Some(self.range.map_or((n, n), |(lo, hi)| (lo.min(n), hi.max(n))));
        let base = *self.base.get_or_insert(n);
        let offset = n
            .checked_sub(base)
            .and_then(|d| i32::try_from(d).ok())
            .filter(|&d| d != NO_INT);
        match (&mut self.wide, offset) {
            (None, Some(d)) => self.narrow.push(d),
            (None, None) => {
                let mut wide: Vec<i64> = self
                    .narrow
                    .iter()
                    .map(|&d| {
                        if d == NO_INT {
                            i64::MIN
                        } else {
                            base + i64::from(d)
                        }
                    })
                    .collect();
                wide.push(n);
                self.narrow = Vec::new();
                self.wide = Some(wide);
            }
            (Some(w), _) => w.push(n),
        }
    }

    pub(super) fn get(&self, row: usize) -> Option<i64> {
        match &self.wide {
            Some(w) => Some(w[row]).filter(|&n| n != i64::MIN),
            None => match self.narrow[row] {
                NO_INT => None,
                d => Some(self.base? + i64::from(d)),
            },
        }
    }

    /// The least and the greatest number held, if any is.
    pub(super) fn range(&self) -> Option<(i64, i64)> {
        self.range
    }

    /// The first value and each hit's offset from it, while they fit in four bytes.
    pub(super) fn offsets(&self) -> Option<(i64, Offsets<'_>)> {
        if self.wide.is_some() {
            return None;
        }
        Some((self.base.unwrap_or(0), Offsets(&self.narrow)))
    }

    pub(super) fn kind(&self) -> Kind {
        if self.as_text == Some(false) {
            Kind::Number
        } else {
            Kind::String
        }
    }

    pub(super) fn reserve(&mut self, rows: usize) {
        match &mut self.wide {
            Some(w) => w.reserve_exact(rows),
            None => self.narrow.reserve_exact(rows),
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.narrow.capacity() * 4 + self.wide.as_ref().map_or(0, |w| w.capacity() * 8)
    }
}
