//! Questions asked of every hit in the store: which match a filter (quick text, `field = value`
//! and `field ≠ value`, a time range), how they fall over time by severity, and their order by
//! a column (`order`; a field's top values are `facet`'s). Each answers with the same rules as the
//! single page's grid (`crate::hits`).

use super::{
    column::{Column, Kind},
    dict::{CodeAt, NoCodes, OverCodes},
    ints::Offsets,
    store::Store,
};
use crate::hits::{is_severity_column, Severity};
use serde::{Deserialize, Serialize};

/// A `field = value` filter, or `field ≠ value` when `negate` (a hit without the field is not
/// equal to it).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    /// The value as text ([`crate::value::text`]).
    pub value: String,
    pub negate: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Query {
    /// Any field's name or value contains it, ignoring case.
    pub text: String,
    pub conditions: Vec<Condition>,
    /// Epoch ms, from inclusive to exclusive.
    pub time: Option<(i64, i64)>,
}

/// Hits over time: `counts[b][s]` hits of severity level `s` (`Severity as usize`) in the
/// bucket starting at `from + b * bucket_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    pub from: i64,
    pub bucket_ms: i64,
    pub counts: Vec<[u32; SEVERITIES]>,
}

pub const SEVERITIES: usize = Severity::Unknown as usize + 1;

/// Bucket sizes a histogram picks from, as Kibana's and Splunk's do: 1 s to 1 day.
const STEPS_MS: [i64; 18] = [
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
    1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/// The smallest step that covers `range_ms` in at most `max_buckets` buckets (a day at most).
pub fn bucket_ms(range_ms: i64, max_buckets: i64) -> i64 {
    STEPS_MS
        .into_iter()
        .find(|step| range_ms <= step * max_buckets.max(1))
        .unwrap_or(86_400_000)
}

/// The bucket `since` ms after the first falls in (`since / bucket_ms`, at most `last`): a
/// multiplication by `per_ms` (`1 / bucket_ms`) rather than a division a hit, corrected where
/// it rounds across a bucket's edge.
#[inline]
fn bucket_of(since: i64, bucket_ms: i64, per_ms: f64, last: usize) -> usize {
    let b = ((since as f64 * per_ms) as usize).min(last);
    if b as i64 * bucket_ms > since {
        b - 1
    } else if b < last && (b as i64 + 1) * bucket_ms <= since {
        b + 1
    } else {
        b
    }
}

/// Each of `column`'s values decided once, by code (0: missing), when values are stored once.
fn decided(column: &Column, test: impl Fn(Kind, &str) -> bool) -> Option<Vec<bool>> {
    let (distinct, _) = column.codes()?;
    let mut decided = vec![test(Kind::Missing, "")];
    decided.extend((1..=distinct as u32).map(|c| {
        let (kind, text) = column.entry(c).expect("a code below the count");
        test(kind, text)
    }));
    Some(decided)
}

/// Calls `f(row, matched)` for each row of `column`: through its codes when values are stored
/// once, deciding each distinct value once.
fn each_row(column: &Column, test: impl Fn(Kind, &str) -> bool, mut f: impl FnMut(usize, bool)) {
    match decided(column, &test) {
        Some(decided) => {
            column.each_code(|row, code| f(row, decided[code as usize]));
        }
        None => column.for_each(|row, kind, text| f(row, test(kind, text))),
    }
}

/// Narrows `rows` (None: all `len`) to those passing `test`. From all rows, the passing ones
/// are counted first, so the list takes exactly its room (a list grown by doubling can hold
/// twice what it needs while it copies); a list already narrowed keeps its room.
fn narrow(rows: &mut Option<Vec<u32>>, len: usize, test: impl Fn(usize) -> bool) {
    match rows {
        Some(rows) => rows.retain(|&r| test(r as usize)),
        None => {
            let mut kept = Vec::with_capacity((0..len).filter(|&r| test(r)).count());
            kept.extend((0..len as u32).filter(|&r| test(r as usize)));
            *rows = Some(kept);
        }
    }
}

/// [`narrow`] by a test of `column`'s values, decided once a value when they are stored once.
fn narrow_by(rows: &mut Option<Vec<u32>>, column: &Column, test: impl Fn(Kind, &str) -> bool) {
    let Some(decided) = decided(column, &test) else {
        let mut pass = vec![false; column.len()];
        column.for_each(|row, kind, text| pass[row] = test(kind, text));
        return narrow(rows, pass.len(), |r| pass[r]);
    };
    match rows {
        Some(rows) => {
            let (_, code_of) = column.codes().expect("decided by code");
            rows.retain(|&r| decided[code_of(r as usize) as usize]);
        }
        None => *rows = column.rows_where(&decided),
    }
}

/// Whether `hay` contains `needle` (already lower case), ignoring case as `to_lowercase` does;
/// ASCII text is compared in place.
fn contains_folded(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

/// Which of `len` rows are in `rows`.
pub(super) fn rows_set(rows: &[u32], len: usize) -> Vec<bool> {
    let mut set = vec![false; len];
    for &r in rows {
        set[r as usize] = true;
    }
    set
}

impl Store {
    /// The hits matching every part of `query`, in the order they were loaded. The first part
    /// asked picks its rows from all; each later one only narrows that list.
    pub fn matching(&self, query: &Query) -> Vec<u32> {
        let len = self.len();
        let mut rows = None;
        let needle = query.text.trim().to_lowercase();
        if !needle.is_empty() {
            let mut any = vec![false; len];
            // Whole numbers are digits and a sign: other text is in none of them.
            let numeric = needle.bytes().all(|b| b.is_ascii_digit() || b == b'-');
            for (field, column) in self.columns() {
                let named = field.to_lowercase().contains(&needle);
                if column.is_ints() && !named && !numeric {
                    continue;
                }
                each_row(
                    column,
                    |kind, text| match kind {
                        Kind::Missing => false,
                        _ if named => true,
                        Kind::Null => false,
                        _ => contains_folded(text, &needle),
                    },
                    |row, m| any[row] |= m,
                );
            }
            narrow(&mut rows, len, |r| any[r]);
        }
        for c in &query.conditions {
            match self.column(&c.field) {
                Some(column) => narrow_by(&mut rows, column, |kind, text| {
                    (kind != Kind::Missing && text == c.value) != c.negate
                }),
                // No hit has the field: none equals the value, all differ from it.
                None if c.negate => {}
                None => rows = Some(Vec::new()),
            }
        }
        if let Some((from, to)) = query.time {
            narrow(&mut rows, len, |r| {
                self.time(r).is_some_and(|t| from <= t && t < to)
            });
        }
        rows.unwrap_or_else(|| (0..len as u32).collect())
    }

    /// `rows` (a set of hits, in any order) over time in at most `max_buckets` buckets, stacked
    /// by severity; hits without a time are left out.
    pub fn histogram(&self, rows: &[u32], max_buckets: i64) -> Option<Histogram> {
        let column = self.time_column()?;
        // As many rows as hits are every hit (`rows` is a set): counted in load order without
        // reading the list, over the range of times kept as they were added.
        let all = (rows.len() == self.len()).then_some(All(rows.len()));
        let range = all.and_then(|_| column.int_range());
        match (column.int_offsets(), all) {
            // Four-byte offsets from a first time, read in place.
            (Some(offsets), Some(all)) => self.bucketed(all, range, max_buckets, offsets),
            (Some(offsets), None) => self.bucketed(rows, None, max_buckets, offsets),
            (None, Some(all)) => self.bucketed(all, range, max_buckets, column),
            (None, None) => self.bucketed(rows, None, max_buckets, column),
        }
    }

    /// [`Store::histogram`] of `rows`, each hit's time read by `time`, over `range` when it is
    /// known.
    fn bucketed(
        &self,
        rows: impl Rows,
        range: Option<(i64, i64)>,
        max_buckets: i64,
        time: impl TimeAt,
    ) -> Option<Histogram> {
        // Else two passes over the rows (the range, then the counts) rather than a copy of them.
        let (from, to) = range.unwrap_or_else(|| {
            let (mut from, mut to) = (i64::MAX, i64::MIN);
            rows.each(|r| {
                if let Some(t) = time.at(r) {
                    from = from.min(t);
                    to = to.max(t);
                }
            });
            (from, to)
        });
        if from > to {
            return None;
        }
        let bucket_ms = bucket_ms(to - from + 1, max_buckets);
        let from = from - from.rem_euclid(bucket_ms);
        let severities = self.severities();
        let counting = Counting {
            rows,
            time,
            from,
            bucket_ms,
            last: ((to - from) / bucket_ms) as usize,
            levels: severities.as_ref().map_or(&[Severity::Unknown], |(_, l)| l),
        };
        let counts = match severities {
            Some((column, _)) => column
                .over_codes(counting)
                .expect("severities are stored once"),
            None => counting.run(NoCodes),
        };
        Some(Histogram {
            from,
            bucket_ms,
            counts,
        })
    }

    /// The first severity field, and the level of each of its codes, when its values are
    /// stored once.
    fn severities(&self) -> Option<(&Column, Vec<Severity>)> {
        let (_, column) = self.columns().find(|(f, _)| is_severity_column(f))?;
        let (distinct, _) = column.codes()?;
        let mut levels = vec![Severity::Unknown];
        levels.extend((1..=distinct as u32).map(|c| {
            column
                .entry(c)
                .map_or(Severity::Unknown, |(_, text)| Severity::parse(text))
        }));
        Some((column, levels))
    }
}

/// Rows walked one way for a whole histogram, so that its loops inline the walk.
trait Rows: Copy {
    fn each(self, f: impl FnMut(usize));
}

impl Rows for &[u32] {
    #[inline]
    fn each(self, mut f: impl FnMut(usize)) {
        for &row in self {
            f(row as usize);
        }
    }
}

/// Every hit, in load order.
#[derive(Clone, Copy)]
struct All(usize);

impl Rows for All {
    #[inline]
    fn each(self, f: impl FnMut(usize)) {
        (0..self.0).for_each(f);
    }
}

/// A hit's time, read one way for a whole histogram so that its loops inline the reading.
trait TimeAt: Copy {
    fn at(self, row: usize) -> Option<i64>;
}

impl TimeAt for (i64, Offsets<'_>) {
    #[inline]
    fn at(self, row: usize) -> Option<i64> {
        self.1.get(row).map(|d| self.0 + i64::from(d))
    }
}

impl TimeAt for &Column {
    fn at(self, row: usize) -> Option<i64> {
        self.time(row)
    }
}

/// A histogram's counting pass: each of `rows` in its bucket, at the level of its severity
/// code.
struct Counting<'a, R, T> {
    rows: R,
    time: T,
    from: i64,
    bucket_ms: i64,
    last: usize,
    levels: &'a [Severity],
}

impl<R: Rows, T: TimeAt> OverCodes for Counting<'_, R, T> {
    type Out = Vec<[u32; SEVERITIES]>;

    fn run<C: CodeAt>(self, codes: C) -> Self::Out {
        let mut counts = vec![[0u32; SEVERITIES]; self.last + 1];
        let per_ms = 1.0 / self.bucket_ms as f64;
        // The bucket last counted in, from `lo` to `hi`: hits come mostly in time order, so
        // most fall in the one before them and need no arithmetic.
        let (mut b, mut lo, mut hi) = (0, self.from, self.from);
        self.rows.each(|row| {
            let Some(t) = self.time.at(row) else {
                return;
            };
            if t < lo || t >= hi {
                b = bucket_of(t - self.from, self.bucket_ms, per_ms, self.last);
                lo = self.from + b as i64 * self.bucket_ms;
                hi = lo + self.bucket_ms;
            }
            let level = self.levels[codes.at(row) as usize];
            counts[b][level as usize] += 1;
        });
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_falls_in_the_bucket_division_puts_it_in() {
        let mut corrected = 0;
        for step in STEPS_MS.into_iter().chain([3, 7, 86_400_007]) {
            let per_ms = 1.0 / step as f64;
            for k in (0..2_000_000i64)
                .step_by(997)
                .chain([10_000_000, 123_456_789])
            {
                for since in [k * step - 1, k * step, k * step + 1]
                    .into_iter()
                    .filter(|&s| s >= 0)
                {
                    let exact = (since / step) as usize;
                    assert_eq!(
                        bucket_of(since, step, per_ms, usize::MAX),
                        exact,
                        "{since} / {step}"
                    );
                    corrected += usize::from(((since as f64 * per_ms) as usize) != exact);
                }
            }
        }
        assert!(corrected > 0, "some multiplications round across an edge");
        assert_eq!(
            bucket_of(10_000, 1_000, 1e-3, 4),
            4,
            "never past the last bucket"
        );
    }
}
