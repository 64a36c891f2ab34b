//! Every hit of a job loaded so far, kept column by column in memory only: pages are added as
//! they arrive, and any hit can be given back as the server sent it.

use super::column::{Column, Kind};
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

    /// Epoch milliseconds of hit `row`, when it has a time.
    pub fn time(&self, row: usize) -> Option<i64> {
        self.time.and_then(|t| self.columns[t].time(row))
    }

    /// Says how many hits will be added in all, so that each column makes room for them once.
    /// Growing page by page instead reallocates every column with every page, and the holes
    /// that leaves behind are memory the page never gets back (wasm memory does not shrink).
    pub fn expect(&mut self, hits: usize) {
        self.expected = hits;
        self.make_room();
    }

    fn make_room(&mut self) {
        let more = self.expected.saturating_sub(self.len);
        // Text columns know how long their values run once they hold some.
        if more > 0 && self.len > 0 {
            for column in &mut self.columns {
                column.reserve(more);
            }
        }
    }

    /// Adds hits after those already stored.
    pub fn add(&mut self, hits: &[Hit]) {
        for column in &mut self.columns {
            column.reserve(hits.len());
        }
        for hit in hits {
            for key in hit.keys() {
                if !self.index.contains_key(key) {
                    let time = self.time.is_none() && is_time_column(key);
                    if time {
                        self.time = Some(self.columns.len());
                    }
                    self.index.insert(key.clone(), self.columns.len());
                    self.fields.push(key.clone());
                    let mut column = Column::new(self.len, time);
                    column.reserve(hits.len());
                    self.columns.push(column);
                }
            }
            for (field, column) in self.fields.iter().zip(&mut self.columns) {
                column.push(hit.get(field));
            }
            self.len += 1;
        }
        self.make_room();
    }

    /// Hit `row` as the server sent it (its keys in the order they were first seen).
    pub fn hit(&self, row: usize) -> Hit {
        let mut buf = String::new();
        let mut hit = Hit::new();
        for (field, column) in self.columns() {
            let (kind, text) = column.get(row, &mut buf);
            if let Some(v) = kind.value(text) {
                hit.insert(field.to_owned(), v);
            }
        }
        hit
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
