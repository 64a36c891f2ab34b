//! An `add` message read straight into the store: each hit's values go to their columns as
//! they are parsed, borrowed from the message text, so a page never exists in the worker as a
//! list of maps (a 1000-hit page as maps is about 5 MB, and time to build and drop).

use super::{column::Field, Store};
use crate::models::PAGE_SIZE;
use serde::de::{
    self, value::MapAccessDeserializer, value::SeqAccessDeserializer, DeserializeSeed,
    Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;
use std::{borrow::Cow, fmt};

/// How every `add` message the app writes begins (serde writes an internally tagged enum's tag
/// first, then the fields in order: `page` before `hits`).
pub(super) const ADD_PREFIX: &str = r#"{"kind":"add","#;

/// Page `page` read into the store: `added` hits after the `held` it already had.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Read {
    pub page: u64,
    pub held: usize,
    pub added: usize,
}

/// Reads an `add` message (`text` starts with [`ADD_PREFIX`]) into `store`, skipping the first
/// `held(page)` hits. `read` says what was added even when the text turns out malformed
/// part-way: the hits before the fault stay, each whole.
pub(super) fn read_add(
    text: &str,
    store: &mut Store,
    held: impl FnOnce(u64) -> usize,
    read: &mut Option<Read>,
) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(Message {
        store,
        held: Some(held),
        read,
    })?;
    de.end()
}

struct Message<'a, H> {
    store: &'a mut Store,
    held: Option<H>,
    read: &'a mut Option<Read>,
}

impl<'de, H: FnOnce(u64) -> usize> Visitor<'de> for Message<'_, H> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an add message")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Text>()? {
            match key.0.as_ref() {
                "kind" => {
                    let kind: Text = map.next_value()?;
                    if kind.0 != "add" {
                        return Err(de::Error::custom("not an add message"));
                    }
                }
                "page" => {
                    let page: u64 = map.next_value()?;
                    let held = self.held.take().map_or(0, |held| held(page));
                    *self.read = Some(Read {
                        page,
                        held,
                        added: 0,
                    });
                }
                "hits" => {
                    let Some(read) = self.read.as_mut() else {
                        return Err(de::Error::custom("an add message's hits before its page"));
                    };
                    // A page holds at most this many; room for all expected is made after.
                    self.store.reserve(PAGE_SIZE as usize);
                    map.next_value_seed(Hits {
                        store: self.store,
                        read,
                    })?;
                    self.store.make_room();
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Hits<'a> {
    store: &'a mut Store,
    read: &'a mut Read,
}

impl<'de> DeserializeSeed<'de> for Hits<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Hits<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of hits")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for _ in 0..self.read.held {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        let mut fields = Vec::new();
        while seq
            .next_element_seed(Hit {
                store: &mut *self.store,
                fields: &mut fields,
            })?
            .is_some()
        {
            self.read.added += 1;
        }
        Ok(())
    }
}

/// One hit, added to the store once all its fields are read.
struct Hit<'a, 'de> {
    store: &'a mut Store,
    /// The hit's (column, value) pairs: one list reused for every hit.
    fields: &'a mut Vec<(usize, Field<'de>)>,
}

impl<'de> DeserializeSeed<'de> for Hit<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Hit<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a hit (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.fields.clear();
        while let Some(key) = map.next_key::<Text>()? {
            let column = self.store.column_for(&key.0);
            let FieldIn(value) = map.next_value()?;
            self.fields.push((column, value));
        }
        self.store.push_row(self.fields);
        Ok(())
    }
}

/// Text borrowed from the message when it has no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(s)))
    }
}

/// A value as the store takes it: text borrowed where it can be, anything else as the JSON
/// value serde_json would have made of it.
struct FieldIn<'de>(Field<'de>);

impl<'de> de::Deserialize<'de> for FieldIn<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

fn json<'de, E>(v: Value) -> Result<FieldIn<'de>, E> {
    Ok(FieldIn(Field::Json(Cow::Owned(v))))
}

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = FieldIn<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<FieldIn<'de>, E> {
        Ok(FieldIn(Field::Str(Cow::Borrowed(s))))
    }

    fn visit_str<E>(self, s: &str) -> Result<FieldIn<'de>, E> {
        Ok(FieldIn(Field::Str(Cow::Owned(s.to_owned()))))
    }

    fn visit_string<E>(self, s: String) -> Result<FieldIn<'de>, E> {
        Ok(FieldIn(Field::Str(Cow::Owned(s))))
    }

    fn visit_bool<E>(self, b: bool) -> Result<FieldIn<'de>, E> {
        json(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<FieldIn<'de>, E> {
        json(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<FieldIn<'de>, E> {
        json(Value::from(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<FieldIn<'de>, E> {
        json(Value::from(n))
    }

    fn visit_unit<E>(self) -> Result<FieldIn<'de>, E> {
        json(Value::Null)
    }

    fn visit_none<E>(self) -> Result<FieldIn<'de>, E> {
        json(Value::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldIn<'de>, A::Error> {
        json(de::Deserialize::deserialize(MapAccessDeserializer::new(
            map,
        ))?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FieldIn<'de>, A::Error> {
        json(de::Deserialize::deserialize(SeqAccessDeserializer::new(
            seq,
        ))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        explore::protocol::{add_text, ToWorker},
        Hit,
    };
    use serde_json::json;

    fn hits() -> Vec<Hit> {
        let odd = [
            json!({"Time": 1_747_735_585_000_i64, "a": null, "b": true, "c": {"k": [1, "x"]}, "d": 1.5}),
            json!({"Time": "1747735586000", "e": "esc\"aped \u{e9}\u{1}\n", "a": "text", "f": [], "g": -0.0}),
            json!({"Time": "not a time", "b": false, "n": 18_446_744_073_709_551_615_u64, "m": -7}),
            json!({}),
        ];
        let generated = (0..1200).map(|i| {
            json!({"Time": 1_747_735_585_000_i64 + i, "Device": format!("fw-{}", i % 7),
                   "UUID": format!("{:08x}-7d2c", i * 7919), "Port": (i * 31) % 65536,
                   "PID": format!("{}", 100 + i % 50)})
        });
        odd.into_iter()
            .chain(generated)
            .map(|v| v.as_object().unwrap().clone())
            .collect()
    }

    fn message(page: u64, hits: &[Hit]) -> String {
        serde_json::to_string(&ToWorker::Add {
            page,
            hits: hits.to_vec(),
        })
        .unwrap()
    }

    fn read(
        text: &str,
        store: &mut Store,
        held: usize,
    ) -> (Result<(), serde_json::Error>, Option<Read>) {
        let mut read = None;
        (read_add(text, store, |_| held, &mut read), read)
    }

    #[test]
    fn the_app_writes_add_messages_the_way_they_are_read() {
        assert!(message(3, &hits()[..2]).starts_with(ADD_PREFIX));
        // A page's hits passed on as the server's text are the same message.
        let hits = &hits()[..5];
        let text = serde_json::to_string(hits).unwrap();
        assert_eq!(add_text(7, &text), message(7, hits));
        let spaced = serde_json::to_string_pretty(hits).unwrap();
        let (mut a, mut b) = (Store::default(), Store::default());
        assert!(read(&add_text(7, &spaced), &mut a, 0).0.is_ok());
        assert!(read(&message(7, hits), &mut b, 0).0.is_ok());
        assert_eq!((0..5).map(|i| a.hit(i)).collect::<Vec<_>>(), hits);
        assert_eq!((0..5).map(|i| b.hit(i)).collect::<Vec<_>>(), hits);
    }

    #[test]
    fn a_page_read_straight_in_is_the_page_added_as_maps() {
        let hits = hits();
        let mut maps = Store::new();
        let mut streamed = Store::new();
        for (i, page) in hits.chunks(500).enumerate() {
            maps.add(page);
            let (result, r) = read(&message(i as u64 + 1, page), &mut streamed, 0);
            result.unwrap();
            assert_eq!(r.unwrap().added, page.len());
        }
        assert_eq!(streamed.fields(), maps.fields());
        assert_eq!(streamed.len(), hits.len());
        for (i, hit) in hits.iter().enumerate() {
            assert_eq!(&streamed.hit(i), hit, "hit {i}");
        }
        for field in ["UUID", "Port", "PID", "Time"] {
            let (a, b) = (streamed.column(field).unwrap(), maps.column(field).unwrap());
            assert_eq!(
                (a.is_ints(), a.codes().is_some()),
                (b.is_ints(), b.codes().is_some()),
                "{field}"
            );
        }
    }

    #[test]
    fn a_hit_with_a_key_twice_keeps_the_last_value_as_a_map_does() {
        let text = r#"{"kind":"add","page":1,"hits":[{"a":1,"b":2,"a":"three"},{"b":4}]}"#;
        let mut store = Store::new();
        read(text, &mut store, 0).0.unwrap();
        let expected: Hit = serde_json::from_str(r#"{"a":1,"b":2,"a":"three"}"#).unwrap();
        assert_eq!(store.hit(0), expected);
        assert_eq!(store.hit(1), json!({"b": 4}).as_object().unwrap().clone());
    }

    #[test]
    fn hits_already_held_are_skipped() {
        let hits = hits();
        let mut store = Store::new();
        read(&message(1, &hits[..300]), &mut store, 0).0.unwrap();
        let (result, r) = read(&message(1, &hits[..700]), &mut store, 300);
        result.unwrap();
        assert_eq!(
            r,
            Some(Read {
                page: 1,
                held: 300,
                added: 400
            })
        );
        assert_eq!(store.len(), 700);
        assert_eq!(&store.hit(699), &hits[699]);
    }

    #[test]
    fn text_broken_off_keeps_the_whole_hits_before_it() {
        let hits = hits();
        let text = message(2, &hits[..10]);
        // Cut inside the sixth hit (the fourth has no time).
        let cut = text.match_indices("{\"Time\"").nth(4).unwrap().0 + 12;
        let mut store = Store::new();
        let (result, r) = read(&text[..cut], &mut store, 0);
        assert!(result.is_err());
        assert_eq!(
            r,
            Some(Read {
                page: 2,
                held: 0,
                added: 5
            })
        );
        assert_eq!(store.len(), 5);
        for (i, hit) in hits[..5].iter().enumerate() {
            assert_eq!(&store.hit(i), hit);
        }
        // Sent again, only the rest is added.
        let (result, r) = read(&text, &mut store, 5);
        result.unwrap();
        assert_eq!(r.unwrap().added, 5);
        assert_eq!(store.len(), 10);
        assert_eq!(&store.hit(9), &hits[9]);
    }
}
