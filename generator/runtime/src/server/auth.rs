//! Authentication: the credentials a request presents for each security scheme, and the
//! requirement of an operation checked against the application's hook before it runs.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use base64::Engine as _;

use crate::decode::Incoming;
use crate::operation::{ApiInfo, Location, OperationInfo, SchemeKind};
use crate::secret::Redacted;

/// Credentials a request presents for one scheme. `Debug` never shows a secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Presented<'a> {
    /// HTTP Basic.
    Basic {
        /// The user name.
        user: &'a str,
        /// The password.
        password: &'a str,
    },
    /// HTTP Bearer.
    Bearer(&'a str),
    /// An HTTP scheme of a user and a token (`Authorization: SCHEME user:token`).
    UserToken {
        /// The user.
        user: &'a str,
        /// The token.
        token: &'a str,
    },
    /// An API key.
    ApiKey(&'a str),
}

impl fmt::Debug for Presented<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Presented::Basic { user, .. } => f
                .debug_struct("Basic")
                .field("user", user)
                .field("password", &Redacted)
                .finish(),
            Presented::Bearer(_) => f.debug_tuple("Bearer").field(&Redacted).finish(),
            Presented::UserToken { user, .. } => f
                .debug_struct("UserToken")
                .field("user", user)
                .field("token", &Redacted)
                .finish(),
            Presented::ApiKey(_) => f.debug_tuple("ApiKey").field(&Redacted).finish(),
        }
    }
}

/// Decides who may call: a generated crate's `Authenticate` trait (one method per security
/// scheme) is bridged to this.
pub trait Authenticator: Send + Sync + 'static {
    /// Who the caller is, as the operations see it.
    type Caller: Send + 'static;

    /// The caller `presented` identifies for the scheme called `scheme` (its name in
    /// [`ApiInfo::schemes`]), or `None` to refuse.
    fn authenticate<'a>(
        &'a self,
        scheme: &'static str,
        presented: Presented<'a>,
    ) -> impl Future<Output = Option<Self::Caller>> + Send + 'a;
}

/// The authenticator of an API without security: it refuses everything, and no operation asks.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

impl Authenticator for NoAuth {
    type Caller = ();

    async fn authenticate<'a>(&'a self, _: &'static str, _: Presented<'a>) -> Option<()> {
        None
    }
}

/// Why a request was refused before its operation ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It presents no credentials for any alternative of the requirement.
    NoCredentials,
    /// Its `Authorization` header fits no scheme of the requirement.
    Unreadable,
    /// The hook refused what it presents.
    Refused,
}

impl Refusal {
    /// The reason the answer gives.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::NoCredentials => "Access denied: the request has no credentials",
            Refusal::Unreadable => "Access denied: the Authorization header cannot be read",
            Refusal::Refused => "Access denied",
        }
    }
}

/// Credentials read from a request for one scheme: borrowed from the request where they are
/// in it as they are, owned where they had to be decoded (HTTP Basic: the decoded
/// `user:password`, one allocation, and where the colon is).
enum Extracted<'a> {
    Basic { decoded: String, colon: usize },
    Bearer(&'a str),
    UserToken { user: &'a str, token: &'a str },
    ApiKey(Cow<'a, str>),
}

impl Extracted<'_> {
    fn presented(&self) -> Presented<'_> {
        match self {
            Extracted::Basic { decoded, colon } => {
                let (user, password) = decoded.split_at(*colon);
                Presented::Basic {
                    user,
                    password: &password[1..],
                }
            }
            Extracted::Bearer(token) => Presented::Bearer(token),
            Extracted::UserToken { user, token } => Presented::UserToken { user, token },
            Extracted::ApiKey(key) => Presented::ApiKey(key),
        }
    }
}

/// The `Authorization` header as its scheme word and the rest.
fn authorization(headers: &HeaderMap) -> Option<(&str, &str)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ')?;
    Some((scheme, rest.trim()))
}

/// What the request presents for `kind`, if anything; `authorization` is its
/// `Authorization` header, read once for all schemes.
fn extract<'a>(
    kind: SchemeKind,
    authorization: Option<(&'a str, &'a str)>,
    headers: &'a HeaderMap,
    incoming: &Incoming<'a>,
) -> Option<Extracted<'a>> {
    match kind {
        SchemeKind::Basic => {
            let (scheme, rest) = authorization?;
            if !scheme.eq_ignore_ascii_case("basic") {
                return None;
            }
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(rest)
                .ok()?;
            let decoded = String::from_utf8(decoded).ok()?;
            let colon = decoded.find(':')?;
            (colon > 0).then_some(Extracted::Basic { decoded, colon })
        }
        SchemeKind::Bearer => {
            let (scheme, token) = authorization?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(Extracted::Bearer(token))
        }
        SchemeKind::UserToken { scheme: word } => {
            let (scheme, rest) = authorization?;
            if !scheme.eq_ignore_ascii_case(word) {
                return None;
            }
            let (user, token) = rest.split_once(':')?;
            (!user.is_empty()).then_some(Extracted::UserToken { user, token })
        }
        SchemeKind::ApiKey { location, name } => match location {
            Location::Header => Some(Extracted::ApiKey(Cow::Borrowed(
                headers.get(name)?.to_str().ok()?,
            ))),
            Location::Query => incoming
                .query
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| Extracted::ApiKey(value.clone())),
            Location::Cookie | Location::Path => incoming
                .cookies
                .iter()
                .find(|(cookie, _)| *cookie == name)
                .map(|(_, value)| Extracted::ApiKey(Cow::Borrowed(*value))),
        },
    }
}

/// Whether a scheme of the requirement of `info` reads a cookie (and so the server must
/// gather the request's cookies).
pub(crate) fn reads_cookies(api: &'static ApiInfo, info: &'static OperationInfo) -> bool {
    info.security
        .iter()
        .flat_map(|alternative| alternative.iter())
        .filter_map(|name| api.scheme(name))
        .any(|scheme| {
            matches!(
                scheme.kind,
                SchemeKind::ApiKey {
                    location: Location::Cookie | Location::Path,
                    ..
                }
            )
        })
}

/// The credentials of every scheme of one alternative of a requirement. Most alternatives
/// are one scheme: that one is held without the allocation of a list.
enum AllOf<'a> {
    One([(&'static str, Extracted<'a>); 1]),
    Several(Vec<(&'static str, Extracted<'a>)>),
}

impl<'a> AllOf<'a> {
    /// The credentials for each scheme of `alternative`, or `None` if one is not presented.
    fn extract(
        api: &'static ApiInfo,
        alternative: &'static [&'static str],
        authorization: Option<(&'a str, &'a str)>,
        headers: &'a HeaderMap,
        incoming: &Incoming<'a>,
    ) -> Option<Self> {
        let one = |name: &'static str| {
            let kind = api.scheme(name)?.kind;
            Some((name, extract(kind, authorization, headers, incoming)?))
        };
        match alternative {
            [name] => Some(AllOf::One([one(name)?])),
            _ => alternative
                .iter()
                .map(|name| one(name))
                .collect::<Option<_>>()
                .map(AllOf::Several),
        }
    }

    fn as_slice(&self) -> &[(&'static str, Extracted<'a>)] {
        match self {
            AllOf::One(one) => one,
            AllOf::Several(several) => several,
        }
    }
}

/// The caller the requirement of `info` admits: its alternatives in order, the first whose
/// schemes are all presented and all admitted by the hook (the caller is the first scheme's).
/// `Ok(None)` for a public operation without admitted credentials.
pub(crate) async fn admit<H: Authenticator>(
    hook: &H,
    api: &'static ApiInfo,
    info: &'static OperationInfo,
    headers: &HeaderMap,
    incoming: &Incoming<'_>,
) -> Result<Option<H::Caller>, Refusal> {
    let mut refusal = None;
    let authorization = authorization(headers);
    for alternative in info.security {
        if alternative.is_empty() {
            continue;
        }
        let Some(extracted) = AllOf::extract(api, alternative, authorization, headers, incoming)
        else {
            continue;
        };
        let mut caller = None;
        let mut admitted = true;
        for (scheme, credentials) in extracted.as_slice() {
            match hook.authenticate(scheme, credentials.presented()).await {
                Some(found) => caller = caller.or(Some(found)),
                None => {
                    admitted = false;
                    break;
                }
            }
        }
        if admitted {
            return Ok(caller);
        }
        refusal = Some(Refusal::Refused);
    }
    if info.is_public() {
        return Ok(None);
    }
    Err(refusal.unwrap_or(if headers.contains_key(AUTHORIZATION) {
        Refusal::Unreadable
    } else {
        Refusal::NoCredentials
    }))
}

/// The `WWW-Authenticate` challenges of the HTTP schemes an operation takes.
pub(crate) fn challenges(api: &'static ApiInfo, info: &'static OperationInfo) -> String {
    let mut challenges: Vec<String> = Vec::new();
    for name in info
        .security
        .iter()
        .flat_map(|alternative| alternative.iter())
    {
        let challenge = match api.scheme(name).map(|scheme| scheme.kind) {
            Some(SchemeKind::Basic) => format!("Basic realm=\"{}\"", api.title.replace('"', "'")),
            Some(SchemeKind::Bearer) => "Bearer".to_owned(),
            Some(SchemeKind::UserToken { scheme }) => scheme.to_owned(),
            _ => continue,
        };
        if !challenges.contains(&challenge) {
            challenges.push(challenge);
        }
    }
    challenges.join(", ")
}
