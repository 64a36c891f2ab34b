//! A column's distinct values, each stored once, and every hit's code for its value, as narrow
//! as the number of distinct values allows.

use super::column::Kind;
use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
};

/// Per-hit codes, as narrow as the number of distinct values allows: two to a byte while
/// there are at most 15 values (severities, log types, devices, actions), then a byte, two or
/// four each.
#[derive(Debug)]
pub(super) enum Codes {
    /// Hit `i`'s code in the low half of byte `i / 2` when `i` is even, else the high half.
    U4 {
        halves: Vec<u8>,
        len: usize,
    },
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Codes {
    /// `len` hits without a value.
    pub(super) fn missing(len: usize) -> Self {
        Self::U4 {
            halves: vec![0; len.div_ceil(2)],
            len,
        }
    }

    pub(super) fn push(&mut self, code: u32) {
        match self {
            Self::U4 { halves, len } if code <= 15 => {
                if len.is_multiple_of(2) {
                    halves.push(code as u8);
                } else if let Some(last) = halves.last_mut() {
                    *last |= (code as u8) << 4;
                }
                *len += 1;
            }
            Self::U8(v) if code <= u32::from(u8::MAX) => v.push(code as u8),
            Self::U16(v) if code <= u32::from(u16::MAX) => v.push(code as u16),
            Self::U32(v) => v.push(code),
            _ => {
                // Wider codes, with the room the narrow ones had (the hits still expected).
                let room = self.capacity();
                *self = if code <= u32::from(u8::MAX) {
                    Self::U8(self.widened(room))
                } else if code <= u32::from(u16::MAX) {
                    Self::U16(self.widened(room))
                } else {
                    Self::U32(self.widened(room))
                };
                self.push(code);
            }
        }
    }

    fn widened<T: TryFrom<u32>>(&self, room: usize) -> Vec<T> {
        let mut wide = Vec::with_capacity(room.max(self.len() + 1));
        wide.extend((0..self.len()).filter_map(|i| T::try_from(self.get(i)).ok()));
        wide
    }

    pub(super) fn get(&self, i: usize) -> u32 {
        match self {
            Self::U4 { halves, .. } => u32::from(halves[i / 2] >> ((i % 2) * 4) & 0xf),
            Self::U8(v) => u32::from(v[i]),
            Self::U16(v) => u32::from(v[i]),
            Self::U32(v) => v[i],
        }
    }

    /// Calls `f(i, code)` for every code in order, reading each width in a loop of its own.
    pub(super) fn each(&self, mut f: impl FnMut(usize, u32)) {
        match self {
            Self::U4 { halves, len } => {
                for (i, &b) in halves.iter().enumerate() {
                    f(2 * i, u32::from(b & 0xf));
                    if 2 * i + 1 < *len {
                        f(2 * i + 1, u32::from(b >> 4));
                    }
                }
            }
            Self::U8(v) => v.iter().enumerate().for_each(|(i, &c)| f(i, u32::from(c))),
            Self::U16(v) => v.iter().enumerate().for_each(|(i, &c)| f(i, u32::from(c))),
            Self::U32(v) => v.iter().enumerate().for_each(|(i, &c)| f(i, c)),
        }
    }

    /// The hits whose code `keep` says yes to (a code past its end: no), in order. Counted
    /// first, so the list takes exactly its room; then every hit's number is written and the
    /// end moved past it only when kept, so no branch waits on the codes. Four-bit codes are
    /// read a byte (two hits) at a time, through a table of what each byte keeps.
    pub(super) fn rows_where(&self, keep: &[bool]) -> Vec<u32> {
        let kept = |code: u32| usize::from(keep.get(code as usize).copied().unwrap_or(false));
        match self {
            Self::U4 { halves, len } => {
                // Bit 0: the low half (the even hit) is kept; bit 1: the high half.
                let pairs: [u8; 256] = std::array::from_fn(|b| {
                    (kept(b as u32 & 0xf) | kept(b as u32 >> 4) << 1) as u8
                });
                // A last byte with one hit in it is read as one code.
                let whole = &halves[..len / 2];
                let last = (len % 2 == 1).then(|| u32::from(halves[len / 2] & 0xf));
                let n = whole
                    .iter()
                    .map(|&b| pairs[b as usize].count_ones() as usize)
                    .sum::<usize>()
                    + last.map_or(0, kept);
                let mut rows = vec![0; n + 2];
                let mut at = 0;
                for (i, &b) in whole.iter().enumerate() {
                    let (pair, row) = (pairs[b as usize], 2 * i as u32);
                    rows[at] = row;
                    at += usize::from(pair & 1);
                    rows[at] = row + 1;
                    at += usize::from(pair >> 1);
                }
                if let Some(code) = last {
                    rows[at] = (len - 1) as u32;
                    at += kept(code);
                }
                rows.truncate(at);
                rows
            }
            Self::U8(v) => select(v, kept),
            Self::U16(v) => select(v, kept),
            Self::U32(v) => select(v, kept),
        }
    }

    /// Runs `work` with a reader of these codes' width.
    pub(super) fn over<W: OverCodes>(&self, work: W) -> W::Out {
        match self {
            Self::U4 { halves, .. } => work.run(Halves(halves)),
            Self::U8(v) => work.run(v.as_slice()),
            Self::U16(v) => work.run(v.as_slice()),
            Self::U32(v) => work.run(v.as_slice()),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Self::U4 { len, .. } => *len,
            Self::U8(v) => v.len(),
            Self::U16(v) => v.len(),
            Self::U32(v) => v.len(),
        }
    }

    /// Codes there is room for.
    fn capacity(&self) -> usize {
        match self {
            Self::U4 { halves, .. } => halves.capacity() * 2,
            Self::U8(v) => v.capacity(),
            Self::U16(v) => v.capacity(),
            Self::U32(v) => v.capacity(),
        }
    }

    /// Makes room for `rows` more codes, and no more.
    pub(super) fn reserve(&mut self, rows: usize) {
        match self {
            Self::U4 { halves, len } => {
                halves.reserve_exact((*len + rows).div_ceil(2).saturating_sub(halves.len()))
            }
            Self::U8(v) => v.reserve_exact(rows),
            Self::U16(v) => v.reserve_exact(rows),
            Self::U32(v) => v.reserve_exact(rows),
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        match self {
            Self::U4 { halves, .. } => halves.capacity(),
            Self::U8(v) => v.capacity(),
            Self::U16(v) => v.capacity() * 2,
            Self::U32(v) => v.capacity() * 4,
        }
    }
}

/// Hit codes of one width, read in place. Work over them ([`OverCodes`]) is compiled once a
/// width, with the reading inlined into its loop rather than matched on every hit.
pub(super) trait CodeAt: Copy {
    /// Hit `row`'s code (0: missing).
    fn at(self, row: usize) -> u32;
}

/// Work over a column's codes, whatever their width.
pub(super) trait OverCodes {
    type Out;
    fn run<C: CodeAt>(self, codes: C) -> Self::Out;
}

/// Four-bit codes, two to a byte.
#[derive(Clone, Copy)]
pub(super) struct Halves<'a>(&'a [u8]);

impl CodeAt for Halves<'_> {
    #[inline]
    fn at(self, row: usize) -> u32 {
        u32::from(self.0[row / 2] >> ((row % 2) * 4) & 0xf)
    }
}

impl CodeAt for &[u8] {
    #[inline]
    fn at(self, row: usize) -> u32 {
        u32::from(self[row])
    }
}

impl CodeAt for &[u16] {
    #[inline]
    fn at(self, row: usize) -> u32 {
        u32::from(self[row])
    }
}

impl CodeAt for &[u32] {
    #[inline]
    fn at(self, row: usize) -> u32 {
        self[row]
    }
}

/// No codes: every hit's is 0.
#[derive(Clone, Copy)]
pub(super) struct NoCodes;

impl CodeAt for NoCodes {
    #[inline]
    fn at(self, _: usize) -> u32 {
        0
    }
}

/// [`Codes::rows_where`] for codes a whole number each.
fn select<T: Copy + Into<u32>>(codes: &[T], kept: impl Fn(u32) -> usize) -> Vec<u32> {
    let n = codes.iter().map(|&c| kept(c.into())).sum::<usize>();
    let mut rows = vec![0; n + 1];
    let mut at = 0;
    for (row, &c) in codes.iter().enumerate() {
        rows[at] = row as u32;
        at += kept(c.into());
    }
    rows.truncate(at);
    rows
}

/// Distinct values, each stored once; code 0 is "missing", code n the n-th value.
#[derive(Debug)]
pub(super) struct Dict {
    pub(super) text: String,
    /// Where value n ends in `text` (value n starts where n - 1 ends).
    pub(super) ends: Vec<u32>,
    pub(super) kinds: Vec<u8>,
    /// Hash of (kind, text), salted by collisions, to code.
    pub(super) index: HashMap<u64, u32>,
    pub(super) codes: Codes,
}

fn hash_of(kind: Kind, text: &str, salt: u32) -> u64 {
    let mut h = DefaultHasher::new();
    (kind as u8, text, salt).hash(&mut h);
    h.finish()
}

impl Dict {
    pub(super) fn new(missing_rows: usize) -> Self {
        Self {
            text: String::new(),
            ends: Vec::new(),
            kinds: Vec::new(),
            index: HashMap::new(),
            codes: Codes::missing(missing_rows),
        }
    }

    pub(super) fn distinct(&self) -> usize {
        self.ends.len()
    }

    /// Value `code` (from 1): its kind and text.
    pub(super) fn entry(&self, code: u32) -> (Kind, &str) {
        let n = code as usize - 1;
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        (
            Kind::from_u8(self.kinds[n]),
            &self.text[start..self.ends[n] as usize],
        )
    }

    pub(super) fn code_for(&mut self, kind: Kind, text: &str) -> u32 {
        for salt in 0.. {
            let h = hash_of(kind, text, salt);
            match self.index.get(&h) {
                Some(&code) if self.entry(code) == (kind, text) => return code,
                Some(_) => continue,
                None => {
                    self.text.push_str(text);
                    self.ends.push(self.text.len() as u32);
                    self.kinds.push(kind as u8);
                    let code = self.ends.len() as u32;
                    self.index.insert(h, code);
                    return code;
                }
            }
        }
        unreachable!("a salt is found before u32 runs out")
    }

    pub(super) fn heap_bytes(&self) -> usize {
        // A hash map entry: the (u64, u32) pair padded to 16 bytes and a control byte.
        self.text.capacity()
            + self.ends.capacity() * 4
            + self.kinds.capacity()
            + self.index.capacity() * 17
            + self.codes.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_where_keeps_the_hits_a_straightforward_filter_keeps_at_every_width() {
        // Codes of every width (four bits with an odd and an even count, a byte, two, four),
        // kept by tables that say yes to none, some, all, or stop short of the codes.
        for (values, len) in [
            (15, 0),
            (15, 1),
            (15, 1001),
            (15, 1000),
            (200, 999),
            (3000, 999),
            (70_000, 999),
        ] {
            // The widest code first, then a fixed scramble with missing hits (0) among them.
            let mut codes = Codes::missing(0);
            for i in 0..len {
                codes.push(if i == 0 {
                    values as u32
                } else {
                    ((i * 7919 + i / 3) % (values + 1)) as u32
                });
            }
            assert_eq!(codes.len(), len);
            for keep in [
                vec![],
                vec![true],
                vec![false, true, false, true, true],
                (0..=values).map(|c| c % 3 == 0).collect(),
                vec![true; values + 1],
            ] {
                let expected: Vec<u32> = (0..codes.len())
                    .filter(|&i| keep.get(codes.get(i) as usize).copied().unwrap_or(false))
                    .map(|i| i as u32)
                    .collect();
                assert_eq!(
                    codes.rows_where(&keep),
                    expected,
                    "{values} values, {len} hits"
                );
            }
        }
    }

    #[test]
    fn codes_widen_as_values_come_and_keep_every_code() {
        let mut codes = Codes::missing(3);
        codes.reserve(100_000);
        let sent: Vec<u32> = (0..70_000u32)
            .map(|i| {
                if i % 3 == 0 {
                    0
                } else {
                    i.min(i % 16 + i / 200)
                }
            })
            .collect();
        let mut widths = Vec::new();
        for &c in &sent {
            codes.push(c);
            let width = codes.heap_bytes() as f64 / codes.capacity() as f64;
            if widths.last() != Some(&width) {
                widths.push(width);
            }
        }
        assert_eq!(widths, [0.5, 1.0, 2.0], "half a byte, then one, then two");
        assert!(codes.capacity() >= 100_003, "the room made stays");
        assert_eq!(codes.len(), 70_003);
        let got: Vec<u32> = (3..codes.len()).map(|i| codes.get(i)).collect();
        assert_eq!(got, sent);
        let mut each = Vec::new();
        codes.each(|i, c| each.push((i, c)));
        assert!(each
            .iter()
            .enumerate()
            .all(|(n, &(i, c))| n == i && c == codes.get(i)));
        assert_eq!(each.len(), codes.len());
        assert_eq!((0..3).map(|i| codes.get(i)).collect::<Vec<_>>(), [0, 0, 0]);
        codes.push(70_000);
        assert_eq!(codes.get(70_003), 70_000);
        assert_eq!(codes.heap_bytes() / codes.capacity(), 4);
    }
}
