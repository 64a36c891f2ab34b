//! A [`View`] as it lives in the URL, so a link reopens the same filters and order:
//! `q` (quick text), `f` / `nf` (`field = value` / `field ≠ value`, repeated), `from` / `to`
//! (epoch ms) and `sort` / `dir`. A condition is `field:value` with both parts escaped, so a
//! field name may hold a `:`.

use super::{protocol::View, Condition, Query};
use crate::percent::{decode, encode};

fn condition_param(c: &Condition) -> String {
    format!("{}:{}", encode(&c.field), encode(&c.value))
}

fn read_condition(s: &str, negate: bool) -> Option<Condition> {
    let (field, value) = s.split_once(':')?;
    Some(Condition {
        field: decode(field),
        value: decode(value),
        negate,
    })
}

impl View {
    /// The URL parameters of this view, each as (name, value) before URL-escaping.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.query.text.is_empty() {
            out.push(("q", self.query.text.clone()));
        }
        for c in &self.query.conditions {
            out.push((if c.negate { "nf" } else { "f" }, condition_param(c)));
        }
        if let Some((from, to)) = self.query.time {
            out.push(("from", from.to_string()));
            out.push(("to", to.to_string()));
        }
        if let Some((field, descending)) = &self.sort {
            out.push(("sort", field.clone()));
            out.push(("dir", if *descending { "desc" } else { "asc" }.into()));
        }
        out
    }

    /// The query string of this view (`""` for the default), parameters escaped.
    pub fn to_query_string(&self) -> String {
        let parts: Vec<String> = self
            .params()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        parts.join("&")
    }

    /// Reads a view from URL parameters (already unescaped once, as a router gives them):
    /// `get_all(name)` gives every value of a parameter. Anything unreadable is left out.
    pub fn from_params(get_all: impl Fn(&str) -> Vec<String>) -> Self {
        let one = |k: &str| get_all(k).into_iter().next();
        let mut conditions = Vec::new();
        for (key, negate) in [("f", false), ("nf", true)] {
            conditions.extend(
                get_all(key)
                    .iter()
                    .filter_map(|s| read_condition(s, negate)),
            );
        }
        let time = match (
            one("from").and_then(|s| s.parse().ok()),
            one("to").and_then(|s| s.parse().ok()),
        ) {
            (Some(from), Some(to)) if from < to => Some((from, to)),
            _ => None,
        };
        Self {
            query: Query {
                text: one("q").unwrap_or_default(),
                conditions,
                time,
            },
            sort: one("sort")
                .filter(|s| !s.is_empty())
                .map(|f| (f, one("dir").as_deref() == Some("desc"))),
        }
    }

    /// This view with `field = value` (or `≠`) added; the opposite condition on the same value
    /// is replaced, and the same one is not added twice.
    pub fn with_condition(&self, field: &str, value: &str, negate: bool) -> Self {
        let mut next = self.clone();
        next.query
            .conditions
            .retain(|c| !(c.field == field && c.value == value));
        next.query.conditions.push(Condition {
            field: field.to_owned(),
            value: value.to_owned(),
            negate,
        });
        next
    }

    pub fn without_condition(&self, index: usize) -> Self {
        let mut next = self.clone();
        if index < next.query.conditions.len() {
            next.query.conditions.remove(index);
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Splits a query string as a router does: by `&` and the first `=`, each part unescaped.
    fn parse(qs: &str) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for part in qs.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            map.entry(decode(k)).or_default().push(decode(v));
        }
        map
    }

    #[test]
    fn a_view_survives_the_url_with_awkward_names_and_values() {
        let view = View {
            query: Query {
                text: "logon fail & co".into(),
                conditions: vec![
                    Condition {
                        field: "Severity".into(),
                        value: "error".into(),
                        negate: false,
                    },
                    Condition {
                        field: "odd:name".into(),
                        value: "a=b&c:d %41 é".into(),
                        negate: true,
                    },
                ],
                time: Some((1_700_000_000_000, 1_700_000_060_000)),
            },
            sort: Some(("Time".into(), true)),
        };
        let qs = view.to_query_string();
        assert!(!qs.contains(' ') && !qs.contains('é'), "{qs}");
        let map = parse(&qs);
        let back = View::from_params(|k| map.get(k).cloned().unwrap_or_default());
        assert_eq!(back, view);
        assert_eq!(View::default().to_query_string(), "");
    }

    #[test]
    fn unreadable_parts_are_left_out() {
        let map = parse("f=nocolon&from=5&to=3&sort=&nf=Host:x");
        let view = View::from_params(|k| map.get(k).cloned().unwrap_or_default());
        assert_eq!(view.query.conditions.len(), 1);
        assert!(view.query.conditions[0].negate);
        assert_eq!(view.query.time, None);
        assert_eq!(view.sort, None);
    }

    #[test]
    fn a_condition_replaces_its_opposite_and_is_never_doubled() {
        let v = View::default().with_condition("Host", "a", false);
        let v = v.with_condition("Host", "a", false);
        assert_eq!(v.query.conditions.len(), 1);
        let v = v.with_condition("Host", "a", true);
        assert_eq!(v.query.conditions.len(), 1);
        assert!(v.query.conditions[0].negate);
        let v = v.with_condition("Host", "b", false).without_condition(0);
        assert_eq!(v.query.conditions[0].value, "b");
    }
}
