//! A column's distinct values, each stored once, and every hit's code for its value, as narrow
//! as the number of distinct values allows.

use super::column::Kind;
use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
};

/// Per-hit codes, as narrow as the number of distinct values allows.
#[derive(Debug)]
pub(super) enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Codes {
    pub(super) fn push(&mut self, code: u32) {
        match self {
            Self::U8(v) if code <= u32::from(u8::MAX) => v.push(code as u8),
            Self::U16(v) if code <= u32::from(u16::MAX) => v.push(code as u16),
            Self::U32(v) => v.push(code),
            Self::U8(v) if code <= u32::from(u16::MAX) => {
                let mut wide: Vec<u16> = v.iter().map(|&c| u16::from(c)).collect();
                wide.push(code as u16);
                *self = Self::U16(wide);
            }
            _ => {
                let mut wide: Vec<u32> = (0..self.len()).map(|i| self.get(i)).collect();
                wide.push(code);
                *self = Self::U32(wide);
            }
        }
    }

    pub(super) fn get(&self, i: usize) -> u32 {
        match self {
            Self::U8(v) => u32::from(v[i]),
            Self::U16(v) => u32::from(v[i]),
            Self::U32(v) => v[i],
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Self::U8(v) => v.len(),
            Self::U16(v) => v.len(),
            Self::U32(v) => v.len(),
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        match self {
            Self::U8(v) => v.capacity(),
            Self::U16(v) => v.capacity() * 2,
            Self::U32(v) => v.capacity() * 4,
        }
    }
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
            codes: Codes::U8(vec![0; missing_rows]),
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
