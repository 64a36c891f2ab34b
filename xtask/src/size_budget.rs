//! The shipped-size gate of `cargo xtask bench --short`: the brotli size of the first screen's
//! wasm + JS in dist/ (what the job table downloads, measured by end2end/bench.mjs) against the
//! ceiling in bench/size-budget.json. The size is deterministic for a given build, so unlike
//! the timings it can fail CI.

use serde_json::Value;
use std::path::Path;

const FIGURE: &str = "first screen (job table) wasm + JS, brotli";

/// `Ok(report)` within the budget, `Err(report)` over it or when it cannot be read.
pub fn check(root: &Path, results: &Path) -> Result<String, String> {
    let read = |p: &Path| -> Result<Value, String> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
    };
    let budget = read(&root.join("bench/size-budget.json"))?;
    let figures = read(results)?;
    verdict(&budget, &figures)
}

fn verdict(budget: &Value, figures: &Value) -> Result<String, String> {
    let ceiling = budget["brotli_kb"]
        .as_f64()
        .ok_or("bench/size-budget.json: brotli_kb is not a number")?;
    let target = budget["target_kb"].as_f64().unwrap_or(ceiling);
    let measured = figures
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["name"] == FIGURE))
        .and_then(|f| f["median"].as_f64())
        .ok_or_else(|| format!("the results have no figure named {FIGURE:?}"))?;
    let line = format!(
        "first screen: {measured} KB brotli; budget {ceiling} KB (the target is {target} KB)"
    );
    if measured <= ceiling {
        Ok(line)
    } else {
        Err(format!("{line}: OVER BUDGET"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn figures(kb: f64) -> Value {
        json!([{ "name": "other", "median": 1.0 }, { "name": FIGURE, "median": kb }])
    }

    #[test]
    fn a_size_over_the_ceiling_fails_and_at_or_under_passes() {
        let budget = json!({ "brotli_kb": 300.0, "target_kb": 60 });
        assert!(verdict(&budget, &figures(299.9)).is_ok());
        assert!(verdict(&budget, &figures(300.0)).is_ok());
        let over = verdict(&budget, &figures(300.1)).unwrap_err();
        assert!(
            over.contains("OVER BUDGET") && over.contains("300.1"),
            "{over}"
        );
    }

    #[test]
    fn missing_figures_or_budget_are_errors_not_passes() {
        assert!(verdict(&json!({}), &figures(1.0)).is_err());
        assert!(verdict(&json!({ "brotli_kb": 300 }), &json!([])).is_err());
    }
}
