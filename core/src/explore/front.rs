//! A column of nearly all different values (ids), each hit's written against the one before.

use super::column::Kind;

/// Kinds that are all one kind but for a few rows.
#[derive(Debug)]
pub(super) struct Kinds {
    pub(super) usual: Kind,
    /// (row, kind) for the rows of another kind, in row order.
    pub(super) odd: Vec<(u32, u8)>,
}

impl Kinds {
    pub(super) fn push(&mut self, row: usize, kind: Kind) {
        if kind != self.usual {
            self.odd.push((row as u32, kind as u8));
        }
    }

    pub(super) fn get(&self, row: usize) -> Kind {
        match self.odd.binary_search_by_key(&(row as u32), |o| o.0) {
            Ok(at) => Kind::from_u8(self.odd[at].1),
            Err(_) => self.usual,
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.odd.capacity() * 8
    }
}

/// Every hit's value in order, each written as the length it shares with the one before, its
/// own length and the rest; a restart every [`RESTART`] hits keeps reading one value short.
#[derive(Debug)]
pub(super) struct FrontCoded {
    pub(super) bytes: Vec<u8>,
    /// Where each restart's first entry starts in `bytes`.
    pub(super) restarts: Vec<u32>,
    pub(super) kinds: Kinds,
    pub(super) rows: usize,
    /// The last value pushed, which the next is coded against.
    pub(super) last: String,
    /// The first text (string, boolean or JSON) pushed, and how many of its bytes, all ASCII,
    /// every later text shares: where a sort need not read (ids often share a long prefix).
    first_text: Option<String>,
    shared_prefix: usize,
}

const RESTART: usize = 16;

/// A length in one byte, or 255 and four more.
fn push_len(bytes: &mut Vec<u8>, n: usize) {
    if n < 255 {
        bytes.push(n as u8);
    } else {
        bytes.push(255);
        bytes.extend_from_slice(&(n as u32).to_le_bytes());
    }
}

fn read_len(bytes: &[u8], at: &mut usize) -> usize {
    let n = bytes[*at];
    *at += 1;
    if n < 255 {
        usize::from(n)
    } else {
        let mut four = [0; 4];
        four.copy_from_slice(&bytes[*at..*at + 4]);
        *at += 4;
        u32::from_le_bytes(four) as usize
    }
}

impl FrontCoded {
    pub(super) fn new(usual: Kind) -> Self {
        Self {
            bytes: Vec::new(),
            restarts: Vec::new(),
            kinds: Kinds {
                usual,
                odd: Vec::new(),
            },
            rows: 0,
            last: String::new(),
            first_text: None,
            shared_prefix: 0,
        }
    }

    /// How many leading bytes, all ASCII, every text value shares.
    pub(super) fn shared_prefix(&self) -> usize {
        self.shared_prefix
    }

    pub(super) fn push(&mut self, kind: Kind, text: &str) {
        let row = self.rows;
        let shared = if row.is_multiple_of(RESTART) {
            self.restarts.push(self.bytes.len() as u32);
            0
        } else {
            let mut n = self
                .last
                .bytes()
                .zip(text.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            // Never split a character.
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            n
        };
        if matches!(kind, Kind::String | Kind::Bool | Kind::Json) {
            match &self.first_text {
                None => {
                    let ascii = text.bytes().take_while(u8::is_ascii).count();
                    self.shared_prefix = ascii;
                    self.first_text = Some(text[..ascii].to_owned());
                }
                Some(first) => {
                    self.shared_prefix = first.as_bytes()[..self.shared_prefix]
                        .iter()
                        .zip(text.bytes())
                        .take_while(|(a, b)| **a == *b)
                        .count();
                }
            }
        }
        push_len(&mut self.bytes, shared);
        push_len(&mut self.bytes, text.len() - shared);
        self.bytes.extend_from_slice(&text.as_bytes()[shared..]);
        self.kinds.push(row, kind);
        self.rows += 1;
        self.last.clear();
        self.last.push_str(text);
    }

    /// Hit `row`'s value: decoded from the restart before it.
    pub(super) fn get(&self, row: usize, out: &mut String) -> Kind {
        out.clear();
        let mut at = self.restarts[row / RESTART] as usize;
        for _ in row - row % RESTART..=row {
            let shared = read_len(&self.bytes, &mut at);
            let rest = read_len(&self.bytes, &mut at);
            out.truncate(shared);
            out.push_str(std::str::from_utf8(&self.bytes[at..at + rest]).unwrap_or_default());
            at += rest;
        }
        self.kinds.get(row)
    }

    /// Every hit's value in order, decoded once each.
    pub(super) fn for_each(&self, mut f: impl FnMut(usize, Kind, &str)) {
        let mut out = String::new();
        let mut at = 0;
        let mut odd = self.kinds.odd.iter().peekable();
        for row in 0..self.rows {
            let shared = read_len(&self.bytes, &mut at);
            let rest = read_len(&self.bytes, &mut at);
            out.truncate(shared);
            out.push_str(std::str::from_utf8(&self.bytes[at..at + rest]).unwrap_or_default());
            at += rest;
            let kind = match odd.peek() {
                Some(&&(r, k)) if r as usize == row => {
                    odd.next();
                    Kind::from_u8(k)
                }
                _ => self.kinds.usual,
            };
            f(row, kind, &out);
        }
    }

    pub(super) fn reserve(&mut self, rows: usize) {
        // About what the last rows took each.
        let each = self.bytes.len() / self.rows.max(1) + 1;
        self.bytes.reserve_exact(rows * each);
        self.restarts.reserve_exact(rows / RESTART + 1);
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.restarts.capacity() * 4
            + self.kinds.heap_bytes()
            + self.first_text.as_ref().map_or(0, String::capacity)
    }
}
