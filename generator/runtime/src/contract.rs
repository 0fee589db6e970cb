//! The contract between a generated crate and the runtime: the [`Operation`] trait its
//! parameter structs implement, over the client's encoding, the server's decoding and the
//! answers of both, which know nothing of it.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::decode::{Decoder, Incoming};
use crate::encode::Request;
use crate::errors::ParamErrors;
use crate::operation::OperationInfo;
#[cfg(doc)]
use crate::operation::{NoFailure, Param};
use crate::reply::{FailureBody, SuccessBody};

/// One operation of an API: its parameter struct implements this, and the generated client
/// method and server route are one line each over it.
///
/// The struct's fields are the operation's parameters, each bound to its [`Param`] by
/// [`Param::field`] (the name its derived `Serialize` writes it under), and the request body,
/// if it has one: the one field that is not a parameter. Their order does not matter.
pub trait Operation: Serialize + Sized + Send + Sync + 'static {
    /// What a success answers with: the body of the success response (an enum by status when
    /// there are several).
    type Output: SuccessBody + DeserializeOwned + Send + 'static;
    /// What a declared failure answers with: an enum by status, or [`NoFailure`].
    type Failure: FailureBody + DeserializeOwned + std::fmt::Debug + Send + 'static;
    /// The operation, as data.
    const INFO: &'static OperationInfo;

    /// Reads the parameters from a request: one `input.required("field")`/`input.optional(..)`
    /// per parameter, by field name. `None` when some parameter is missing or invalid; `input`
    /// holds the reasons.
    fn decode(input: &mut Decoder<'_>) -> Option<Self>;

    /// Checks every parameter against the API description and reports every problem found, by
    /// parameter. The client runs this before sending; the server runs the same checks.
    fn validate(&self) -> Result<(), ParamErrors> {
        Request::encode(self).map(drop)
    }

    /// The query string of this request, percent-encoded: fixed pairs the API requires first,
    /// then every query parameter that is set, in order.
    fn to_query_string(&self) -> String {
        Request::encode_unchecked(self).query_string()
    }

    /// Parses the parameters from a query string (or a form body) and checks them as
    /// [`Operation::validate`] does. Unknown keys are ignored; every problem is reported, by
    /// parameter.
    fn from_query_str(query: &str) -> Result<Self, ParamErrors> {
        let query: Vec<_> = form_urlencoded::parse(query.as_bytes()).collect();
        Decoder::decode::<Self>(Incoming {
            query,
            ..Incoming::default()
        })
    }
}

impl Request {
    /// The request for `op`, after checking every parameter; every problem is reported.
    pub fn encode<Op: Operation>(op: &Op) -> Result<Request, ParamErrors> {
        Request::encode_info(op, Op::INFO)
    }

    /// The request for `op` as far as it can be made, without checking it.
    pub fn encode_unchecked<Op: Operation>(op: &Op) -> Request {
        Request::encode_info_unchecked(op, Op::INFO)
    }
}

impl<'a> Decoder<'a> {
    /// Reads `Op` from `incoming`: every parameter, then every problem at once.
    pub fn decode<Op: Operation>(incoming: Incoming<'a>) -> Result<Op, ParamErrors> {
        let mut decoder = Decoder::new(Op::INFO, incoming);
        let decoded = Op::decode(&mut decoder);
        decoder.finish(decoded)
    }
}

#[cfg(test)]
#[path = "contract_tests.rs"]
mod tests;
