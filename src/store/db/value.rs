//! One value type for both engines: what a statement is given (`Param`) and what a row holds
//! (`Cell`). The inventory's columns use SQLite's four storage classes — integers (flags
//! included), reals, text, blobs — and its PostgreSQL schema the matching `bigint`,
//! `double precision`, `text` and `bytea`, so one set of conversions serves both.
//!
//! Written here because the two drivers share no value type: rusqlite's `ToSql`/`FromSql` and
//! postgres-types' are different traits, and the store's statements must not know which engine
//! runs them.

use std::error::Error;

use bytes::{BufMut, BytesMut};
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::store::StoreError;

/// A statement parameter, borrowed from the caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// A value of a row (or a parameter sent to another thread), owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Param<'_> {
    pub fn to_cell(self) -> Cell {
        match self {
            Param::Null => Cell::Null,
            Param::Int(i) => Cell::Int(i),
            Param::Real(r) => Cell::Real(r),
            Param::Text(t) => Cell::Text(t.to_owned()),
            Param::Blob(b) => Cell::Blob(b.to_vec()),
        }
    }
}

/// Anything a statement takes as a parameter.
pub trait ToParam {
    fn to_param(&self) -> Param<'_>;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Param<'_> {
                // Every integer the inventory stores fits an i64 (ids, Unix times, counts).
                Param::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_param!(i64, i32, u32, u16, u8, u64, usize);

impl ToParam for bool {
    fn to_param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}
impl ToParam for f64 {
    fn to_param(&self) -> Param<'_> {
        Param::Real(*self)
    }
}
impl ToParam for str {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl ToParam for String {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl ToParam for [u8] {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl ToParam for Vec<u8> {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl<const N: usize> ToParam for [u8; N] {
    fn to_param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Param<'_> {
        (**self).to_param()
    }
}
impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> Param<'_> {
        match self {
            Some(value) => value.to_param(),
            None => Param::Null,
        }
    }
}
impl ToParam for Param<'_> {
    fn to_param(&self) -> Param<'_> {
        *self
    }
}
impl ToParam for Cell {
    fn to_param(&self) -> Param<'_> {
        match self {
            Cell::Null => Param::Null,
            Cell::Int(i) => Param::Int(*i),
            Cell::Real(r) => Param::Real(*r),
            Cell::Text(t) => Param::Text(t),
            Cell::Blob(b) => Param::Blob(b),
        }
    }
}

/// A row's value as the caller's type.
pub trait FromCell: Sized {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String>;
}

/// A row's value, borrowed from the engine's row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl<'a> From<&'a Cell> for CellRef<'a> {
    fn from(cell: &'a Cell) -> Self {
        match cell {
            Cell::Null => CellRef::Null,
            Cell::Int(i) => CellRef::Int(*i),
            Cell::Real(r) => CellRef::Real(*r),
            Cell::Text(t) => CellRef::Text(t.as_bytes()),
            Cell::Blob(b) => CellRef::Blob(b),
        }
    }
}

impl<'a> From<rusqlite::types::ValueRef<'a>> for CellRef<'a> {
    fn from(value: rusqlite::types::ValueRef<'a>) -> Self {
        use rusqlite::types::ValueRef;
        match value {
            ValueRef::Null => CellRef::Null,
            ValueRef::Integer(i) => CellRef::Int(i),
            ValueRef::Real(r) => CellRef::Real(r),
            ValueRef::Text(t) => CellRef::Text(t),
            ValueRef::Blob(b) => CellRef::Blob(b),
        }
    }
}

impl CellRef<'_> {
    fn kind(&self) -> &'static str {
        match self {
            CellRef::Null => "NULL",
            CellRef::Int(_) => "an integer",
            CellRef::Real(_) => "a real number",
            CellRef::Text(_) => "text",
            CellRef::Blob(_) => "bytes",
        }
    }
}

fn unexpected<T>(cell: CellRef<'_>, wanted: &str) -> Result<T, String> {
    Err(format!("{} where {wanted} was expected", cell.kind()))
}

impl FromCell for i64 {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Int(i) => Ok(i),
            other => unexpected(other, "an integer"),
        }
    }
}

macro_rules! int_cell {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
                let wide = i64::from_cell(cell)?;
                <$t>::try_from(wide).map_err(|_| format!("{wide} is out of range"))
            }
        }
    )*};
}
int_cell!(i32, u32, u16, u8, u64, usize);

impl FromCell for bool {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        i64::from_cell(cell).map(|i| i != 0)
    }
}

impl FromCell for f64 {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Real(r) => Ok(r),
            CellRef::Int(i) => Ok(i as f64),
            other => unexpected(other, "a number"),
        }
    }
}

impl FromCell for String {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Text(t) | CellRef::Blob(t) => {
                String::from_utf8(t.to_vec()).map_err(|_| "text that is not UTF-8".to_string())
            }
            other => unexpected(other, "text"),
        }
    }
}

impl FromCell for Vec<u8> {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Text(b) | CellRef::Blob(b) => Ok(b.to_vec()),
            other => unexpected(other, "bytes"),
        }
    }
}

impl FromCell for Cell {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        Ok(match cell {
            CellRef::Null => Cell::Null,
            CellRef::Int(i) => Cell::Int(i),
            CellRef::Real(r) => Cell::Real(r),
            CellRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            CellRef::Blob(b) => Cell::Blob(b.to_vec()),
        })
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: CellRef<'_>) -> Result<Self, String> {
        match cell {
            CellRef::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Param::Null => ValueRef::Null,
            Param::Int(i) => ValueRef::Integer(i),
            Param::Real(r) => ValueRef::Real(r),
            Param::Text(t) => ValueRef::Text(t.as_bytes()),
            Param::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

type PgError = Box<dyn Error + Sync + Send>;

/// Encodes a value for whatever type PostgreSQL inferred for the parameter, the way SQLite
/// would take it: an integer into `integer`, `bigint`, `boolean`, `double precision` or text; a
/// text into text types, `bytea` or `jsonb`; bytes into `bytea` or (when UTF-8) text.
impl ToSql for Cell {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, PgError> {
        let refuse = || -> PgError { format!("{self:?} cannot be sent as {ty}").into() };
        match self {
            Cell::Null => return Ok(IsNull::Yes),
            Cell::Int(i) => match *ty {
                Type::INT8 => out.put_i64(*i),
                Type::INT4 => out.put_i32(i32::try_from(*i).map_err(|_| refuse())?),
                Type::INT2 => out.put_i16(i16::try_from(*i).map_err(|_| refuse())?),
                Type::BOOL => out.put_u8(u8::from(*i != 0)),
                Type::FLOAT8 => out.put_f64(*i as f64),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => {
                    out.put_slice(i.to_string().as_bytes())
                }
                _ => return Err(refuse()),
            },
            Cell::Real(r) => match *ty {
                Type::FLOAT8 => out.put_f64(*r),
                Type::FLOAT4 => out.put_f32(*r as f32),
                _ => return Err(refuse()),
            },
            Cell::Text(t) => match *ty {
                Type::JSONB => {
                    out.put_u8(1);
                    out.put_slice(t.as_bytes());
                }
                Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::UNKNOWN
                | Type::JSON
                | Type::BYTEA => out.put_slice(t.as_bytes()),
                _ => return Err(refuse()),
            },
            Cell::Blob(b) => match *ty {
                Type::BYTEA => out.put_slice(b),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN if std::str::from_utf8(b).is_ok() => {
                    out.put_slice(b)
                }
                _ => return Err(refuse()),
            },
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Decodes any column the inventory's PostgreSQL schema has into the SQLite-like value.
impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, PgError> {
        let fixed = |n: usize| -> Result<&[u8], PgError> {
            raw.get(..n)
                .filter(|_| raw.len() == n)
                .ok_or_else(|| format!("a {ty} value of {} bytes", raw.len()).into())
        };
        Ok(match *ty {
            Type::INT8 => Cell::Int(i64::from_be_bytes(fixed(8)?.try_into()?)),
            Type::INT4 => Cell::Int(i32::from_be_bytes(fixed(4)?.try_into()?).into()),
            Type::INT2 => Cell::Int(i16::from_be_bytes(fixed(2)?.try_into()?).into()),
            Type::BOOL => Cell::Int(i64::from(fixed(1)?[0] != 0)),
            Type::FLOAT8 => Cell::Real(f64::from_be_bytes(fixed(8)?.try_into()?)),
            Type::FLOAT4 => Cell::Real(f32::from_be_bytes(fixed(4)?.try_into()?).into()),
            Type::BYTEA => Cell::Blob(raw.to_vec()),
            Type::JSONB => Cell::Text(String::from_utf8(raw.get(1..).unwrap_or(&[]).to_vec())?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::JSON | Type::UNKNOWN => {
                Cell::Text(String::from_utf8(raw.to_vec())?)
            }
            _ => return Err(format!("a column of type {ty} (cast it in the statement)").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, PgError> {
        Ok(Cell::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl From<String> for StoreError {
    fn from(reason: String) -> Self {
        StoreError::Database(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_the_types_the_store_reads() {
        assert_eq!(i64::from_cell(CellRef::Int(7)), Ok(7));
        assert_eq!(bool::from_cell(CellRef::Int(0)), Ok(false));
        assert_eq!(
            u8::from_cell(CellRef::Int(300)),
            Err("300 is out of range".into())
        );
        assert_eq!(
            String::from_cell(CellRef::Blob(b"kind")),
            Ok("kind".to_string())
        );
        assert_eq!(Option::<String>::from_cell(CellRef::Null), Ok(None));
        assert!(i64::from_cell(CellRef::Text(b"7")).is_err());
        assert_eq!(f64::from_cell(CellRef::Int(2)), Ok(2.0));
    }

    #[test]
    fn postgres_encoding_follows_the_inferred_type() {
        let mut out = BytesMut::new();
        Cell::Int(1).to_sql(&Type::INT4, &mut out).unwrap();
        assert_eq!(&out[..], &[0, 0, 0, 1]);
        out.clear();
        Cell::Int(1).to_sql(&Type::BOOL, &mut out).unwrap();
        assert_eq!(&out[..], &[1]);
        assert!(Cell::Int(1 << 40).to_sql(&Type::INT4, &mut out).is_err());
        assert!(
            Cell::Blob(vec![0xff])
                .to_sql(&Type::TEXT, &mut out)
                .is_err()
        );
        out.clear();
        Cell::Text("{}".into())
            .to_sql(&Type::JSONB, &mut out)
            .unwrap();
        assert_eq!(&out[..], b"\x01{}");
        assert_eq!(
            Cell::from_sql(&Type::INT8, &42i64.to_be_bytes()).unwrap(),
            Cell::Int(42)
        );
        assert!(Cell::from_sql(&Type::INT8, &[1, 2]).is_err());
        assert!(Cell::from_sql(&Type::NUMERIC, &[0; 8]).is_err());
    }
}
