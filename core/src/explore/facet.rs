//! A field's summary across the matching hits: its distinct values and its top values, as
//! the field list shows them (`crate::hits::summarize` for one page), counted the cheapest way
//! each kind of column allows.

use super::{column::Kind, query::rows_set, store::Store};
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

    fn into_vec(self) -> Vec<(String, usize)> {
        self.kept
    }
}

impl Store {
    /// The top `top_n` values of `field` among `rows`, with the counts the field list shows.
    pub fn facet(&self, rows: &[u32], field: &str, top_n: usize) -> FieldSummary {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut missing = 0;
        match self.column(field) {
            None => missing = rows.len(),
            Some(column) => match column.codes() {
                Some((distinct, code_of)) => {
                    let mut per_code = vec![0usize; distinct + 1];
                    for &r in rows {
                        per_code[code_of(r as usize) as usize] += 1;
                    }
                    missing = per_code[0];
                    for (code, &n) in per_code.iter().enumerate().skip(1).filter(|(_, &n)| n > 0) {
                        match column.entry(code as u32) {
                            Some((Kind::Null, _)) => missing += n,
                            Some((_, text)) => *counts.entry(text.to_owned()).or_default() += n,
                            None => {}
                        }
                    }
                }
                None if column.is_ints() => {
                    // Sorted, equal values are neighbours: counted run by run, keeping only
                    // the best few (a copy of the values is a third of a hash map of them).
                    let mut values: Vec<i64> = Vec::with_capacity(rows.len());
                    for &row in rows {
                        match column.int(row as usize).flatten() {
                            None => missing += 1,
                            Some(n) => values.push(n),
                        }
                    }
                    values.sort_unstable();
                    let mut top = TopN::new(top_n);
                    let mut distinct = 0;
                    let mut buf = String::new();
                    for run in values.chunk_by(|a, b| a == b) {
                        distinct += 1;
                        if top.admits(run.len()) {
                            buf.clear();
                            let _ = write!(buf, "{}", run[0]);
                            top.offer(run.len(), &buf);
                        }
                    }
                    return FieldSummary::ranked(
                        field,
                        top.into_vec(),
                        distinct,
                        missing,
                        rows.len(),
                        top_n,
                    );
                }
                None => {
                    // Mostly distinct values: counted by a 64-bit hash of each (two values
                    // with one hash would count as one: far less likely than any other fault),
                    // sorted so that equal values are neighbours. Only the values shown are
                    // read back.
                    let wanted = rows_set(rows, column.len());
                    let mut hashed: Vec<(u64, u32)> = Vec::with_capacity(rows.len());
                    column.for_each(|row, kind, text| {
                        if !wanted[row] {
                            return;
                        }
                        match kind {
                            Kind::Missing | Kind::Null => missing += 1,
                            _ => {
                                let mut h = DefaultHasher::new();
                                text.hash(&mut h);
                                hashed.push((h.finish(), row as u32));
                            }
                        }
                    });
                    drop(wanted);
                    hashed.sort_unstable();
                    let runs = || hashed.chunk_by(|a, b| a.0 == b.0);
                    // The count the last value shown has: the `top_n`-th largest.
                    let mut best: Vec<usize> = Vec::with_capacity(top_n + 1);
                    let mut distinct = 0;
                    for run in runs() {
                        distinct += 1;
                        let at = best.partition_point(|&c| c >= run.len());
                        if at < top_n {
                            best.insert(at, run.len());
                            best.truncate(top_n);
                        }
                    }
                    let Some(&cut) = best.last() else {
                        return FieldSummary::ranked(
                            field,
                            Vec::new(),
                            0,
                            missing,
                            rows.len(),
                            top_n,
                        );
                    };
                    let above = best.iter().filter(|&&c| c > cut).count();
                    let need = best.len() - above;
                    let mut top: Vec<(String, usize)> = Vec::with_capacity(best.len());
                    let mut buf = String::new();
                    let mut tied_rows: Vec<u32> = Vec::new();
                    for run in runs() {
                        if run.len() > cut {
                            top.push((
                                column.get(run[0].1 as usize, &mut buf).1.to_owned(),
                                run.len(),
                            ));
                        } else if run.len() == cut {
                            tied_rows.push(run[0].1);
                        }
                    }
                    drop(hashed);
                    if tied_rows.len() <= need {
                        for &r in &tied_rows {
                            top.push((column.get(r as usize, &mut buf).1.to_owned(), cut));
                        }
                    } else {
                        // The `need` first by text among many ties: one pass in row order,
                        // keeping the best few.
                        let mut tied = vec![false; column.len()];
                        for &r in &tied_rows {
                            tied[r as usize] = true;
                        }
                        drop(tied_rows);
                        let mut few = TopN::new(need);
                        column.for_each(|row, _, text| {
                            if tied[row] {
                                few.offer(cut, text);
                            }
                        });
                        top.extend(few.into_vec());
                    }
                    return FieldSummary::ranked(field, top, distinct, missing, rows.len(), top_n);
                }
            },
        }
        let distinct = counts.len();
        FieldSummary::ranked(
            field,
            counts.into_iter().collect(),
            distinct,
            missing,
            rows.len(),
            top_n,
        )
    }
}
