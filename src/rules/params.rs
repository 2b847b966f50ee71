//! Detector parameters: each detector reads its own parameter type, and the
//! rubric loader learns from that type which keys a rule of the detector may
//! set. Nothing here lists a key by hand.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// The keys a parameter struct reads, from its `Deserialize` impl: serde's
/// derive hands `deserialize_struct` the list of field names, so a
/// deserializer that only records that list learns them without any input.
pub fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

struct FieldNames<'a>(&'a mut &'static [&'static str]);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// A detector that reads no parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// A keyword group as written: counts as one dimension of a topic (e.g. one
/// FCC-SLEDS letter) when any of its keywords appears.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GroupDef {
    pub name: String,
    pub keywords: Vec<String>,
    /// A hit counts only in a block that has a number ("100M DAU", not "users").
    pub with_number: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
    #[allow(dead_code)]
    #[derive(Default)]
    struct Example {
        min_words: Option<usize>,
        patterns: Vec<String>,
    }

    #[test]
    fn the_fields_of_a_struct_are_its_keys_as_written() {
        assert_eq!(fields_of::<Example>(), &["min-words", "patterns"]);
        assert!(fields_of::<NoParams>().is_empty());
        assert_eq!(fields_of::<GroupDef>(), &["name", "keywords", "with-number"]);
    }
}
