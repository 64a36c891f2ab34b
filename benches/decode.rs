//! `cargo bench --target wasm32-unknown-unknown -p joblens --bench decode` (headless Chromium):
//! decoding a 1000-hit results page in wasm the way `api::Client` does (`Answer::read`:
//! serde_json from the body's bytes, then the lenient reading of the envelope), against the baseline of going through JS objects (`JSON.parse`, then
//! serde-wasm-bindgen), measured in the same run. Prints figures; asserts nothing about time.
#![cfg(target_arch = "wasm32")]

use joblens_core::{decode::Answer, ResultsPage};
use serde_json::{json, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A 1000-hit page: the reference page's hit, varied per row.
fn page_bytes() -> Vec<u8> {
    let reference: Value = serde_json::from_str(include_str!("../contract/results.json")).unwrap();
    let template = reference["data"]["hits"][0].as_object().unwrap().clone();
    let hits: Vec<Value> = (0..1000)
        .map(|i| {
            let mut hit = template.clone();
            hit.insert(
                "Time".into(),
                json!((1_747_735_585_000i64 - i * 997).to_string()),
            );
            hit.insert("Event ID".into(), json!((4600 + i % 50).to_string()));
            hit.insert(
                "Device".into(),
                json!(format!("host-{:05}", i * 7919 % 100_000)),
            );
            hit.insert(
                "Message".into(),
                json!(format!(
                    "An account failed to log on. Account: user{i}; source 203.0.113.{}",
                    i % 250
                )),
            );
            Value::Object(hit)
        })
        .collect();
    serde_json::to_vec(&json!({
        "data": { "hits": hits },
        "meta": { "next_page": 2, "total_items": 100_000, "items_in_current_page": 1000 }
    }))
    .unwrap()
}

/// Times `f` over `runs` samples of `reps` calls each, yielding to the browser between
/// samples; returns per-call milliseconds (median, min, max).
async fn measure(runs: usize, reps: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = perf.now();
        for _ in 0..reps {
            f();
        }
        samples.push((perf.now() - t) / reps as f64);
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    samples.sort_by(f64::total_cmp);
    (samples[runs / 2], samples[0], samples[runs - 1])
}

#[wasm_bindgen_test]
async fn decode_1000_hits() {
    let bytes = page_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let ours = || {
        let answer = Answer {
            method: "GET",
            target: "/api/v2/jobs/results?request_id=X&page=1",
            status: 200,
            content_type: Some("application/json"),
            retry_after: None,
            body: &bytes,
        };
        let page: ResultsPage = answer.read("a page of hits").unwrap();
        assert_eq!(page.hits.len(), 1000);
    };
    let baseline = || {
        let value = js_sys::JSON::parse(&text).unwrap();
        let page: ResultsPage = serde_wasm_bindgen::from_value(value).unwrap();
        assert_eq!(page.hits.len(), 1000);
    };
    // Warm both up, then measure them in the same run.
    measure(3, 2, ours).await;
    measure(3, 2, baseline).await;
    let a = measure(15, 4, ours).await;
    let b = measure(15, 4, baseline).await;
    let line = |name: &str, (med, min, max): (f64, f64, f64)| {
        format!("{name:<48} median {med:7.2} ms  min {min:7.2}  max {max:7.2}")
    };
    let report = [
        format!(
            "decode a 1000-hit page ({} KB) in wasm, per call:",
            bytes.len() / 1024
        ),
        line("serde_json from bytes (Answer::read)", a),
        line("baseline: JSON.parse + serde_wasm_bindgen", b),
        format!("ratio serde_json / baseline: {:.2}x", a.0 / b.0),
    ]
    .join("\n");
    web_sys::console::log_1(&report.into());
}
