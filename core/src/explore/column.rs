//! One field of every hit loaded: each distinct value stored once and every hit holding a small
//! code for it; a field whose values are nearly all different (ids) stored front-coded instead;
//! the time field as numbers.

use super::{
    dict::{Dict, OverCodes},
    front::FrontCoded,
    ints::{Ints, Offsets},
};
use crate::value;
use serde_json::{Number, Value};
use std::borrow::Cow;

/// What JSON type a value had, so it is given back as it was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Missing,
    Null,
    Bool,
    Number,
    String,
    /// An object or a list, kept as its JSON text.
    Json,
}

impl Kind {
    pub(super) fn of(v: &Value) -> Self {
        match v {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Bool,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            _ => Self::Json,
        }
    }

    pub(super) fn from_u8(b: u8) -> Self {
        [
            Self::Missing,
            Self::Null,
            Self::Bool,
            Self::Number,
            Self::String,
            Self::Json,
        ][usize::from(b).min(5)]
    }

    /// The value of this kind written as `text` (its [`value::text`] form).
    pub fn value(self, text: &str) -> Option<Value> {
        Some(match self {
            Self::Missing => return None,
            Self::Null => Value::Null,
            Self::Bool => Value::Bool(text == "true"),
            Self::Number => text
                .parse::<Number>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(text.to_owned())),
            Self::String => Value::String(text.to_owned()),
            Self::Json => {
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
            }
        })
    }
}

/// One value of a hit as it is added: text as sent, or any other JSON value; borrowed from a
/// decoded hit or from the message text it is read from, so text is never copied to be stored.
#[derive(Clone, Debug)]
pub(super) enum Field<'v> {
    Str(Cow<'v, str>),
    Json(Cow<'v, Value>),
}

impl<'v> Field<'v> {
    pub(super) fn of(v: &'v Value) -> Self {
        match v {
            Value::String(s) => Self::Str(Cow::Borrowed(s)),
            other => Self::Json(Cow::Borrowed(other)),
        }
    }
}

#[derive(Debug)]
enum Store {
    Dict(Dict),
    FrontCoded(FrontCoded),
    Ints(Ints),
}

/// One field of every hit loaded.
#[derive(Debug)]
pub struct Column {
    store: Store,
}

/// Once a column holds this many values, it is checked for being mostly distinct.
const SETTLE: usize = 512;

/// Hits after which a column has mostly taken the form it keeps (see [`Column::settle`]).
pub(super) const SETTLED: usize = 4 * SETTLE;

impl Column {
    /// A column that starts after `missing_rows` hits without it; a time column keeps numbers
    /// from the start.
    pub fn new(missing_rows: usize, time: bool) -> Self {
        let store = if time {
            Store::Ints(Ints::new(missing_rows))
        } else {
            Store::Dict(Dict::new(missing_rows))
        };
        Self { store }
    }

    pub fn len(&self) -> usize {
        match &self.store {
            Store::Dict(d) => d.codes.len(),
            Store::FrontCoded(f) => f.rows,
            Store::Ints(n) => n.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes room for `rows` more hits, and no more: a page's worth at a time.
    pub fn reserve(&mut self, rows: usize) {
        match &mut self.store {
            Store::Dict(d) => d.codes.reserve(rows),
            Store::FrontCoded(f) => f.reserve(rows),
            Store::Ints(n) => n.reserve(rows),
        }
    }

    pub(super) fn push(&mut self, v: Option<&Field>) {
        if let Store::Ints(n) = &mut self.store {
            let read = match v {
                None => return n.push(None),
                Some(Field::Str(s)) => n.read_str(s),
                Some(Field::Json(v)) => n.read(v),
            };
            match read {
                Some(read) => return n.push(Some(read)),
                None => self.rebuild(Kind::String, false),
            }
        }
        match v {
            None => self.append(Kind::Missing, ""),
            Some(Field::Str(s)) => self.append(Kind::String, s),
            Some(Field::Json(v)) => self.append(Kind::of(v), &value::text(v)),
        }
        if let Store::Dict(d) = &self.store {
            let n = d.codes.len();
            if n == SETTLE || (n > SETTLE && n.is_power_of_two()) {
                self.settle();
            }
        }
    }

    /// Adds a value to a dictionary or front-coded column, without reconsidering its form.
    fn append(&mut self, kind: Kind, text: &str) {
        match &mut self.store {
            Store::Dict(d) => {
                let code = if kind == Kind::Missing {
                    0
                } else {
                    d.code_for(kind, text)
                };
                d.codes.push(code);
            }
            Store::FrontCoded(f) => f.push(kind, text),
            Store::Ints(_) => unreachable!("whole numbers are pushed, not appended"),
        }
    }

    /// The same values in another form: front-coded (`unique`) or in a dictionary.
    fn rebuild(&mut self, usual: Kind, unique: bool) {
        let mut buf = String::new();
        let values: Vec<(Kind, String)> = (0..self.len())
            .map(|row| {
                let (kind, text) = self.get(row, &mut buf);
                (kind, text.to_owned())
            })
            .collect();
        self.store = if unique {
            Store::FrontCoded(FrontCoded::new(usual))
        } else {
            Store::Dict(Dict::new(0))
        };
        for (kind, text) in &values {
            self.append(*kind, text);
        }
    }

    /// A column whose values are nearly all different keeps them as whole numbers when they
    /// are, else front-coded, rather than in a dictionary whose index would cost more than
    /// the values.
    fn settle(&mut self) {
        let Store::Dict(d) = &self.store else {
            return;
        };
        let present = (0..d.codes.len()).filter(|&i| d.codes.get(i) != 0).count();
        if present < SETTLE / 2 || d.distinct() * 2 < present {
            return;
        }
        let mut ints = Ints::new(0);
        let mut buf = String::new();
        let whole = (0..d.codes.len()).all(|row| {
            let (kind, text) = self.get(row, &mut buf);
            match kind.value(text) {
                None => {
                    ints.push(None);
                    true
                }
                Some(v) => ints.read(&v).map(|read| ints.push(Some(read))).is_some(),
            }
        });
        if whole {
            self.store = Store::Ints(ints);
        } else if present >= 4 * SETTLE && d.distinct() * 10 >= present * 9 {
            let usual = (1..=d.distinct() as u32)
                .next()
                .map_or(Kind::String, |c| d.entry(c).0);
            self.rebuild(usual, true);
        }
    }

    /// Hit `row`'s value as its kind and text (`buf` holds the text when it must be decoded).
    pub fn get<'a>(&'a self, row: usize, buf: &'a mut String) -> (Kind, &'a str) {
        match &self.store {
            Store::Dict(d) => match d.codes.get(row) {
                0 => (Kind::Missing, ""),
                code => d.entry(code),
            },
            Store::FrontCoded(f) => {
                let kind = f.get(row, buf);
                (kind, buf.as_str())
            }
            Store::Ints(n) => match n.get(row) {
                None => (Kind::Missing, ""),
                Some(v) => {
                    use std::fmt::Write;
                    buf.clear();
                    let _ = write!(buf, "{v}");
                    (n.kind(), buf.as_str())
                }
            },
        }
    }

    /// Hit `row`'s value as epoch milliseconds, when it is a whole number.
    pub fn time(&self, row: usize) -> Option<i64> {
        match &self.store {
            Store::Ints(n) => n.get(row),
            _ => {
                let mut buf = String::new();
                let (kind, text) = self.get(row, &mut buf);
                (kind != Kind::Missing).then(|| text.parse().ok()).flatten()
            }
        }
    }

    /// Calls `f` with every hit's value in order, decoding each once.
    pub fn for_each(&self, mut f: impl FnMut(usize, Kind, &str)) {
        match &self.store {
            Store::FrontCoded(front) => front.for_each(f),
            _ => {
                let mut buf = String::new();
                for row in 0..self.len() {
                    let (kind, text) = self.get(row, &mut buf);
                    f(row, kind, text);
                }
            }
        }
    }

    /// How many leading bytes, all ASCII, every text (string, boolean or JSON) value of the
    /// column shares, where that is kept (nearly all different values); else 0.
    pub fn shared_prefix(&self) -> usize {
        match &self.store {
            Store::FrontCoded(f) => f.shared_prefix(),
            _ => 0,
        }
    }

    /// The least and the greatest whole number, when the column keeps whole numbers and has
    /// any (kept as they are added).
    pub fn int_range(&self) -> Option<(i64, i64)> {
        match &self.store {
            Store::Ints(n) => n.range(),
            _ => None,
        }
    }

    /// Whether the column keeps whole numbers (see [`Column::int`]).
    pub fn is_ints(&self) -> bool {
        matches!(self.store, Store::Ints(_))
    }

    /// Hit `row`'s value as a whole number, when the column keeps whole numbers.
    pub fn int(&self, row: usize) -> Option<Option<i64>> {
        match &self.store {
            Store::Ints(n) => Some(n.get(row)),
            _ => None,
        }
    }

    /// When the column keeps whole numbers as four-byte offsets from a first one: that one, and
    /// every hit's offset.
    pub fn int_offsets(&self) -> Option<(i64, Offsets<'_>)> {
        match &self.store {
            Store::Ints(n) => n.offsets(),
            _ => None,
        }
    }

    /// When values are stored once each: how many there are, and hit `row`'s code (0: missing).
    pub fn codes(&self) -> Option<(usize, impl Fn(usize) -> u32 + '_)> {
        match &self.store {
            Store::Dict(d) => Some((d.distinct(), move |row| d.codes.get(row))),
            _ => None,
        }
    }

    /// Calls `f(row, code)` for every hit in order when values are stored once each (code 0:
    /// missing); says whether they are.
    pub fn each_code(&self, f: impl FnMut(usize, u32)) -> bool {
        match &self.store {
            Store::Dict(d) => {
                d.codes.each(f);
                true
            }
            _ => false,
        }
    }

    /// When values are stored once each: `work` run over their codes.
    pub(super) fn over_codes<W: OverCodes>(&self, work: W) -> Option<W::Out> {
        match &self.store {
            Store::Dict(d) => Some(d.codes.over(work)),
            _ => None,
        }
    }

    /// When values are stored once each: the hits whose code `keep` says yes to, in order
    /// (see `Codes::rows_where`).
    pub fn rows_where(&self, keep: &[bool]) -> Option<Vec<u32>> {
        match &self.store {
            Store::Dict(d) => Some(d.codes.rows_where(keep)),
            _ => None,
        }
    }

    /// Value `code` of a column whose values are stored once each.
    pub fn entry(&self, code: u32) -> Option<(Kind, &str)> {
        match &self.store {
            Store::Dict(d) if code != 0 => Some(d.entry(code)),
            _ => None,
        }
    }

    pub fn heap_bytes(&self) -> usize {
        match &self.store {
            Store::Dict(d) => d.heap_bytes(),
            Store::FrontCoded(f) => f.heap_bytes(),
            Store::Ints(n) => n.heap_bytes(),
        }
    }
}
