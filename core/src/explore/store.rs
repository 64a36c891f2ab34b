//! Every hit of a job loaded so far, kept column by column in memory only: pages are added as
//! they arrive, and any hit can be given back as the server sent it.

use super::column::{Column, Field, Kind, SETTLED};
use crate::{columns::is_time_column, Hit};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Store {
    /// Field names in first-seen order, and their columns.
    fields: Vec<String>,
    index: HashMap<String, usize>,
    columns: Vec<Column>,
    /// Hits in each column.
    len: usize,
    /// The field hits are placed in time by (`Time`), once seen.
    time: Option<usize>,
    /// Hits the store expects to hold in all.
    expected: usize,
    /// Per column, the hit being added (counted from 1) when it last had a value, and where
    /// that value is among the hit's fields.
    given: Vec<(usize, usize)>,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    pub fn column(&self, field: &str) -> Option<&Column> {
        self.index.get(field).map(|&i| &self.columns[i])
    }

    pub(crate) fn columns(&self) -> impl Iterator<Item = (&str, &Column)> {
        self.fields.iter().map(String::as_str).zip(&self.columns)
    }

    /// The field hits are placed in time by, once seen.
    pub(super) fn time_column(&self) -> Option<&Column> {
        self.time.map(|t| &self.columns[t])
    }

    /// Epoch milliseconds of hit `row`, when it has a time.
    pub fn time(&self, row: usize) -> Option<i64> {
        self.time_column().and_then(|c| c.time(row))
    }

    /// Says how many hits will be added in all, so that each column makes room for them once.
    /// Growing page by page instead reallocates every column with every page, and the holes
    /// that leaves behind are memory the page never gets back (wasm memory does not shrink).
    pub fn expect(&mut self, hits: usize) {
        self.expected = hits;
        self.make_room();
    }

    /// Gives every column room for the hits still expected (after a page is added), once the
    /// columns have taken the form they keep: room made for ids as a dictionary's codes would
    /// be left behind when they are front-coded, and text columns know how long their values
    /// run once they hold some.
    pub(super) fn make_room(&mut self) {
        let more = self.expected.saturating_sub(self.len);
        if more > 0 && self.len > SETTLED {
            self.reserve(more);
        }
    }

    /// Adds hits after those already stored.
    pub fn add(&mut self, hits: &[Hit]) {
        self.reserve(hits.len());
        let mut fields = Vec::new();
        for hit in hits {
            fields.clear();
            for (key, v) in hit {
                fields.push((self.column_for(key), Field::of(v)));
            }
            self.push_row(&fields);
        }
        self.make_room();
    }

    /// Makes room in every column for `hits` more (the rest of the job's once it is expected).
    pub(super) fn reserve(&mut self, hits: usize) {
        for column in &mut self.columns {
            column.reserve(hits);
        }
    }

    /// The column of `field`, made when first seen (every hit before it lacks it).
    pub(super) fn column_for(&mut self, field: &str) -> usize {
        if let Some(&i) = self.index.get(field) {
            return i;
        }
        let time = self.time.is_none() && is_time_column(field);
        if time {
            self.time = Some(self.columns.len());
        }
        self.index.insert(field.to_owned(), self.columns.len());
        self.fields.push(field.to_owned());
        self.columns.push(Column::new(self.len, time));
        self.columns.len() - 1
    }

    /// Adds one hit given as (column, value) pairs, columns from [`Store::column_for`]; a
    /// column given twice keeps the value given last, as a JSON object keeps its last
    /// duplicate key.
    pub(super) fn push_row(&mut self, fields: &[(usize, Field)]) {
        let hit = self.len + 1;
        self.given.resize(self.columns.len(), (0, 0));
        for (at, &(column, _)) in fields.iter().enumerate() {
            self.given[column] = (hit, at);
        }
        for (column, &(when, at)) in self.columns.iter_mut().zip(&self.given) {
            column.push((when == hit).then(|| &fields[at].1));
        }
        self.len += 1;
    }

    /// Hit `row` as the server sent it (its keys in the order they were first seen).
    pub fn hit(&self, row: usize) -> Hit {
        let mut hit = Hit::new();
        let _ = self.try_each_value(row, |field, kind, text| {
            if let Some(v) = kind.value(text) {
                hit.insert(field.to_owned(), v);
            }
            Ok::<(), std::convert::Infallible>(())
        });
        hit
    }

    /// Calls `f(field, kind, text)` for each value hit `row` has, in the order its fields were
    /// first seen, stopping at the first error.
    pub(crate) fn try_each_value<E>(
        &self,
        row: usize,
        mut f: impl FnMut(&str, Kind, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut buf = String::new();
        for (field, column) in self.columns() {
            match column.get(row, &mut buf) {
                (Kind::Missing, _) => {}
                (kind, text) => f(field, kind, text)?,
            }
        }
        Ok(())
    }

    /// Whether hit `row` has `field` (a null counts as having it).
    pub fn has(&self, row: usize, field: &str) -> bool {
        let mut buf = String::new();
        self.column(field)
            .is_some_and(|c| c.get(row, &mut buf).0 != Kind::Missing)
    }

    /// The memory the store holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum::<usize>()
            + self
                .fields
                .iter()
                .map(|f| f.capacity() * 2 + 32)
                .sum::<usize>()
    }
}
