//! A field's summary across the matching hits: its distinct values and its top values, as
//! the field list shows them (`crate::hits::summarize` for one page), counted the cheapest way
//! each kind of column allows.

use super::{
    column::{Column, Kind},
    query::rows_set,
    radix::{self, Radix},
    store::Store,
};
use crate::hits::FieldSummary;
use std::{
    collections::HashMap,
    fmt::Write,
    hash::{DefaultHasher, Hash, Hasher},
};

/// The best `n` (text, count) pairs seen, as the field list orders them: by count, then by
/// text. Values are offered one at a time; only the few kept are ever copied.
struct TopN {
    n: usize,
    /// Best first.
    kept: Vec<(String, usize)>,
}

impl TopN {
    fn new(n: usize) -> Self {
        Self {
            n,
            kept: Vec::with_capacity(n + 1),
        }
    }

    /// Whether a value seen `count` times could be kept (its text then decides).
    fn admits(&self, count: usize) -> bool {
        self.n > 0 && (self.kept.len() < self.n || self.kept.last().is_some_and(|w| count >= w.1))
    }

    fn offer(&mut self, count: usize, text: &str) {
        if !self.admits(count) {
            return;
        }
        let at = self
            .kept
            .partition_point(|(t, c)| *c > count || (*c == count && t.as_str() <= text));
        if at < self.n {
            self.kept.insert(at, (text.to_owned(), count));
            self.kept.truncate(self.n);
        }
    }

    fn holds(&self, text: &str) -> bool {
        self.kept.iter().any(|(t, _)| t == text)
    }

    fn into_vec(self) -> Vec<(String, usize)> {
        self.kept
    }
}

impl Store {
    /// The top `top_n` values of `field` among `rows`, with the counts the field list shows.
    pub fn facet(&self, rows: &[u32], field: &str, top_n: usize) -> FieldSummary {
        let (top, distinct, missing) = match self.column(field) {
            None => (Vec::new(), 0, rows.len()),
            Some(column) => match column.codes() {
                Some((distinct, code_of)) => coded(column, rows, distinct, code_of, top_n),
                None if column.is_ints() => ints(column, rows, top_n),
                None => hashed(column, rows, top_n),
            },
        };
        FieldSummary::ranked(field, top, distinct, missing, rows.len(), top_n)
    }
}

/// A field's best values, how many different ones it has among `rows` and how many of them
/// have none.
type Counted = (Vec<(String, usize)>, usize, usize);

/// Values kept once each: counted by code, then each code's value offered once. A value is one
/// code but for text that is also another kind's (the string "5" and the number 5): those few
/// are counted by their text.
fn coded(
    column: &Column,
    rows: &[u32],
    codes: usize,
    code_of: impl Fn(usize) -> u32,
    top_n: usize,
) -> Counted {
    let mut per_code = vec![0usize; codes + 1];
    for &r in rows {
        per_code[code_of(r as usize) as usize] += 1;
    }
    let mut missing = per_code[0];
    let seen = || {
        per_code
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, &n)| n > 0)
            .filter_map(|(code, &n)| Some((column.entry(code as u32)?, n)))
    };
    let mut others: HashMap<&str, usize> = HashMap::new();
    for ((kind, text), n) in seen() {
        match kind {
            Kind::Null => missing += n,
            Kind::String => {}
            _ => *others.entry(text).or_default() += n,
        }
    }
    let mut top = TopN::new(top_n);
    let mut distinct = others.len();
    for ((kind, text), n) in seen() {
        match others.get_mut(text) {
            _ if kind != Kind::String => {}
            Some(count) => *count += n,
            None => {
                distinct += 1;
                top.offer(n, text);
            }
        }
    }
    for (text, n) in others {
        top.offer(n, text);
    }
    (top.into_vec(), distinct, missing)
}

/// Whole numbers: sorted, equal values are neighbours, counted run by run, keeping only the
/// best few (a copy of the values is a third of a hash map of them), four bytes a hit while
/// they are offsets from the first.
fn ints(column: &Column, rows: &[u32], top_n: usize) -> Counted {
    let mut missing = 0;
    let (top, distinct) = match column.int_offsets() {
        Some((base, offsets)) => counted_runs(
            present(rows, |r| offsets.get(r), &mut missing),
            top_n,
            |d| base + i64::from(d),
        ),
        None => counted_runs(
            present(rows, |r| column.int(r).flatten(), &mut missing),
            top_n,
            |n| n,
        ),
    };
    (top, distinct, missing)
}

/// Mostly distinct values: counted by a 64-bit hash of each (two values with one hash would
/// count as one: far less likely than any other fault), sorted so that equal values are
/// neighbours; 8 bytes a hit. The values shown are found by their hash in a second pass.
fn hashed(column: &Column, rows: &[u32], top_n: usize) -> Counted {
    let wanted = rows_set(rows, column.len());
    let hash = |text: &str| {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        h.finish()
    };
    let mut missing = 0;
    let mut hashes: Vec<u64> = Vec::with_capacity(rows.len());
    column.for_each(|row, kind, text| match kind {
        _ if !wanted[row] => {}
        Kind::Missing | Kind::Null => missing += 1,
        _ => hashes.push(hash(text)),
    });
    radix::sort(&mut hashes);
    // The count the last value shown has: the `top_n`-th largest.
    let mut best: Vec<usize> = Vec::with_capacity(top_n + 1);
    let mut distinct = 0;
    for run in hashes.chunk_by(|a, b| a == b) {
        distinct += 1;
        let at = best.partition_point(|&c| c >= run.len());
        if at < top_n {
            best.insert(at, run.len());
            best.truncate(top_n);
        }
    }
    let Some(&cut) = best.last() else {
        return (Vec::new(), 0, missing);
    };
    // Every value once: each is tied, and none needs its hash.
    let once = distinct == hashes.len();
    let count = |h: u64| {
        let from = hashes.partition_point(|&x| x < h);
        hashes[from..].partition_point(|&x| x == h)
    };
    // Values counted more than `cut` times are shown; those counted `cut` times take the
    // places left, first by text.
    let mut top: Vec<(String, usize)> = Vec::with_capacity(best.len());
    let mut shown: Vec<u64> = Vec::new();
    let mut tied = TopN::new(best.iter().filter(|&&c| c == cut).count());
    column.for_each(|row, kind, text| {
        if !wanted[row] || matches!(kind, Kind::Missing | Kind::Null) {
            return;
        }
        if once {
            if !tied.holds(text) {
                tied.offer(1, text);
            }
            return;
        }
        let h = hash(text);
        match count(h) {
            n if n > cut && !shown.contains(&h) => {
                shown.push(h);
                top.push((text.to_owned(), n));
            }
            // A value is offered at each of its hits: once kept, not again; once passed
            // over, better ones fill its place for good.
            n if n == cut && !tied.holds(text) => tied.offer(cut, text),
            _ => {}
        }
    });
    top.extend(tied.into_vec());
    (top, distinct, missing)
}

/// The values `read` gives for `rows`, counting those it has none for in `missing`.
fn present<T>(rows: &[u32], read: impl Fn(usize) -> Option<T>, missing: &mut usize) -> Vec<T> {
    let mut values = Vec::with_capacity(rows.len());
    for &row in rows {
        match read(row as usize) {
            None => *missing += 1,
            Some(v) => values.push(v),
        }
    }
    values
}

/// The best `top_n` of whole numbers, sorted so that equal ones are neighbours, and how many
/// different ones there are; `value` reads each as the number it stands for.
fn counted_runs<T: Radix>(
    mut values: Vec<T>,
    top_n: usize,
    value: impl Fn(T) -> i64,
) -> (Vec<(String, usize)>, usize) {
    radix::sort(&mut values);
    let mut top = TopN::new(top_n);
    let mut distinct = 0;
    let mut buf = String::new();
    for run in values.chunk_by(|a, b| a == b) {
        distinct += 1;
        if top.admits(run.len()) {
            buf.clear();
            let _ = write!(buf, "{}", value(run[0]));
            top.offer(run.len(), &buf);
        }
    }
    (top.into_vec(), distinct)
}
