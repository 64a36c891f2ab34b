//! Hits sorted by a column, as the grid sorts a page (`crate::hits::sort_key`): numbers by
//! value, severities by level, text ignoring case, missing values last either way, ties in load
//! order. Each form of column is sorted by the cheapest key that gives that order, so a sort
//! never holds more than 12 bytes a hit beside the rows.

use super::{
    column::{Column, Kind},
    radix::{self, Radix},
    store::Store,
};
use crate::hits::{compare_keys, is_severity_column, sort_key};
use std::{
    borrow::Cow,
    cmp::{Ordering, Reverse},
    collections::BinaryHeap,
};

impl Store {
    /// Sorts `rows` by `field` (see the module's order); an unknown field leaves them as they are.
    pub fn sort(&self, rows: &mut [u32], field: &str, descending: bool) {
        let Some(column) = self.column(field) else {
            return;
        };
        if column.is_ints() {
            sort_ints(column, rows, descending);
        } else if let Some((distinct, code_of)) = column.codes() {
            // Each distinct value's place in the order, found once.
            let mut keys: Vec<(u32, (u8, f64, String))> = (0..=distinct as u32)
                .map(|c| {
                    let (kind, text) = column.entry(c).unwrap_or((Kind::Missing, ""));
                    (c, sort_key(field, kind.value(text).as_ref()))
                })
                .collect();
            let compare =
                |a: &(u8, f64, String), b: &(u8, f64, String)| compare_keys(a, b, descending);
            keys.sort_by(|a, b| compare(&a.1, &b.1));
            let mut rank = vec![0u32; distinct + 1];
            let mut place = 0;
            for (i, (code, _)) in keys.iter().enumerate() {
                if i > 0 && compare(&keys[i - 1].1, &keys[i].1) != Ordering::Equal {
                    place += 1;
                }
                rank[*code as usize] = place;
            }
            let mut keys: Vec<u64> = rows
                .iter()
                .map(|&r| u64::from(rank[code_of(r as usize) as usize]) << 32 | u64::from(r))
                .collect();
            radix::sort(&mut keys);
            for (slot, k) in rows.iter_mut().zip(keys) {
                *slot = k as u32;
            }
        } else {
            sort_texts(column, rows, is_severity_column(field), descending);
        }
    }
}

/// Whole numbers by value (as the grid compares them, in f64), missing and null last either
/// way, ties in load order.
fn sort_ints(column: &Column, rows: &mut [u32], descending: bool) {
    let mut keys: Vec<Key> = rows
        .iter()
        .map(|&r| match column.int(r as usize).flatten() {
            Some(v) => Key::ranked(0, ordered(v as f64), r, descending),
            None => Key::ranked(2, 0, r, descending),
        })
        .collect();
    radix::sort(&mut keys);
    for (slot, k) in rows.iter_mut().zip(keys) {
        *slot = k.row();
    }
}

/// A row's place in a sort, in 12 bytes: 2 bits of class (the rank, in the order asked for),
/// 30 of row (a store holds far fewer than 2^30 hits: it would take tens of gigabytes), then
/// 64 bits of value. Keys order by class, value, then row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key([u32; 3]);

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Radix for Key {
    /// The class, eight bytes of value, then four of row (its top two bits are the class's).
    const BYTES: usize = 13;
    fn byte(self, at: usize) -> u8 {
        match at {
            0 => self.class() as u8,
            1..=4 => (self.0[1] >> (32 - 8 * at)) as u8,
            5..=8 => (self.0[2] >> (64 - 8 * at)) as u8,
            _ => (self.row() >> (96 - 8 * at)) as u8,
        }
    }
}

const ROW_MASK: u32 = (1 << 30) - 1;

impl Key {
    fn new(class: u32, value: u64, row: u32) -> Self {
        debug_assert!(row <= ROW_MASK && class < 4);
        Self([class << 30 | row, (value >> 32) as u32, value as u32])
    }

    /// A value of rank 0 (a number), 1 (text) or 2 (missing), in the order asked for:
    /// descending reverses values and the two ranks with values; missing values stay last.
    fn ranked(rank: u8, value: u64, row: u32, descending: bool) -> Self {
        match (rank, descending) {
            (2, _) => Self::new(2, 0, row),
            (r, false) => Self::new(u32::from(r), value, row),
            (r, true) => Self::new(u32::from(1 - r), !value, row),
        }
    }

    fn class(self) -> u32 {
        self.0[0] >> 30
    }

    fn row(self) -> u32 {
        self.0[0] & ROW_MASK
    }

    fn value(self) -> u64 {
        u64::from(self.0[1]) << 32 | u64::from(self.0[2])
    }

    /// What keys are sorted by.
    fn order(self) -> (u32, u64, u32) {
        (self.class(), self.value(), self.row())
    }

    /// Whether two keys are equal but for the row.
    fn ties(self, other: Self) -> bool {
        self.class() == other.class() && self.value() == other.value()
    }

    /// Whether the text in this key's value goes on past it.
    fn goes_on(self, descending: bool) -> bool {
        let len = self.value() & 0xff;
        let len = if descending { 0xff - len } else { len };
        len == TEXT as u64 + 1
    }
}

/// A number as bits that compare as unsigned in its order (-0 equals 0 in the grid's order).
fn ordered(number: f64) -> u64 {
    let bits = (number + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// A value's place in the order, as [`sort_key`] gives it: rank, number, and text with
/// whether its ASCII letters are still to be lower-cased (text that is all ASCII is not copied
/// to be lower-cased; other text is, as `to_lowercase` can change its length).
fn text_key(severity: bool, kind: Kind, text: &str) -> (u8, f64, Cow<'_, str>, bool) {
    fn lower(t: &str) -> (Cow<'_, str>, bool) {
        if t.is_ascii() {
            (Cow::Borrowed(t), true)
        } else {
            (Cow::Owned(t.to_lowercase()), false)
        }
    }
    match kind {
        Kind::String if severity => {
            let level = crate::hits::Severity::parse(text) as u8 as f64;
            let (text, fold) = lower(text);
            (0, level, text, fold)
        }
        Kind::String => match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => (0, n, Cow::Borrowed(""), false),
            _ => {
                let (text, fold) = lower(text);
                (1, 0.0, text, fold)
            }
        },
        Kind::Missing | Kind::Null => (2, 0.0, Cow::Borrowed(""), false),
        Kind::Number => (0, text.parse().unwrap_or(0.0), Cow::Borrowed(""), false),
        // A boolean, an object or a list: its JSON text as it is.
        Kind::Bool | Kind::Json => (1, 0.0, Cow::Borrowed(text), false),
    }
}

/// Text bytes a key holds (the eighth byte says how much is left).
const TEXT: usize = 7;

/// [`TEXT`] bytes of `text` from `from` (zero when it has ended; ASCII letters lower-cased
/// when `fold`), then a byte for how much of it is left (at most `TEXT + 1`: "more follows").
/// Two texts compare as these do, chunk after chunk: where the bytes are equal, the one that
/// ends first is the smaller.
fn chunk(text: &[u8], fold: bool, from: usize) -> u64 {
    let rest = text.get(from..).unwrap_or_default();
    let mut bits = 0u64;
    for i in 0..TEXT {
        let b = rest.get(i).copied().unwrap_or(0);
        bits = bits << 8 | u64::from(if fold { b.to_ascii_lowercase() } else { b });
    }
    bits << 8 | rest.len().min(TEXT + 1) as u64
}

/// The key a text column is first sorted by: the rank, then the number or the first bytes of
/// text from `from` (bytes before it every text shares). Keys that tie on all but the row are
/// told apart by [`more_key`] where their text goes on (a severity's text always may: its
/// number is its level).
fn first_key(key: (u8, f64, Cow<str>, bool), from: usize, row: u32, descending: bool) -> Key {
    let (rank, number, text, fold) = key;
    let value = match rank {
        0 => ordered(number),
        1 => chunk(text.as_bytes(), fold, from),
        _ => 0,
    };
    Key::ranked(rank, value, row, descending)
}

/// The key for a value's text from byte `from` on, among keys that tied before it.
fn more_key(key: (u8, f64, Cow<str>, bool), from: usize, row: u32, descending: bool) -> Key {
    let (_, _, text, fold) = key;
    let value = chunk(text.as_bytes(), fold, from);
    Key::new(0, if descending { !value } else { value }, row)
}

/// Mostly different text (ids, messages): every row's first key from one pass over the
/// column, sorted; rows tying on that and whose text goes on are sorted again by the next
/// bytes, and so on, reading only their values. The prefix every text shares is skipped.
fn sort_texts(column: &Column, rows: &mut [u32], severity: bool, descending: bool) {
    let shared = column.shared_prefix();
    let mut keys: Vec<Key> = Vec::with_capacity(rows.len());
    let key = |row: usize, kind: Kind, text: &str| {
        first_key(
            text_key(severity, kind, text),
            shared,
            row as u32,
            descending,
        )
    };
    if rows.is_sorted() {
        let mut next = rows.iter().peekable();
        column.for_each(|row, kind, text| {
            if next.next_if(|&&r| r as usize == row).is_some() {
                keys.push(key(row, kind, text));
            }
        });
    } else {
        let mut buf = String::new();
        for &r in rows.iter() {
            let (kind, text) = column.get(r as usize, &mut buf);
            keys.push(key(r as usize, kind, text));
        }
    }
    radix::sort(&mut keys);
    // Runs of keys equal but for the row, with where their text goes on from.
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let numbers = if descending { 1 } else { 0 };
    runs(&keys, 0, |start, end| match keys[start].class() {
        c if c == numbers && severity => pending.push((start, end, shared)),
        c if c == 1 - numbers && keys[start].goes_on(descending) => {
            pending.push((start, end, shared + TEXT))
        }
        _ => {}
    });
    let mut buf = String::new();
    // Runs are read again a round at a time: all of a round's rows in one pass over the column
    // once they are more than an eighth of it (reading a value alone decodes up to 16).
    while !pending.is_empty() {
        let round = std::mem::take(&mut pending);
        let mut alike: Vec<Alike> = round.iter().map(|(s, e, _)| Alike::new(e - s)).collect();
        let more = |row: usize, kind, text: &str, from, alike: &mut Alike| {
            let key = text_key(severity, kind, text);
            alike.note(key.2.as_bytes(), from);
            more_key(key, from, row as u32, descending)
        };
        if round.iter().map(|(s, e, _)| e - s).sum::<usize>() * 8 > column.len() {
            // Each run in load order, read by a merge of their next rows.
            let mut next: BinaryHeap<Reverse<(u32, usize)>> = BinaryHeap::new();
            let mut at: Vec<usize> = Vec::with_capacity(round.len());
            for (i, &(start, end, _)) in round.iter().enumerate() {
                keys[start..end].sort_unstable_by_key(|k| k.row());
                next.push(Reverse((keys[start].row(), i)));
                at.push(start);
            }
            column.for_each(|row, kind, text| {
                while let Some(&Reverse((r, i))) = next.peek() {
                    if r as usize != row {
                        break;
                    }
                    next.pop();
                    let (_, end, from) = round[i];
                    keys[at[i]] = more(row, kind, text, from, &mut alike[i]);
                    at[i] += 1;
                    if at[i] < end {
                        next.push(Reverse((keys[at[i]].row(), i)));
                    }
                }
            });
        } else {
            for (&(start, end, from), alike) in round.iter().zip(&mut alike) {
                for k in &mut keys[start..end] {
                    let row = k.row() as usize;
                    let (kind, text) = column.get(row, &mut buf);
                    *k = more(row, kind, text, from, alike);
                }
            }
        }
        for (&(start, end, from), alike) in round.iter().zip(&alike) {
            // Texts alike past this key's bytes all tie on it: read again from where they
            // differ (the ids of one day share the 14 bytes after the first key's).
            if alike.len > TEXT {
                pending.push((start, end, from + alike.len));
                continue;
            }
            let run = &mut keys[start..end];
            radix::sort(run);
            runs(run, start, |s, e| {
                if run[s - start].goes_on(descending) {
                    pending.push((s, e, from + TEXT));
                }
            });
        }
    }
    for (slot, k) in rows.iter_mut().zip(keys) {
        *slot = k.row();
    }
}

/// How many bytes from a point on every text of a run read so far has alike (up to
/// [`ALIKE`]). Bytes alike are alike once folded too, so keys tie on them.
struct Alike {
    /// The run's first text from that point; none kept for a run too short to be worth it
    /// (pairs of ids that tie can be many).
    first: Option<Vec<u8>>,
    len: usize,
    kept: bool,
}

/// The most bytes of a run's texts compared to skip.
const ALIKE: usize = 64;

impl Alike {
    fn new(run: usize) -> Self {
        Self {
            first: None,
            len: 0,
            kept: run >= ALIKE,
        }
    }

    fn note(&mut self, text: &[u8], from: usize) {
        let rest = text.get(from..).unwrap_or_default();
        match &self.first {
            _ if !self.kept => {}
            None => {
                self.len = rest.len().min(ALIKE);
                self.first = Some(rest[..self.len].to_vec());
            }
            Some(first) => {
                self.len = first[..self.len]
                    .iter()
                    .zip(rest)
                    .take_while(|(a, b)| a == b)
                    .count();
            }
        }
    }
}

/// Calls `f(start, end)` (offset by `base`) for each run of two or more keys equal but for
/// the row.
fn runs(keys: &[Key], base: usize, mut f: impl FnMut(usize, usize)) {
    let mut start = 0;
    for i in 1..=keys.len() {
        if i == keys.len() || !keys[i].ties(keys[start]) {
            if i - start > 1 {
                f(base + start, base + i);
            }
            start = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn keys_sort_by_their_bytes_as_they_compare(
            keys in prop::collection::vec((0u32..3, 0u64..4, any::<u64>(), 0..=ROW_MASK), 0..2000),
        ) {
            // Values from a few, so that runs tie on them and the row decides.
            let mut keys: Vec<Key> = keys
                .into_iter()
                .map(|(class, few, any, row)| Key::new(class, if few < 3 { few << 40 } else { any }, row))
                .collect();
            let mut expected = keys.clone();
            expected.sort_unstable_by_key(|k| k.order());
            radix::sort(&mut keys);
            prop_assert_eq!(keys, expected);
        }
    }

    fn first(rank: u8, number: f64, text: &str, descending: bool) -> (u32, u64) {
        let k = first_key((rank, number, Cow::Borrowed(text), false), 0, 7, descending);
        (k.class(), k.value())
    }

    #[test]
    fn keys_order_as_the_grid_compares() {
        // Minus zero is zero; numbers by value, below text; missing last either way.
        assert_eq!(first(0, -0.0, "", false), first(0, 0.0, "", false));
        let ascending = [
            first(0, -3.5, "", false),
            first(0, 2.0, "", false),
            first(1, 0.0, "", false),
            first(1, 0.0, "ab", false),
            first(1, 0.0, "ab\0", false),
            first(1, 0.0, "abc", false),
            first(2, 0.0, "", false),
        ];
        assert!(ascending.is_sorted(), "{ascending:x?}");
        let descending = [
            first(1, 0.0, "abc", true),
            first(1, 0.0, "ab\0", true),
            first(1, 0.0, "ab", true),
            first(1, 0.0, "", true),
            first(0, 2.0, "", true),
            first(0, -3.5, "", true),
            first(2, 0.0, "", true),
        ];
        assert!(descending.is_sorted(), "{descending:x?}");
    }

    #[test]
    fn a_key_holds_its_row_and_says_whether_its_text_goes_on() {
        let seven = "0123456";
        for descending in [false, true] {
            let text = |t: &str| (1, 0.0, Cow::Owned(t.to_owned()), false);
            let key = |t: &str| first_key(text(t), 0, ROW_MASK, descending);
            assert_eq!(key(seven).row(), ROW_MASK);
            assert!(!key(seven).goes_on(descending));
            assert!(key(&format!("{seven}x")).goes_on(descending));
            let more = more_key(text(&format!("{seven}{seven}{seven}")), 7, 3, descending);
            assert!(more.goes_on(descending) && more.row() == 3);
            let last = more_key(text(&format!("{seven}{seven}")), 7, 3, descending);
            assert!(!last.goes_on(descending));
        }
    }
}
