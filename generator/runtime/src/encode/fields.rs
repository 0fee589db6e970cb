//! The serializer a parameter struct is written with: each field to the parameter it holds
//! (by name, see [`Param::field`](crate::operation::Param::field)) or to the body.

use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::body::{Body, encode_body};
use crate::operation::OperationInfo;
use crate::serializer::refuse;
use crate::value::{self, Encoded, ValueError};

/// Serializes a parameter struct: each field by its name, a parameter's (see
/// [`Param::field`]) to [`Encoded`], the body's (the field that is no parameter's) to its
/// media type.
pub(super) struct FieldsSerializer {
    pub(super) info: &'static OperationInfo,
}

/// Each parameter's value, in the order of [`OperationInfo::params`] (`None`: no field gave
/// it), and the body.
pub(super) type Fields = (
    Vec<Option<Result<Encoded, ValueError>>>,
    Result<Option<Body>, ValueError>,
);

pub(super) struct FieldsCollector {
    info: &'static OperationInfo,
    params: Vec<Option<Result<Encoded, ValueError>>>,
    /// Where the next field's parameter is looked for first: fields usually come in the
    /// order of the parameters, and then each is found at the first comparison.
    next: usize,
    body: Result<Option<Body>, ValueError>,
}

impl FieldsCollector {
    /// The index of the parameter held in the field `field`.
    fn param_index(&mut self, field: &str) -> Option<usize> {
        let params = self.info.params;
        let index = match params.get(self.next) {
            Some(param) if param.field == field => self.next,
            _ => params.iter().position(|param| param.field == field)?,
        };
        self.next = index + 1;
        Some(index)
    }
}

fn not_a_struct() -> ValueError {
    ValueError("an operation's parameters must be a struct".to_owned())
}

impl ser::SerializeStruct for FieldsCollector {
    type Ok = Fields;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        if let Some(index) = self.param_index(field) {
            let param = &self.info.params[index];
            let encoded = if param.json {
                match serde_json::to_string(value) {
                    Ok(text) if text == "null" => Ok(Encoded::Absent),
                    Ok(text) => Ok(Encoded::Text(text)),
                    Err(error) => Err(ValueError(error.to_string())),
                }
            } else {
                value::encode(value, self.info.booleans)
            };
            self.params[index] = Some(encoded);
        } else if let Some(body) = self.info.body {
            self.body = encode_body(
                value,
                body.media[0].content_type,
                body.media[0].media,
                self.info.booleans,
            );
        } else {
            return Err(ValueError(format!(
                "the field `{field}` holds no parameter of `{}`",
                self.info.id
            )));
        }
        Ok(())
    }

    fn end(self) -> Result<Fields, ValueError> {
        Ok((self.params, self.body))
    }
}

impl ser::Serializer for FieldsSerializer {
    refuse!(not_a_struct(); scalars serialize_none serialize_some serialize_unit serialize_unit_variant serialize_newtype_struct serialize_newtype_variant serialize_seq serialize_tuple serialize_tuple_struct serialize_tuple_variant serialize_map serialize_struct_variant);

    type Ok = Fields;
    type Error = ValueError;
    type SerializeSeq = Impossible<Fields, ValueError>;
    type SerializeTuple = Impossible<Fields, ValueError>;
    type SerializeTupleStruct = Impossible<Fields, ValueError>;
    type SerializeTupleVariant = Impossible<Fields, ValueError>;
    type SerializeMap = Impossible<Fields, ValueError>;
    type SerializeStruct = FieldsCollector;
    type SerializeStructVariant = Impossible<Fields, ValueError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<FieldsCollector, ValueError> {
        Ok(FieldsCollector {
            info: self.info,
            params: vec![None; self.info.params.len()],
            next: 0,
            body: Ok(None),
        })
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Fields, ValueError> {
        Ok((vec![None; self.info.params.len()], Ok(None)))
    }
}
