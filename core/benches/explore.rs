//! The whole-job store on 100 000 of the simulator's mixed hits, natively: memory a hit, adding
//! a 1000-hit page, and each query, each with the same question asked of the hits as parsed
//! JSON maps (the single page's functions over 100 000 hits) in the same run as the baseline.
//! (The figures are for wasm in a worker: that benchmark comes with the worker.)

use joblens_core::{
    explore::{Condition, Query, Store},
    hits, Hit,
};
use joblens_sim::hits::{HitSource, LogMix, Naming};
use std::time::Instant;

const HITS: u64 = 100_000;
const RUNS: usize = 7;

/// Median, min and max milliseconds of `RUNS` runs of `f`.
fn time<T>(mut f: impl FnMut() -> T) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[RUNS / 2], ms[0], ms[RUNS - 1])
}

fn line(name: &str, store: (f64, f64, f64), baseline: Option<(f64, f64, f64)>) {
    let b = baseline.map_or(String::new(), |b| {
        format!("  maps {:>8.2} ms  ratio {:.2}x", b.0, store.0 / b.0)
    });
    println!(
        "{name:<34} {:>8.2} ms (min {:.2}, max {:.2}){b}",
        store.0, store.1, store.2
    );
}

fn main() {
    let source = HitSource {
        seed: 42,
        job: 3,
        mix: LogMix::Mixed,
        newest_ms: 1_747_735_585_000,
        spacing_ms: 900,
    };
    let hits: Vec<Hit> = (0..HITS).map(|i| source.hit(i, Naming::Client)).collect();
    let mut store = Store::new();
    let mut pages = Vec::new();
    for page in hits.chunks(1000) {
        let t = Instant::now();
        store.add(page);
        pages.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    pages.sort_by(f64::total_cmp);
    let json: usize = hits
        .iter()
        .map(|h| serde_json::to_string(h).unwrap().len())
        .sum();
    println!(
        "explore store, {HITS} mixed hits (native): {:.1} bytes a hit (JSON {:.0}), {} fields",
        store.heap_bytes() as f64 / HITS as f64,
        json as f64 / HITS as f64,
        store.fields().len()
    );
    line(
        "add a 1000-hit page",
        (pages[pages.len() / 2], pages[0], pages[pages.len() - 1]),
        None,
    );
    let text = Query {
        text: "fw-edge-02".into(),
        ..Query::default()
    };
    line(
        "quick text filter",
        time(|| store.matching(&text)),
        Some(time(|| hits::view(&hits, "fw-edge-02", None))),
    );
    let field = Query {
        conditions: vec![Condition {
            field: "Severity".into(),
            value: "error".into(),
            negate: false,
        }],
        ..Query::default()
    };
    line(
        "field = value",
        time(|| store.matching(&field)),
        Some(time(|| {
            hits.iter()
                .enumerate()
                .filter(|(_, h)| h.get("Severity").and_then(|v| v.as_str()) == Some("error"))
                .count()
        })),
    );
    let all: Vec<u32> = (0..HITS as u32).collect();
    line(
        "facet counts of every field",
        time(|| {
            store
                .fields()
                .iter()
                .map(|f| store.facet(&all, f, 5).distinct)
                .sum::<usize>()
        }),
        Some(time(|| {
            store
                .fields()
                .iter()
                .map(|f| hits::summarize(&hits, f, 5).distinct)
                .sum::<usize>()
        })),
    );
    line("histogram", time(|| store.histogram(&all, 60)), None);
    for (field, label) in [
        ("UUID", "sort by UUID (nearly all different)"),
        ("Device", "sort by Device"),
    ] {
        line(
            label,
            time(|| {
                let mut rows = all.clone();
                store.sort(&mut rows, field, false);
                rows
            }),
            Some(time(|| hits::view(&hits, "", Some((field, false))))),
        );
    }
}
