//! A JSON value as a record holds it, cheaply: text borrowed from the
//! line it was read from wherever it has no escapes, objects as a list of
//! key/value pairs in the order written (a duplicate key's LAST value wins
//! on lookup, as `serde_json::Map` inserts), and, at a record's top level,
//! only the keys the reader asks for (the rest skipped unbuilt). Reading a
//! sign-in this way instead of into a `serde_json::Map` is what makes the
//! readers fast: a record costs a handful of allocations, not one a key.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Number;

/// A JSON value; `Text` borrows from the input where it can.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loose<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Text(Cow<'a, str>),
    List(Vec<Loose<'a>>),
    Object(Object<'a>),
}

/// A JSON object: its pairs in the order written, duplicates kept; a
/// lookup finds the last.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Object<'a>(pub Vec<(Cow<'a, str>, Loose<'a>)>);

impl<'a> Object<'a> {
    /// The value of `key` (its last, where it is written more than once).
    pub fn get(&self, key: &str) -> Option<&Loose<'a>> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// Takes the value of `key` out (its last).
    pub fn remove(&mut self, key: &str) -> Option<Loose<'a>> {
        let i = self.0.iter().rposition(|(k, _)| k == key)?;
        Some(self.0.swap_remove(i).1)
    }
    /// Sets `key`, replacing what it held.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Loose<'a>) {
        let key = key.into();
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, value));
    }
    /// The object under `key`, made empty first where `key` holds none.
    pub fn object_mut(&mut self, key: &'a str) -> &mut Object<'a> {
        if !matches!(self.get(key), Some(Loose::Object(_))) {
            self.insert(key, Loose::Object(Object::default()));
        }
        match self.0.iter_mut().rev().find(|(k, _)| k == key) {
            Some((_, Loose::Object(o))) => o,
            _ => unreachable!("just inserted"),
        }
    }
}

impl<'a> Loose<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Loose<'a> {
        Loose::Text(s.into())
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Loose::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Loose::Object(o) => Some(o),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        self.as_object().is_some()
    }
    pub fn is_null(&self) -> bool {
        *self == Loose::Null
    }
    /// The value of `key` where this is an object.
    pub fn get(&self, key: &str) -> Option<&Loose<'a>> {
        self.as_object()?.get(key)
    }
}

/// Written back as JSON (in messages that quote a value).
impl fmt::Display for Loose<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl Serialize for Loose<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Loose::Null => s.serialize_unit(),
            Loose::Bool(b) => s.serialize_bool(*b),
            Loose::Number(n) => n.serialize(s),
            Loose::Text(t) => s.serialize_str(t),
            Loose::List(items) => s.collect_seq(items),
            Loose::Object(o) => s.collect_map(o.0.iter().map(|(k, v)| (k, v))),
        }
    }
}

/// Which keys of an object to keep; `None`, all of them.
pub(crate) type Keep<'k> = Option<&'k dyn Fn(&str) -> bool>;

/// Reads a value, keeping only the keys `keep` passes of the object it is.
#[derive(Clone, Copy)]
pub(crate) struct Seed<'k> {
    pub keep: Keep<'k>,
}

impl<'de> Deserialize<'de> for Loose<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Seed { keep: None }.deserialize(d)
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Loose<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Loose<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Loose<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Loose<'de>, E> {
        Ok(Loose::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Loose<'de>, E> {
        Ok(Loose::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Loose<'de>, E> {
        Ok(Loose::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Loose<'de>, E> {
        Ok(Number::from_f64(n).map_or(Loose::Null, Loose::Number))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Loose<'de>, E> {
        Ok(Loose::text(s))
    }
    fn visit_str<E>(self, s: &str) -> Result<Loose<'de>, E> {
        Ok(Loose::text(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Loose<'de>, E> {
        Ok(Loose::text(s))
    }
    fn visit_unit<E>(self) -> Result<Loose<'de>, E> {
        Ok(Loose::Null)
    }
    fn visit_none<E>(self) -> Result<Loose<'de>, E> {
        Ok(Loose::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose<'de>, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        while let Some(item) = seq.next_element::<Loose<'de>>()? {
            items.push(item);
        }
        Ok(Loose::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Loose<'de>, A::Error> {
        object(map, self.keep).map(Loose::Object)
    }
}

/// The rest of an object, keeping the keys `keep` passes.
pub(crate) fn object<'de, A: MapAccess<'de>>(
    mut map: A,
    keep: Keep<'_>,
) -> Result<Object<'de>, A::Error> {
    let mut object = Object(Vec::with_capacity(if keep.is_some() { 24 } else { 8 }));
    while let Some(Key(key)) = map.next_key()? {
        object_entry(&mut object, key, keep, &mut map)?;
    }
    Ok(object)
}

/// Reads the value of `key` into `object` where `keep` wants it (all of a
/// kept `properties`, a diagnostic record's sign-in, filtered alike); skips
/// it unbuilt where not.
pub(crate) fn object_entry<'de, A: MapAccess<'de>>(
    object: &mut Object<'de>,
    key: Cow<'de, str>,
    keep: Keep<'_>,
    map: &mut A,
) -> Result<(), A::Error> {
    match keep {
        Some(wanted) if !wanted(&key) => {
            map.next_value::<Skip>()?;
        }
        Some(_) if key == "properties" => {
            let value = map.next_value_seed(Seed { keep })?;
            object.0.push((key, value));
        }
        _ => {
            let value = map.next_value::<Loose<'de>>()?;
            object.0.push((key, value));
        }
    }
    Ok(())
}

/// A key, borrowed where it has no escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(Keys)
    }
}

/// Text that holds a JSON value, read from it (a CSV cell, a string field
/// holding JSON); owned, so it outlives the text.
pub(crate) fn parse_owned(text: &str) -> Option<Loose<'static>> {
    let mut de = serde_json::Deserializer::from_reader(text.as_bytes());
    let value = Loose::<'static>::deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// A value read and dropped, unbuilt. Not `IgnoredAny`: serde_json skips
/// that with its own scanner, which calls a trailing comma "expected value";
/// going through the map and list readers names it ("trailing comma").
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_none<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Skip, D::Error> {
        Skip::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}
