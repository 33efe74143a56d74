//! A record's fields as CSV cells: numbers in Rust's `Display` form (`1`,
//! `0.0000001`, never `1e-7`), which every CSV reader takes as they are; an
//! absent value as an empty cell.

use serde::de::value::Error;
use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// The cells of a struct of scalars, in field order.
pub fn cells<R: Serialize>(record: &R) -> Vec<String> {
    let mut cells = Cells(Vec::new());
    record
        .serialize(&mut cells)
        .expect("a record is a struct of scalars");
    cells.0
}

struct Cells(Vec<String>);

impl Cells {
    fn push(&mut self, cell: impl ToString) -> Result<(), Error> {
        self.0.push(cell.to_string());
        Ok(())
    }
}

fn not_a_cell() -> Error {
    ser::Error::custom("a record's field is a scalar")
}

impl Serializer for &mut Cells {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.push("")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.push("")
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(not_a_cell())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(not_a_cell())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.push(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(not_a_cell())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_cell())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_cell())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_cell())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_cell())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_cell())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_cell())
    }
}

impl SerializeStruct for &mut Cells {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}
