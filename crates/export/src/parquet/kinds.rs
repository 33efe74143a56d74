//! A record type's column types, read from the type itself rather than from
//! any values: serde's `Deserialize` asks a deserializer for each field's type
//! (`deserialize_f64`, `deserialize_option`, ...), so a probing one learns them
//! all without a file. A column empty in one run is typed as in any other.

use serde::de::value::{Error, StrDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use std::cell::RefCell;

/// A column's type: the dtypes docs/outputs.md documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Float,
    Bool,
}

impl Kind {
    /// As docs/outputs.md names it.
    pub fn dtype(self) -> &'static str {
        match self {
            Kind::Str => "string",
            Kind::Int => "int64",
            Kind::Float => "float64",
            Kind::Bool => "bool",
        }
    }
}

/// Each field of `R`, in order, with its type; `None` where the type could not
/// be learned (a field no file column maps to a primitive).
pub fn of<R: DeserializeOwned>() -> Vec<(&'static str, Option<Kind>)> {
    let learned = RefCell::new(Learned::default());
    // A field whose dummy value its type refuses (a metric's name must be one)
    // ends a pass; the next pass leaves it out, and a struct checks for missing
    // fields only after the others.
    loop {
        let before = learned.borrow().kinds.len();
        let _ = R::deserialize(Record(&learned));
        let now = learned.borrow();
        if now.kinds.len() == before || now.kinds.len() == now.fields.len() {
            break;
        }
    }
    let learned = learned.into_inner();
    learned
        .fields
        .iter()
        .map(|&f| {
            let kind = learned.kinds.iter().find(|(name, _)| *name == f);
            (f, kind.map(|(_, k)| *k))
        })
        .collect()
}

#[derive(Default)]
struct Learned {
    fields: &'static [&'static str],
    kinds: Vec<(&'static str, Kind)>,
}

/// The record itself: it hands out its fields and probes each.
struct Record<'a>(&'a RefCell<Learned>);

impl<'de> Deserializer<'de> for Record<'_> {
    type Error = Error;
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.borrow_mut().fields = fields;
        let left: Vec<&'static str> = {
            let learned = self.0.borrow();
            let known = |f: &&str| learned.kinds.iter().any(|(k, _)| k == f);
            fields.iter().copied().filter(|f| !known(f)).collect()
        };
        visitor.visit_map(Fields {
            learned: self.0,
            left: left.into_iter(),
            current: "",
        })
    }
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("a record is a struct"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

struct Fields<'a> {
    learned: &'a RefCell<Learned>,
    left: std::vec::IntoIter<&'static str>,
    current: &'static str,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(field) = self.left.next() else {
            return Ok(None);
        };
        self.current = field;
        let key: StrDeserializer<Error> = field.into_deserializer();
        seed.deserialize(key).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Probe {
            learned: self.learned,
            field: self.current,
        })
    }
}

/// One field's value: records the type asked for, and gives a dummy of it.
struct Probe<'a> {
    learned: &'a RefCell<Learned>,
    field: &'static str,
}

impl Probe<'_> {
    fn learn(&self, kind: Kind) {
        let mut learned = self.learned.borrow_mut();
        if !learned.kinds.iter().any(|(f, _)| *f == self.field) {
            learned.kinds.push((self.field, kind));
        }
    }
}

/// Each integer type: an int64 column.
macro_rules! int {
    ($($method:ident $visit:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.learn(Kind::Int);
            visitor.$visit(0)
        }
    )*};
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Error;
    int!(deserialize_i8 visit_i8, deserialize_i16 visit_i16, deserialize_i32 visit_i32,
         deserialize_i64 visit_i64, deserialize_u8 visit_u8, deserialize_u16 visit_u16,
         deserialize_u32 visit_u32, deserialize_u64 visit_u64);
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.learn(Kind::Float);
        visitor.visit_f32(0.0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.learn(Kind::Float);
        visitor.visit_f64(0.0)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.learn(Kind::Bool);
        visitor.visit_bool(false)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.learn(Kind::Str);
        visitor.visit_str("")
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    /// A unit enum is written as its variant's name.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.learn(Kind::Str);
        let first: StrDeserializer<Error> =
            variants.first().copied().unwrap_or("").into_deserializer();
        visitor.visit_enum(first)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("a column's type must be asked for"))
    }
    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{ReplicationRecord, SummaryRecord, TimeseriesRecord};

    #[test]
    fn types_come_from_the_record_type() {
        // As docs/outputs.md documents summary.csv's columns.
        let summary: Vec<_> = of::<SummaryRecord>()
            .into_iter()
            .map(|(f, k)| (f, k.map(Kind::dtype)))
            .collect();
        let s = Some("string");
        let (f, i, b) = (Some("float64"), Some("int64"), Some("bool"));
        assert_eq!(
            summary,
            [
                ("metric", s),
                ("mean", f),
                ("sd", f),
                ("ci95_half_width", f),
                ("ci95_low", f),
                ("ci95_high", f),
                ("event_replications", i),
                ("few_events", b),
                ("replications", i),
                ("seed", i),
                ("p50", f),
                ("p50_low", f),
                ("p50_high", f),
                ("p90", f),
                ("p90_low", f),
                ("p90_high", f),
                ("p99", f),
                ("p99_low", f),
                ("p99_high", f),
            ]
        );
        let replications = of::<ReplicationRecord>();
        assert_eq!(
            replications,
            [
                ("replication", Some(Kind::Int)),
                ("metric", Some(Kind::Str)),
                ("value", Some(Kind::Float)),
                ("seed", Some(Kind::Int)),
            ]
        );
        let series = of::<TimeseriesRecord>();
        assert_eq!(series[1], ("bucket_start", Some(Kind::Str)));
        assert!(
            series[2..series.len() - 1]
                .iter()
                .all(|(_, k)| *k == Some(Kind::Float))
        );
    }
}
