//! What the explore worker does with each message, as plain Rust: the worker binary only
//! passes text in and out, so everything it decides is tested natively here.

use super::column::Kind;
use super::{
    ingest::{read_add, ADD_PREFIX},
    protocol::{Answer, Ask, FromWorker, Stats, Timings, ToWorker, View},
    Store,
};
use crate::{export::Format, models::PAGE_SIZE, Hit};
use serde::{ser::SerializeMap, Serialize, Serializer};
use std::collections::BTreeMap;

/// The store of one job and which pages it holds.
pub struct Explorer {
    store: Store,
    /// Hits held per page.
    pages: BTreeMap<u64, usize>,
    /// Milliseconds from some fixed start, to time each part of an answer (the worker's
    /// `performance.now`; natively, a clock the caller picks).
    clock: fn() -> f64,
}

impl Default for Explorer {
    fn default() -> Self {
        Self::new(|| 0.0)
    }
}

impl Explorer {
    pub fn new(clock: fn() -> f64) -> Self {
        Self {
            store: Store::default(),
            pages: BTreeMap::new(),
            clock,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A message as it came (JSON text). A page of hits is read straight into the store.
    pub fn handle_text(&mut self, text: &str) -> FromWorker<Shown<'_>> {
        if text.starts_with(ADD_PREFIX) {
            return self.read_page(text);
        }
        match serde_json::from_str::<ToWorker>(text) {
            Ok(message) => self.handle(message),
            Err(e) => FromWorker::Unreadable { why: e.to_string() },
        }
    }

    pub fn handle(&mut self, message: ToWorker) -> FromWorker<Shown<'_>> {
        match message {
            ToWorker::Add { page, hits } => {
                let (added, held) = self.add(page, &hits);
                FromWorker::Added {
                    page,
                    added,
                    held,
                    stats: self.stats(),
                }
            }
            ToWorker::Expect { hits } => {
                self.store
                    .expect(usize::try_from(hits).unwrap_or(usize::MAX));
                FromWorker::Noted
            }
            ToWorker::Ask(ask) => FromWorker::Answer(self.ask(&ask)),
            ToWorker::Export {
                id,
                view,
                format,
                columns,
            } => {
                let rows = self.rows(&view);
                FromWorker::Exported {
                    id,
                    hits: rows.len(),
                    text: self.export(&rows, format, &columns),
                }
            }
        }
    }

    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.store.len(),
            heap_bytes: self.store.heap_bytes(),
        }
    }

    /// Adds the hits of `page` not yet held. A page only grows at its end (a running job's last
    /// page), so the first hits held are the first hits sent. Returns (added, held for page).
    pub fn add(&mut self, page: u64, hits: &[Hit]) -> (usize, usize) {
        let held = self.pages.get(&page).copied().unwrap_or(0);
        let new = hits.get(held..).unwrap_or_default();
        self.store.add(new);
        let now = held + new.len();
        self.pages.insert(page, now);
        (new.len(), now)
    }

    /// An `add` message's hits read into the store as they are parsed, past those of the page
    /// already held. Should the text break off, the hits read before stay and are counted.
    fn read_page<R>(&mut self, text: &str) -> FromWorker<R> {
        let pages = &self.pages;
        let mut read = None;
        let result = read_add(
            text,
            &mut self.store,
            |page| pages.get(&page).copied().unwrap_or(0),
            &mut read,
        );
        if let Some(r) = read {
            self.pages.insert(r.page, r.held + r.added);
        }
        match (result, read) {
            (Ok(()), Some(r)) => FromWorker::Added {
                page: r.page,
                added: r.added,
                held: r.held + r.added,
                stats: self.stats(),
            },
            (Ok(()), None) => FromWorker::Unreadable {
                why: "an add message without its page".into(),
            },
            (Err(e), _) => FromWorker::Unreadable { why: e.to_string() },
        }
    }

    /// The rows matching `view`, in its order.
    pub fn rows(&self, view: &View) -> Vec<u32> {
        let timings = &mut Timings::default();
        let mut rows = self.matched(view, timings);
        self.sorted(&mut rows, view, timings);
        rows
    }

    /// The rows matching `view`'s filters, in load order.
    fn matched(&self, view: &View, timings: &mut Timings) -> Vec<u32> {
        let start = (self.clock)();
        let rows = self.store.matching(&view.query);
        timings.filter_ms = (self.clock)() - start;
        rows
    }

    fn sorted(&self, rows: &mut [u32], view: &View, timings: &mut Timings) {
        let start = (self.clock)();
        if let Some((field, descending)) = &view.sort {
            self.store.sort(rows, field, *descending);
        }
        timings.sort_ms = (self.clock)() - start;
    }

    /// One file of `rows` (a CSV with its header), written a page's worth of hits at a time so
    /// that only those are ever decoded at once.
    fn export(&self, rows: &[u32], format: Format, columns: &[String]) -> String {
        if rows.is_empty() {
            return format.encode(&[], columns, true);
        }
        let mut text = String::new();
        for (i, chunk) in rows.chunks(PAGE_SIZE as usize).enumerate() {
            let hits: Vec<Hit> = chunk.iter().map(|&r| self.store.hit(r as usize)).collect();
            text.push_str(&format.encode(&hits, columns, i == 0));
        }
        text
    }

    pub fn ask(&self, ask: &Ask) -> Answer<Shown<'_>> {
        let mut timings = Timings::default();
        let mut rows = self.matched(&ask.view, &mut timings);
        // Counts and charts are taken before the sort, over the rows in load order, the order
        // the columns are laid out in: read in a sort's order, a million hits' columns miss
        // the cache on nearly every hit.
        let start = (self.clock)();
        let facets = if ask.top_n == 0 {
            Vec::new()
        } else {
            self.store
                .fields()
                .iter()
                .map(|f| self.store.facet(&rows, f, ask.top_n))
                .collect()
        };
        let counted = (self.clock)();
        let histogram = (ask.buckets > 0)
            .then(|| self.store.histogram(&rows, ask.buckets))
            .flatten();
        timings.facets_ms = counted - start;
        timings.histogram_ms = (self.clock)() - counted;
        self.sorted(&mut rows, &ask.view, &mut timings);
        let start = (self.clock)();
        let shown = Shown {
            store: &self.store,
            rows: rows
                .iter()
                .skip(ask.offset)
                .take(ask.limit)
                .copied()
                .collect(),
        };
        timings.rows_ms = (self.clock)() - start;
        Answer {
            id: ask.id,
            view: ask.view.clone(),
            total: self.store.len(),
            matched: rows.len(),
            offset: ask.offset,
            rows: shown,
            fields: self.store.fields().to_vec(),
            facets,
            histogram,
            timings,
        }
    }
}

/// Writes `reply` as the app reads it ([`super::protocol::Timed`]) into `out`: the reply, then
/// what `after` says once it is written (the milliseconds it took, the worker's memory). One
/// buffer serves every reply, rather than a new string for the reply and another around it.
pub fn write_timed<R: Serialize>(
    out: &mut Vec<u8>,
    reply: &FromWorker<R>,
    after: impl FnOnce() -> (f64, u64),
) {
    const OPEN: &[u8] = br#"{"reply":"#;
    out.clear();
    out.extend_from_slice(OPEN);
    if let Err(e) = serde_json::to_writer(&mut *out, reply) {
        out.truncate(OPEN.len());
        let why = format!("the reply could not be written: {e}");
        let unreadable: FromWorker = FromWorker::Unreadable { why };
        let _ = serde_json::to_writer(&mut *out, &unreadable);
    }
    let (took, memory) = after();
    out.extend_from_slice(format!(r#","took_ms":{took},"memory_bytes":{memory}}}"#).as_bytes());
}

/// Rows of the store sent back as hits, each written from its columns as the reply is
/// written, rather than made into maps first (a thousand maps are about 2 MB).
#[derive(Debug)]
pub struct Shown<'a> {
    store: &'a Store,
    rows: Vec<u32>,
}

impl Shown<'_> {
    pub fn hits(&self) -> Vec<Hit> {
        self.rows
            .iter()
            .map(|&r| self.store.hit(r as usize))
            .collect()
    }
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.rows.iter().map(|&row| ShownHit {
            store: self.store,
            row,
        }))
    }
}

/// One hit as [`Store::hit`] gives it.
struct ShownHit<'a> {
    store: &'a Store,
    row: u32,
}

impl Serialize for ShownHit<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.store
            .try_each_value(self.row as usize, |field, kind, text| match kind {
                Kind::String => map.serialize_entry(field, text),
                _ => map.serialize_entry(field, &kind.value(text)),
            })?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::{protocol::Timed, Condition, Query};
    use serde_json::json;

    fn hit(n: i64, sev: &str) -> Hit {
        let v = json!({"Time": 1_700_000_000_000i64 + n * 1000, "Severity": sev, "n": n});
        v.as_object().unwrap().clone()
    }

    fn page(from: i64, len: i64) -> Vec<Hit> {
        (from..from + len)
            .map(|n| hit(n, if n % 3 == 0 { "error" } else { "info" }))
            .collect()
    }

    #[test]
    fn a_page_loaded_again_adds_only_its_new_hits() {
        let mut ex = Explorer::default();
        assert_eq!(ex.add(1, &page(0, 1000)), (1000, 1000));
        assert_eq!(ex.add(2, &page(1000, 400)), (400, 400));
        // The running job's last page, loaded again with more hits.
        assert_eq!(ex.add(2, &page(1000, 700)), (300, 700));
        // The same page again: nothing new.
        assert_eq!(ex.add(1, &page(0, 1000)), (0, 1000));
        assert_eq!(ex.stats().hits, 1700);
        let all = ex.rows(&View::default());
        let ns: Vec<i64> = all
            .iter()
            .map(|&r| ex.store().hit(r as usize)["n"].as_i64().unwrap())
            .collect();
        assert_eq!(ns, (0..1700).collect::<Vec<_>>());
    }

    #[test]
    fn an_answer_counts_every_match_and_sends_the_window_asked_for() {
        let mut ex = Explorer::default();
        ex.add(1, &page(0, 1000));
        ex.add(2, &page(1000, 1000));
        let view = View {
            query: Query {
                conditions: vec![Condition {
                    field: "Severity".into(),
                    value: "error".into(),
                    negate: false,
                }],
                ..Query::default()
            },
            sort: Some(("n".into(), true)),
        };
        let answer = ex.ask(&Ask {
            id: 7,
            view,
            offset: 10,
            limit: 5,
            top_n: 3,
            buckets: 50,
        });
        assert_eq!((answer.id, answer.total, answer.matched), (7, 2000, 667));
        let ns: Vec<i64> = answer
            .rows
            .hits()
            .iter()
            .map(|h| h["n"].as_i64().unwrap())
            .collect();
        // Descending multiples of 3 from 1998, skipping the first ten.
        assert_eq!(ns, vec![1968, 1965, 1962, 1959, 1956]);
        let sev = answer
            .facets
            .iter()
            .find(|f| f.column == "Severity")
            .unwrap();
        assert_eq!(sev.top, vec![("error".to_owned(), 667)]);
        let h = answer.histogram.unwrap();
        let counted: u32 = h.counts.iter().flatten().sum();
        assert_eq!(counted, 667);
        assert_eq!(answer.fields, vec!["Time", "Severity", "n"]);
    }

    #[test]
    fn each_part_of_an_answer_is_timed_by_the_clock_given() {
        use std::sync::atomic::{AtomicU64, Ordering};
        static TICKS: AtomicU64 = AtomicU64::new(0);
        // Every reading is 1 ms after the last.
        let mut ex = Explorer::new(|| TICKS.fetch_add(1, Ordering::Relaxed) as f64);
        ex.add(1, &page(0, 10));
        let answer = ex.ask(&Ask {
            id: 1,
            view: View {
                sort: Some(("n".into(), false)),
                ..View::default()
            },
            limit: 10,
            top_n: 1,
            buckets: 10,
            ..Ask::default()
        });
        let t = answer.timings;
        assert_eq!(
            [
                t.filter_ms,
                t.sort_ms,
                t.rows_ms,
                t.facets_ms,
                t.histogram_ms
            ],
            [1.0; 5]
        );
    }

    #[test]
    fn a_reply_is_written_with_its_timing_as_the_app_reads_it() {
        let mut ex = Explorer::default();
        ex.add(1, &page(0, 20));
        let mut out = Vec::new();
        let ask = Ask {
            id: 3,
            limit: 2,
            ..Ask::default()
        };
        let reply = FromWorker::Answer(ex.ask(&ask));
        write_timed(&mut out, &reply, || (1.5, 65_536));
        // The kind first, so that the app reads the body without copying it first.
        assert!(out.starts_with(br#"{"reply":{"kind":"answer","body":{"id":3,"#));
        let timed: Timed = serde_json::from_slice(&out).unwrap();
        assert_eq!((timed.took_ms, timed.memory_bytes), (1.5, 65_536));
        let FromWorker::Answer(answer) = timed.reply else {
            panic!("{:?}", timed.reply)
        };
        let FromWorker::Answer(sent) = &reply else {
            unreachable!()
        };
        assert_eq!((answer.id, answer.matched), (3, 20));
        assert_eq!(answer.rows, sent.rows.hits());
        assert_eq!(answer.rows, page(0, 2));
        // The buffer is written afresh each time.
        write_timed(&mut out, &FromWorker::<Vec<Hit>>::Noted, || (0.0, 1));
        let timed: Timed = serde_json::from_slice(&out).unwrap();
        assert_eq!(timed.reply, FromWorker::Noted);
    }

    #[test]
    fn messages_travel_as_text_and_bad_text_is_named() {
        let mut ex = Explorer::default();
        let add = serde_json::to_string(&ToWorker::Add {
            page: 1,
            hits: page(0, 3),
        })
        .unwrap();
        match ex.handle_text(&add) {
            FromWorker::Added { added, stats, .. } => assert_eq!((added, stats.hits), (3, 3)),
            other => panic!("{other:?}"),
        }
        let export = serde_json::to_string(&ToWorker::Export {
            id: 1,
            view: View::default(),
            format: Format::Csv,
            columns: vec!["n".into(), "Severity".into()],
        })
        .unwrap();
        match ex.handle_text(&export) {
            FromWorker::Exported { hits, text, .. } => {
                assert_eq!(hits, 3);
                assert_eq!(text, "n,Severity\r\n0,error\r\n1,info\r\n2,info\r\n");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            ex.handle_text("{\"kind\":\"nope\"}"),
            FromWorker::Unreadable { .. }
        ));
    }
}
