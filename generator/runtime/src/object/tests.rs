//! Each struct here is written as the generator writes one (an `object!` table), beside a twin
//! that derives serde's traits with the attributes the generator used to write; both must read
//! and write the same.

use serde::{Deserialize, Serialize};

use super::Object;
use crate::object;

/// Every field may be absent: the partial struct is the struct.
#[derive(Debug, Default, PartialEq)]
struct Loose {
    name: Option<String>,
    count: Option<i64>,
    tags: Option<Vec<String>>,
}

crate::__object!(Loose open in place {
    0 "name" name;
    1 "count" count;
    2 "tag-list" tags;
});

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Loose")]
struct LooseDerived {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(rename = "tag-list")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
}

/// Required fields (one nullable, which serde's derive reads as `None` when absent), a default
/// and an optional field, closed to other keys.
#[derive(Debug, PartialEq)]
struct Strict {
    id: String,
    parent: Option<String>,
    limit: i32,
    note: Option<String>,
}

impl Strict {
    fn default_limit() -> i32 {
        10
    }
}

crate::__object!(Strict closed slots {
    0 "id" id: String = object::Required;
    1 "parent" parent: Option<String> = object::Required;
    2 "limit" limit: i32 = Strict::default_limit;
    3 "note" note: Option<String> = object::Optional;
});

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Strict", deny_unknown_fields)]
struct StrictDerived {
    id: String,
    parent: Option<String>,
    #[serde(default = "Strict::default_limit")]
    limit: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// Reads `json` both ways: the same value, or errors with the same message (the twins' names
/// aside, and the column serde_json places a duplicate key at, one apart).
fn same_read<Ours, Derived>(json: &str)
where
    Ours: serde::de::DeserializeOwned + std::fmt::Debug,
    Derived: serde::de::DeserializeOwned + std::fmt::Debug,
{
    let ours = match serde_json::from_str::<Ours>(json) {
        Ok(value) => format!("{value:?}"),
        Err(err) => format!("error: {}", without_position(&err)),
    };
    let derived = match serde_json::from_str::<Derived>(json) {
        Ok(value) => format!("{value:?}"),
        Err(err) => format!("error: {}", without_position(&err)),
    };
    assert_eq!(ours, derived.replace("Derived", ""), "for {json}");
}

fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    text.split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn an_open_object_reads_as_serdes_derive_reads_it() {
    for json in [
        "{}",
        r#"{"name": "a", "count": 3, "tag-list": ["x"]}"#,
        r#"{"name": null, "other": {"deep": [1, 2]}, "count": 4}"#,
        r#"{"count": "three"}"#,
        r#"{"name": "a", "name": "b"}"#,
        r#"{"tags": ["not the wire name"]}"#,
        "null",
        "\"text\"",
    ] {
        same_read::<Loose, LooseDerived>(json);
    }
    let read = serde_json::from_str::<Loose>(r#"{"name": "a", "name": "b"}"#);
    assert_eq!(
        read.unwrap_err().to_string(),
        "duplicate field `name` at line 1 column 20"
    );
}

#[test]
fn a_closed_object_with_required_fields_reads_as_serdes_derive_reads_it() {
    for json in [
        r#"{"id": "a", "parent": "b", "limit": 3, "note": "n"}"#,
        r#"{"id": "a", "parent": null}"#,
        r#"{"id": "a"}"#,
        r#"{"parent": "b"}"#,
        r#"{"id": null, "parent": "b"}"#,
        r#"{"id": "a", "extra": 1}"#,
        r#"{"id": "a", "limit": 1, "limit": 2}"#,
    ] {
        same_read::<Strict, StrictDerived>(json);
    }
    let absent = serde_json::from_str::<Strict>(r#"{"id": "a"}"#).unwrap();
    assert_eq!((absent.parent, absent.limit), (None, 10));
    let err = serde_json::from_str::<Strict>(r#"{"parent": "b"}"#).unwrap_err();
    assert!(err.to_string().starts_with("missing field `id`"), "{err}");
    let err = serde_json::from_str::<Strict>(r#"{"id": "a", "extra": 1}"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unknown field `extra`, expected one of `id`, `parent`, `limit`, `note`"),
        "{err}"
    );
}

#[test]
fn an_array_is_not_an_object() {
    let err = serde_json::from_str::<Strict>(r#"["a", null, 1, null]"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: sequence, expected struct Strict"),
        "{err}"
    );
}

#[test]
fn a_bad_value_is_placed_at_its_field() {
    let json = r#"{"id": "a", "parent": null, "limit": "many"}"#;
    let mut reader = serde_json::Deserializer::from_str(json);
    let err = serde_path_to_error::deserialize::<_, Strict>(&mut reader).unwrap_err();
    assert_eq!(err.path().to_string(), "limit");
}

#[test]
fn writes_as_serdes_derive_writes() {
    let loose = [
        Loose::default(),
        Loose {
            name: Some("a".to_owned()),
            count: None,
            tags: Some(vec!["x".to_owned()]),
        },
    ];
    for value in loose {
        let derived = LooseDerived {
            name: value.name.clone(),
            count: value.count,
            tags: value.tags.clone(),
        };
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string(&derived).unwrap()
        );
    }
    let strict = Strict {
        id: "a".to_owned(),
        parent: None,
        limit: 3,
        note: None,
    };
    let derived = StrictDerived {
        id: "a".to_owned(),
        parent: None,
        limit: 3,
        note: None,
    };
    let written = serde_json::to_string(&strict).unwrap();
    assert_eq!(written, serde_json::to_string(&derived).unwrap());
    assert_eq!(written, r#"{"id":"a","parent":null,"limit":3}"#);
}

/// The length a struct announces is the number of fields it writes: formats that write a
/// map's length first (CBOR, MessagePack) depend on it. serde_json's own `Value` serializer
/// ignores it, so a serializer that records it stands in.
#[test]
fn the_announced_length_counts_the_fields_written() {
    let strict = Strict {
        id: "a".to_owned(),
        parent: None,
        limit: 3,
        note: None,
    };
    assert_eq!(announced_and_written(&strict), (3, 3));
    let loose = Loose {
        name: None,
        count: Some(1),
        tags: Some(Vec::new()),
    };
    assert_eq!(announced_and_written(&loose), (2, 2));
    assert_eq!(announced_and_written(&Loose::default()), (0, 0));
}

/// The length `value` announces to `serialize_struct`, and the number of fields it writes.
fn announced_and_written<T: Object>(value: &T) -> (usize, usize) {
    use serde::ser::{Impossible, SerializeStruct};

    #[derive(Default)]
    struct Record {
        announced: usize,
        written: usize,
    }
    struct Fields<'a>(&'a mut Record);
    impl SerializeStruct for Fields<'_> {
        type Ok = ();
        type Error = serde::de::value::Error;
        fn serialize_field<V: Serialize + ?Sized>(
            &mut self,
            _: &'static str,
            _: &V,
        ) -> Result<(), Self::Error> {
            self.0.written += 1;
            Ok(())
        }
        fn end(self) -> Result<(), Self::Error> {
            Ok(())
        }
    }
    struct Recorder<'a>(&'a mut Record);
    macro_rules! refuse {
        ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {$(
            fn $method(self, $(_: $arg),*) -> Result<$out, Self::Error> {
                Err(serde::ser::Error::custom("only structs are recorded"))
            }
        )*};
    }
    impl<'a> serde::Serializer for Recorder<'a> {
        type Ok = ();
        type Error = serde::de::value::Error;
        type SerializeSeq = Impossible<(), Self::Error>;
        type SerializeTuple = Impossible<(), Self::Error>;
        type SerializeTupleStruct = Impossible<(), Self::Error>;
        type SerializeTupleVariant = Impossible<(), Self::Error>;
        type SerializeMap = Impossible<(), Self::Error>;
        type SerializeStruct = Fields<'a>;
        type SerializeStructVariant = Impossible<(), Self::Error>;
        fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields<'a>, Self::Error> {
            self.0.announced = len;
            Ok(Fields(self.0))
        }
        refuse! {
            serialize_bool(bool) -> ();
            serialize_i64(i64) -> ();
            serialize_u64(u64) -> ();
            serialize_f64(f64) -> ();
            serialize_char(char) -> ();
            serialize_str(&str) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_none() -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }
        fn serialize_i8(self, v: i8) -> Result<(), Self::Error> {
            self.serialize_i64(v.into())
        }
        fn serialize_i16(self, v: i16) -> Result<(), Self::Error> {
            self.serialize_i64(v.into())
        }
        fn serialize_i32(self, v: i32) -> Result<(), Self::Error> {
            self.serialize_i64(v.into())
        }
        fn serialize_u8(self, v: u8) -> Result<(), Self::Error> {
            self.serialize_u64(v.into())
        }
        fn serialize_u16(self, v: u16) -> Result<(), Self::Error> {
            self.serialize_u64(v.into())
        }
        fn serialize_u32(self, v: u32) -> Result<(), Self::Error> {
            self.serialize_u64(v.into())
        }
        fn serialize_f32(self, v: f32) -> Result<(), Self::Error> {
            self.serialize_f64(v.into())
        }
        fn serialize_some<V: Serialize + ?Sized>(self, _: &V) -> Result<(), Self::Error> {
            self.serialize_none()
        }
        fn serialize_newtype_struct<V: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &V,
        ) -> Result<(), Self::Error> {
            self.serialize_none()
        }
        fn serialize_newtype_variant<V: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &V,
        ) -> Result<(), Self::Error> {
            self.serialize_none()
        }
    }
    let mut record = Record::default();
    object::serialize(value, Recorder(&mut record)).expect("a struct is recorded");
    (record.announced, record.written)
}

/// A struct without fields (an object schema whose properties are all left out) reads `{}`,
/// refuses any key when closed, and writes `{}`.
#[test]
fn a_struct_without_fields_reads_and_writes_an_empty_object() {
    #[derive(Debug, Default, PartialEq)]
    struct Nothing {}
    crate::__object!(Nothing closed in place {});
    assert_eq!(serde_json::from_str::<Nothing>("{}").unwrap(), Nothing {});
    let err = serde_json::from_str::<Nothing>(r#"{"x": 1}"#).unwrap_err();
    assert!(err.to_string().starts_with("unknown field `x`"), "{err}");
    assert_eq!(serde_json::to_string(&Nothing {}).unwrap(), "{}");
}

/// An open object that keeps the keys it does not name, read into slots and in place.
#[derive(Debug, PartialEq)]
struct Kept {
    id: String,
    note: Option<String>,
    additional: std::collections::BTreeMap<String, serde_json::Value>,
}

crate::__object!(Kept open slots rest additional: serde_json::Value {
    0 "id" id: String = object::Required;
    1 "note" note: Option<String> = object::Optional;
});

#[derive(Debug, Default, PartialEq)]
struct KeptLoose {
    note: Option<String>,
    additional: std::collections::BTreeMap<String, i64>,
}

crate::__object!(KeptLoose open in place rest additional: i64 {
    0 "note" note;
});

#[test]
fn an_open_object_with_a_rest_keeps_other_keys_and_writes_them_back() {
    let json = r#"{"id":"a","extra":{"deep":[1,null]},"note":null,"more":2}"#;
    let kept: Kept = serde_json::from_str(json).unwrap();
    assert_eq!(kept.additional.len(), 2, "{kept:?}");
    assert_eq!(
        serde_json::to_string(&kept).unwrap(),
        r#"{"id":"a","extra":{"deep":[1,null]},"more":2}"#
    );
    let plain = Kept {
        id: "b".to_owned(),
        note: None,
        additional: Default::default(),
    };
    assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"id":"b"}"#);
    let err = serde_json::from_str::<Kept>(r#"{"id":"a","x":1,"x":2}"#).unwrap_err();
    assert!(err.to_string().starts_with("duplicate field `x`"), "{err}");

    let loose: KeptLoose = serde_json::from_str(r#"{"a":1,"note":"n","b":2}"#).unwrap();
    assert_eq!(loose.additional.get("b"), Some(&2));
    assert_eq!(
        serde_json::to_string(&loose).unwrap(),
        r#"{"note":"n","a":1,"b":2}"#
    );
    let err = serde_json::from_str::<KeptLoose>(r#"{"a":"one"}"#).unwrap_err();
    assert!(err.to_string().starts_with("invalid type: string"), "{err}");
}

/// The keys an open object kept travel as form fields and multipart parts, beside the named
/// ones, and are read back into the rest.
#[test]
fn kept_keys_travel_in_form_and_multipart_bodies() {
    use crate::body::{decode_body, encode_body};
    use crate::value::Booleans;
    use crate::vocab::Media;
    let kept = Kept {
        id: "a b".to_owned(),
        note: Some("n".to_owned()),
        additional: [
            ("colour".to_owned(), serde_json::json!("red")),
            ("count".to_owned(), serde_json::json!(3)),
        ]
        .into_iter()
        .collect(),
    };
    for (content_type, media) in [
        ("application/x-www-form-urlencoded", Media::Form),
        ("multipart/form-data", Media::Multipart),
    ] {
        let body = encode_body(&kept, content_type, media, Booleans::default())
            .unwrap_or_else(|err| panic!("{content_type}: {err}"))
            .unwrap();
        if media == Media::Form {
            assert_eq!(body.bytes, b"id=a+b&note=n&colour=red&count=3");
        }
        let back: Kept = decode_body(media, &body.content_type, &body.bytes, Booleans::default())
            .unwrap_or_else(|err| panic!("{content_type}: {err}"));
        assert_eq!(back.id, kept.id);
        assert_eq!(back.note, kept.note);
        // A form carries text: the kept values are read back as the text they were sent as.
        assert_eq!(back.additional["colour"], serde_json::json!("red"));
        assert_eq!(back.additional["count"], serde_json::json!("3"));
    }
}
