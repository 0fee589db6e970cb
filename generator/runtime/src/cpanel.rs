//! cPanel's conventions, for crates generated under the cPanel profile: the response envelopes
//! of WHM API 1 and UAPI, which answer HTTP 200 for failures too and say in the body whether
//! the call succeeded.
//!
//! - WHM API 1: `{data, metadata: {command, reason, result, version}}`; `metadata.result` 0 is
//!   a failure, `metadata.reason` says why.
//! - UAPI: `{apiversion, func, module, result: {status, errors, warnings, messages, metadata,
//!   data}}`; `result.status` 0 is a failure, `result.errors` say why.
//!
//! Generated operations take one of the [`OperationInfo`] bases here (`..WHM_FUNCTION`), which
//! also say what cPanel's servers do beyond the description: booleans are `1`/`0`, and a GET
//! function is served as a POSTed form too.

use std::fmt;

use serde::Serialize;
use serde_json::{Value, json};

use crate::operation::{Booleans, Envelope, Opened, OperationInfo, WriteData};
use crate::reply::{FailureBody, Reply, SuccessBody, enveloped_reply, json_reply};

/// What every cPanel operation shares: `1`/`0` booleans, GET served as a POSTed form too, and
/// a method that says nothing of what is safe to repeat (WHM creates sessions by GET).
pub const BASE: OperationInfo = OperationInfo {
    booleans: Booleans::Digits,
    form_posts: true,
    method_says_idempotent: false,
    ..OperationInfo::DEFAULT
};

/// A WHM function, answered in [`WHM`]'s envelope. (The `api.version=1` that selects WHM API
/// 1 is one of the operation's own `fixed_query` pairs, which the generator's profile writes.)
pub const WHM_FUNCTION: OperationInfo = OperationInfo {
    envelope: Some(&WHM),
    ..BASE
};

/// A UAPI function, answered in [`UAPI`]'s envelope.
pub const UAPI_FUNCTION: OperationInfo = OperationInfo {
    envelope: Some(&UAPI),
    ..BASE
};

/// WHM API 1's envelope.
pub static WHM: Envelope = Envelope {
    name: "WHM API 1",
    data_path: "data",
    open: open_whm,
    wrap: wrap_whm,
    fail: fail_whm,
};

/// UAPI's envelope.
pub static UAPI: Envelope = Envelope {
    name: "UAPI",
    data_path: "result.data",
    open: open_uapi,
    wrap: wrap_uapi,
    fail: fail_uapi,
};

/// `metadata.result` (WHM) or `result.status` (UAPI) of a call that succeeded.
const SUCCESS: i64 = 1;
/// The reason a server reports on success when the implementation gives none.
const DEFAULT_REASON: &str = "OK";

fn malformed(path: &str, message: &str) -> Opened<'static> {
    Opened::Malformed {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

fn open_whm(body: &Value) -> Opened<'_> {
    let Some(metadata) = body.get("metadata") else {
        return malformed("metadata", "missing");
    };
    let Some(result) = metadata.get("result").and_then(Value::as_i64) else {
        return malformed("metadata.result", "missing, or not an integer");
    };
    if result == SUCCESS {
        return Opened::Data(body.get("data").unwrap_or(&Value::Null));
    }
    Opened::Failure(json!({
        "reason": metadata.get("reason").and_then(Value::as_str).unwrap_or("the call failed"),
        "command": metadata.get("command"),
        "result": result,
    }))
}

/// A JSON string onto `out`, escaped as JSON requires.
fn push_str(out: &mut Vec<u8>, text: &str) -> Result<(), String> {
    serde_json::to_writer(out, text).map_err(|e| e.to_string())
}

/// `{"data": DATA, "metadata": {"command", "reason", "result": 1, "version": 1}}`, the keys
/// in the sorted order serde_json writes an object in.
fn wrap_whm(
    info: &'static OperationInfo,
    reason: Option<&str>,
    out: &mut Vec<u8>,
    data: &mut WriteData<'_>,
) -> Result<(), String> {
    out.extend_from_slice(br#"{"data":"#);
    data(out)?;
    out.extend_from_slice(br#","metadata":{"command":"#);
    push_str(out, info.id)?;
    out.extend_from_slice(br#","reason":"#);
    push_str(out, reason.unwrap_or(DEFAULT_REASON))?;
    out.extend_from_slice(br#","result":1,"version":1}}"#);
    Ok(())
}

fn fail_whm(info: &'static OperationInfo, reason: &str) -> Value {
    json!({
        "metadata": {"command": info.id, "reason": reason, "result": 0, "version": 1},
    })
}

fn open_uapi(body: &Value) -> Opened<'_> {
    let Some(result) = body.get("result") else {
        return malformed("result", "missing");
    };
    let Some(status) = result.get("status").and_then(Value::as_i64) else {
        return malformed("result.status", "missing, or not an integer");
    };
    if status == SUCCESS {
        return Opened::Data(result.get("data").unwrap_or(&Value::Null));
    }
    let errors: Vec<&str> = result
        .get("errors")
        .and_then(Value::as_array)
        .map(|errors| errors.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let command = match (body.get("module"), body.get("func")) {
        (Some(Value::String(module)), Some(Value::String(func))) => {
            Value::String(format!("{module}::{func}"))
        }
        _ => Value::Null,
    };
    Opened::Failure(json!({
        "reason": if errors.is_empty() { "the call failed".to_owned() } else { errors.join("; ") },
        "command": command,
        "result": status,
    }))
}

/// UAPI's operationIds are `Module-function`.
fn module_and_function(info: &OperationInfo) -> (&str, &str) {
    info.id.split_once('-').unwrap_or(("", info.id))
}

/// `{"apiversion": 3, "func", "module", "result": {"data": DATA, "errors": null, "messages",
/// "metadata": {}, "status": 1, "warnings": null}}`, the keys in the sorted order serde_json
/// writes an object in.
fn wrap_uapi(
    info: &'static OperationInfo,
    reason: Option<&str>,
    out: &mut Vec<u8>,
    data: &mut WriteData<'_>,
) -> Result<(), String> {
    let (module, func) = module_and_function(info);
    out.extend_from_slice(br#"{"apiversion":3,"func":"#);
    push_str(out, func)?;
    out.extend_from_slice(br#","module":"#);
    push_str(out, module)?;
    out.extend_from_slice(br#","result":{"data":"#);
    data(out)?;
    out.extend_from_slice(br#","errors":null,"messages":"#);
    match reason {
        Some(reason) => {
            out.push(b'[');
            push_str(out, reason)?;
            out.push(b']');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","metadata":{},"status":1,"warnings":null}}"#);
    Ok(())
}

fn fail_uapi(info: &'static OperationInfo, reason: &str) -> Value {
    let (module, func) = module_and_function(info);
    json!({
        "apiversion": 3,
        "func": func,
        "module": module,
        "result": {
            "status": 0,
            "errors": [reason],
            "warnings": null,
            "messages": null,
            "metadata": {},
            "data": null,
        },
    })
}

/// A cPanel call that failed: HTTP 200, and the envelope says so.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Failure {
    /// Why, in cPanel's words (WHM's `metadata.reason`, UAPI's `result.errors`). A server's
    /// reason is sent as it is: it must not contain secrets.
    pub reason: String,
    /// The function cPanel says it ran.
    #[serde(default)]
    pub command: Option<String>,
    /// `metadata.result` or `result.status`.
    #[serde(default)]
    pub result: i64,
}

impl Failure {
    /// A failure with this reason, for a server to answer with.
    pub fn new(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            command: None,
            result: 0,
        }
    }

    /// The reason.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.command {
            Some(command) => write!(f, "`{command}` failed: {}", self.reason),
            None => write!(f, "the API reports failure: {}", self.reason),
        }
    }
}

impl std::error::Error for Failure {}

impl FailureBody for Failure {
    fn reply(self, info: &'static OperationInfo) -> Result<Reply, String> {
        let envelope = info.envelope.unwrap_or(&WHM);
        json_reply(200, &(envelope.fail)(info, &self.reason))
    }

    fn describe(&self) -> String {
        self.to_string()
    }
}

/// What a cPanel function's server method answers on success: its data, and the success
/// message the envelope reports (`OK` unless set).
#[derive(Debug, Clone, PartialEq)]
pub struct Success<T> {
    /// The function's data.
    pub data: T,
    /// The success message, e.g. `Created session`.
    pub reason: Option<String>,
}

impl<T> Success<T> {
    /// The data, with the reason `OK`.
    pub fn new(data: T) -> Self {
        Success { data, reason: None }
    }

    /// The same data with another success message.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

impl<T> From<T> for Success<T> {
    fn from(data: T) -> Self {
        Success::new(data)
    }
}

impl<T: Serialize> SuccessBody for Success<T> {
    fn reply(self, info: &'static OperationInfo) -> Result<Reply, String> {
        let envelope = info.envelope.unwrap_or(&WHM);
        enveloped_reply(envelope, info, &self.data, self.reason.as_deref())
    }
}

/// What a cPanel function's server method returns.
pub type Outcome<T> = Result<Success<T>, Failure>;

/// cPanel's 0/1 flag: `1` is true. It travels as the integer; `0`/`1` as integers or text and
/// `true`/`false` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Flag(pub bool);

impl Flag {
    /// `1`.
    pub const ON: Flag = Flag(true);
    /// `0`.
    pub const OFF: Flag = Flag(false);

    /// The integer cPanel writes: 1 or 0.
    pub const fn value(self) -> i64 {
        self.0 as i64
    }
}

impl From<bool> for Flag {
    fn from(on: bool) -> Self {
        Flag(on)
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value(), f)
    }
}

impl std::str::FromStr for Flag {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "1" | "true" => Ok(Flag(true)),
            "0" | "false" => Ok(Flag(false)),
            _ => Err("expected 1 or 0".to_owned()),
        }
    }
}

impl Serialize for Flag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.value())
    }
}

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("1 or 0")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Flag, E> {
                Ok(Flag(on))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Flag, E> {
                match value {
                    0 => Ok(Flag(false)),
                    1 => Ok(Flag(true)),
                    _ => Err(E::custom(format!("expected 1 or 0, not {value}"))),
                }
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Flag, E> {
                self.visit_i64(i64::try_from(value).unwrap_or(i64::MAX))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Flag, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static INFO: OperationInfo = OperationInfo {
        id: "create_user_session",
        ..WHM_FUNCTION
    };

    /// The body `envelope` answers a success with, parsed.
    fn wrapped(
        envelope: &Envelope,
        info: &'static OperationInfo,
        data: &Value,
        reason: Option<&str>,
    ) -> Value {
        let reply = enveloped_reply(envelope, info, data, reason).unwrap();
        assert_eq!(reply.status, 200);
        serde_json::from_slice(&reply.body.unwrap().bytes).unwrap()
    }

    #[test]
    fn whm_envelopes_open_to_data_or_failure() {
        let body = wrapped(&WHM, &INFO, &json!({"url": "u"}), Some("Created session"));
        assert_eq!(body["metadata"]["reason"], "Created session");
        match open_whm(&body) {
            Opened::Data(data) => assert_eq!(data, &json!({"url": "u"})),
            other => panic!("{other:?}"),
        }
        let failure = fail_whm(&INFO, "The user “x” does not exist.");
        let Opened::Failure(failure) = open_whm(&failure) else {
            panic!("a failure");
        };
        let failure: Failure = serde_json::from_value(failure).unwrap();
        assert_eq!(failure.reason, "The user “x” does not exist.");
        assert_eq!(failure.command.as_deref(), Some("create_user_session"));
        assert!(matches!(open_whm(&json!({})), Opened::Malformed { .. }));
    }

    #[test]
    fn envelopes_are_written_as_serde_json_writes_their_value() {
        static UAPI_INFO: OperationInfo = OperationInfo {
            id: "Email-list_pops",
            ..UAPI_FUNCTION
        };
        // Keys in sorted order, so that the expected bytes are the same with serde_json's
        // `preserve_order` (which another crate of the workspace turns on) as without.
        let data = json!({"a": [1, null], "b": "\"quoted\" “x”"});
        let reason = "said \"so\"\n";
        let bytes = |envelope, info, reason| {
            enveloped_reply(envelope, info, &data, reason)
                .unwrap()
                .body
                .unwrap()
                .bytes
        };
        let whm = json!({
            "data": data,
            "metadata": {"command": "create_user_session", "reason": reason, "result": 1, "version": 1},
        });
        assert_eq!(
            bytes(&WHM, &INFO, Some(reason)),
            serde_json::to_vec(&whm).unwrap()
        );
        for reason in [Some(reason), None] {
            let uapi = json!({
                "apiversion": 3,
                "func": "list_pops",
                "module": "Email",
                "result": {
                    "data": data,
                    "errors": null,
                    "messages": reason.map(|reason| vec![reason]),
                    "metadata": {},
                    "status": 1,
                    "warnings": null,
                },
            });
            assert_eq!(
                bytes(&UAPI, &UAPI_INFO, reason),
                serde_json::to_vec(&uapi).unwrap()
            );
        }
    }

    #[test]
    fn flags_travel_as_1_and_0_and_read_any_spelling() {
        assert_eq!(serde_json::to_string(&Flag::ON).unwrap(), "1");
        for (text, on) in [("1", true), ("0", false), ("true", true), ("\"0\"", false)] {
            assert_eq!(
                serde_json::from_str::<Flag>(text).unwrap(),
                Flag(on),
                "{text}"
            );
        }
        assert!(serde_json::from_str::<Flag>("2").is_err());
        assert_eq!("1".parse::<Flag>(), Ok(Flag::ON));
    }

    #[test]
    fn uapi_failures_join_their_errors() {
        static UAPI_INFO: OperationInfo = OperationInfo {
            id: "Email-list_pops",
            ..UAPI_FUNCTION
        };
        let body = json!({"func": "list_pops", "module": "Email", "result": {"status": 0, "errors": ["a", "b"]}});
        let Opened::Failure(failure) = open_uapi(&body) else {
            panic!("a failure");
        };
        let failure: Failure = serde_json::from_value(failure).unwrap();
        assert_eq!(failure.reason, "a; b");
        assert_eq!(failure.to_string(), "`Email::list_pops` failed: a; b");
        let success = wrapped(&UAPI, &UAPI_INFO, &json!([1]), None);
        assert_eq!(success["module"], "Email");
        assert!(matches!(open_uapi(&success), Opened::Data(data) if data == &json!([1])));
    }
}
