//! How the simulator's answers are shaped. `reference` answers exactly as the vendor's reference
//! page shows; `variant` answers the way other versions of the API and ManageEngine's sibling
//! products do (jobs-api-notes.md), so a client can be tested against a server it was not
//! written from: numbers as text, v1 field names, wrapped errors, errors inside HTTP 200,
//! v1's delete reply, lookups answered with every job, results without `meta`, an empty 200
//! past the last page, 429s without `Retry-After`, running jobs without a total.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The shape of an error body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorShape {
    /// The vendor's `{"code","title","detail"}` (the reference page's 401).
    #[default]
    Flat,
    /// The shared v2 framework's `{"error":{"code","title","detail"}}`.
    Wrapped,
    /// OpManager's `{"error":{"message","errorcode"}}`.
    Message,
    /// v1's `{"ERROR_CODE","ERROR_DESCRIPTION"}`.
    Upper,
    /// The flat shape with the code as a JSON number (its leading zero lost).
    Numeric,
}

/// The answer to a successful delete.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteReply {
    /// `{"data":{"message":"Deleted hits for requestId [ID]"}}` (the reference page).
    #[default]
    Documented,
    /// v1's top-level `{"message":"deleted hits for for request_id [ID]"}`.
    Message,
    /// 200 with an empty body.
    Empty,
    /// 204 No Content.
    NoContent,
}

/// Every way the answers can differ from the reference page, each on its own, so a test can
/// switch one (`PUT /__sim/dialect`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dialect {
    /// Counters and times as JSON strings (`"hits_done":"372"`).
    pub string_numbers: bool,
    /// v1's `status` for `stage` and `running_time_in_millis` for `running_time_millis`.
    pub v1_names: bool,
    /// Stages in lower case (`success`).
    pub lowercase_stages: bool,
    /// A running job leaves `total_hits` out (it does not know it yet).
    pub running_without_total: bool,
    pub error_shape: ErrorShape,
    /// 400, 401 and 403 answered with HTTP 200 and the error body.
    pub errors_as_200: bool,
    pub delete_reply: DeleteReply,
    /// `GET /api/v2/jobs?request_id=` answers with every live job, whatever the id.
    pub lookup_lists_all: bool,
    /// Results pages without `meta`.
    pub no_results_meta: bool,
    /// A page past the last is an empty 200, not a 404.
    pub empty_past_end: bool,
    /// 429s come without `Retry-After`.
    pub no_retry_after: bool,
}

impl Dialect {
    pub const NAMES: [&str; 2] = ["reference", "variant"];

    /// A named dialect: `reference` or `variant`.
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "reference" => Some(Self::default()),
            "variant" => Some(Self {
                string_numbers: true,
                v1_names: true,
                lowercase_stages: true,
                running_without_total: true,
                error_shape: ErrorShape::Wrapped,
                errors_as_200: true,
                delete_reply: DeleteReply::Message,
                lookup_lists_all: true,
                no_results_meta: true,
                empty_past_end: true,
                no_retry_after: true,
            }),
            _ => None,
        }
    }

    /// A job as the reference shapes it, reshaped.
    pub fn job(&self, mut job: Map<String, Value>) -> Map<String, Value> {
        if self.running_without_total && job.get("stage") == Some(&json!("RUNNING")) {
            job.shift_remove("total_hits");
        }
        if self.lowercase_stages {
            if let Some(Value::String(s)) = job.get_mut("stage") {
                *s = s.to_ascii_lowercase();
            }
        }
        if self.string_numbers {
            for v in job.values_mut() {
                if let Value::Number(n) = v {
                    *v = Value::String(n.to_string());
                }
            }
        }
        if self.v1_names {
            job = job
                .into_iter()
                .map(|(k, v)| match k.as_str() {
                    "stage" => ("status".to_owned(), v),
                    "running_time_millis" => ("running_time_in_millis".to_owned(), v),
                    _ => (k, v),
                })
                .collect();
        }
        job
    }

    /// An error body in this dialect's shape.
    pub fn error_body(&self, code: &str, title: &str, detail: &str) -> Value {
        match self.error_shape {
            ErrorShape::Flat => json!({ "code": code, "title": title, "detail": detail }),
            ErrorShape::Wrapped => {
                json!({ "error": { "code": code, "title": title, "detail": detail } })
            }
            ErrorShape::Message => json!({ "error": { "message": detail, "errorcode": code } }),
            ErrorShape::Upper => json!({ "ERROR_CODE": code, "ERROR_DESCRIPTION": detail }),
            ErrorShape::Numeric => json!({
                "code": code.parse::<u64>().map_or_else(|_| json!(code), |n| json!(n)),
                "title": title,
                "detail": detail,
            }),
        }
    }

    /// The HTTP status an error goes out with.
    pub fn error_status(&self, status: u16) -> u16 {
        match status {
            400 | 401 | 403 if self.errors_as_200 => 200,
            other => other,
        }
    }

    /// The body of a successful delete of `id`, if it has one.
    pub fn delete_body(&self, id: &str) -> Option<Value> {
        match self.delete_reply {
            DeleteReply::Documented => Some(json!({
                "data": { "message": format!("Deleted hits for requestId [{id}]") }
            })),
            DeleteReply::Message => Some(json!({
                "message": format!("deleted hits for for request_id [{id}]")
            })),
            DeleteReply::Empty | DeleteReply::NoContent => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference_job() -> Map<String, Value> {
        json!({"running_time_millis": 97, "hits_done": 3, "stage": "RUNNING", "total_hits": 9,
               "request_id": "AZ"})
        .as_object()
        .unwrap()
        .clone()
    }

    #[test]
    fn the_reference_dialect_changes_nothing() {
        let d = Dialect::named("reference").unwrap();
        assert_eq!(d.job(reference_job()), reference_job());
        assert_eq!(
            d.error_body("070011101", "Unauthorized", "x"),
            json!({"code": "070011101", "title": "Unauthorized", "detail": "x"})
        );
        assert_eq!(d.error_status(401), 401);
        assert!(Dialect::named("other").is_none());
    }

    #[test]
    fn the_variant_reshapes_jobs_and_errors() {
        let d = Dialect::named("variant").unwrap();
        let job = Value::Object(d.job(reference_job()));
        assert_eq!(
            job,
            json!({"running_time_in_millis": "97", "hits_done": "3", "status": "running",
                   "request_id": "AZ"})
        );
        assert_eq!(
            d.error_body("070011101", "Unauthorized", "x"),
            json!({"error": {"code": "070011101", "title": "Unauthorized", "detail": "x"}})
        );
        assert_eq!(d.error_status(401), 200);
        assert_eq!(d.error_status(404), 404);
        assert_eq!(
            d.delete_body("AZ"),
            Some(json!({"message": "deleted hits for for request_id [AZ]"}))
        );
        let numeric = Dialect {
            error_shape: ErrorShape::Numeric,
            ..Dialect::default()
        };
        assert_eq!(
            numeric.error_body("070011101", "U", "x")["code"],
            json!(70011101)
        );
    }
}
