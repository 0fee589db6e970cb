//! Credentials: what the caller gives for each security scheme, and what each request carries
//! to meet its operation's requirement.

use std::fmt;

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::Error;
use crate::operation::{ApiInfo, Location, OperationInfo, SchemeKind};
use crate::secret::Redacted;

/// Credentials for one security scheme. `Debug` never shows a secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// HTTP Basic: a user and a password.
    Basic {
        /// The user.
        user: String,
        /// The password.
        password: String,
    },
    /// HTTP Bearer: a token.
    Bearer(String),
    /// An HTTP scheme of a user and a token (`Authorization: SCHEME user:token`), such as
    /// WHM's API tokens (`whm`).
    UserToken {
        /// The user.
        user: String,
        /// The token.
        token: String,
    },
    /// An API key.
    ApiKey(String),
}

impl Credential {
    /// HTTP Basic credentials.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic {
            user: user.into(),
            password: password.into(),
        }
    }

    /// A bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credential::Bearer(token.into())
    }

    /// A user and a token, for an HTTP scheme such as WHM's `whm`.
    pub fn user_token(user: impl Into<String>, token: impl Into<String>) -> Self {
        Credential::UserToken {
            user: user.into(),
            token: token.into(),
        }
    }

    /// An API key.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credential::ApiKey(key.into())
    }

    /// Whether these credentials are of the kind `scheme` takes.
    fn fits(&self, scheme: SchemeKind) -> bool {
        matches!(
            (self, scheme),
            (Credential::Basic { .. }, SchemeKind::Basic)
                | (Credential::Bearer(_), SchemeKind::Bearer)
                | (Credential::UserToken { .. }, SchemeKind::UserToken { .. })
                | (Credential::ApiKey(_), SchemeKind::ApiKey { .. })
        )
    }

    fn kind(&self) -> &'static str {
        match self {
            Credential::Basic { .. } => "HTTP Basic credentials",
            Credential::Bearer(_) => "a bearer token",
            Credential::UserToken { .. } => "a user and token",
            Credential::ApiKey(_) => "an API key",
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Basic { user, .. } => f
                .debug_struct("Basic")
                .field("user", user)
                .field("password", &Redacted)
                .finish(),
            Credential::Bearer(_) => f.debug_tuple("Bearer").field(&Redacted).finish(),
            Credential::UserToken { user, .. } => f
                .debug_struct("UserToken")
                .field("user", user)
                .field("token", &Redacted)
                .finish(),
            Credential::ApiKey(_) => f.debug_tuple("ApiKey").field(&Redacted).finish(),
        }
    }
}

/// What a request carries for one scheme, made once when the client is built.
#[derive(Clone)]
pub(crate) enum Applied {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, String),
    /// A cookie.
    Cookie(&'static str, String),
}

impl fmt::Debug for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, name) = match self {
            Applied::Header(name, _) => ("Header", name.as_str()),
            Applied::Query(name, _) => ("Query", *name),
            Applied::Cookie(name, _) => ("Cookie", *name),
        };
        f.debug_tuple(kind).field(&name).field(&Redacted).finish()
    }
}

fn header<E>(name: HeaderName, value: String) -> Result<Applied, Error<E>> {
    let mut value = HeaderValue::from_str(&value).map_err(|_| {
        Error::config(format!(
            "the credentials for the `{name}` header contain characters a header cannot carry"
        ))
    })?;
    value.set_sensitive(true);
    Ok(Applied::Header(name, value))
}

/// The credentials given, each made into what requests carry, by scheme index.
pub(crate) fn resolve<E>(
    api: &'static ApiInfo,
    given: Vec<(Option<String>, Credential)>,
) -> Result<Vec<Option<Applied>>, Error<E>> {
    let mut applied = vec![None; api.schemes.len()];
    for (name, credential) in given {
        let index = match &name {
            Some(name) => api.scheme_index(name).ok_or_else(|| {
                Error::config(format!(
                    "the API has no security scheme `{name}`; it has {}",
                    scheme_list(api)
                ))
            })?,
            None => {
                let fitting: Vec<usize> = (0..api.schemes.len())
                    .filter(|&i| credential.fits(api.schemes[i].kind))
                    .collect();
                match fitting.as_slice() {
                    [one] => *one,
                    [] => {
                        return Err(Error::config(format!(
                            "the API takes no {}; it has {}",
                            credential.kind(),
                            scheme_list(api)
                        )));
                    }
                    several => {
                        let names: Vec<String> = several
                            .iter()
                            .map(|&i| format!("`{}`", api.schemes[i].name))
                            .collect();
                        return Err(Error::config(format!(
                            "{} fit several schemes ({}): say which with `auth_for`",
                            credential.kind(),
                            names.join(", ")
                        )));
                    }
                }
            }
        };
        let scheme = api.schemes[index];
        if !credential.fits(scheme.kind) {
            return Err(Error::config(format!(
                "the scheme `{}` does not take {}",
                scheme.name,
                credential.kind()
            )));
        }
        applied[index] = Some(apply(scheme.kind, credential)?);
    }
    Ok(applied)
}

fn apply<E>(kind: SchemeKind, credential: Credential) -> Result<Applied, Error<E>> {
    Ok(match (kind, credential) {
        (_, Credential::Basic { user, password }) => {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            header(AUTHORIZATION, format!("Basic {encoded}"))?
        }
        (_, Credential::Bearer(token)) => header(AUTHORIZATION, format!("Bearer {token}"))?,
        (SchemeKind::UserToken { scheme }, Credential::UserToken { user, token }) => {
            header(AUTHORIZATION, format!("{scheme} {user}:{token}"))?
        }
        (SchemeKind::ApiKey { location, name }, Credential::ApiKey(key)) => match location {
            Location::Header => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::config(format!("`{name}` cannot be a header name")))?;
                header(name, key)?
            }
            Location::Query => Applied::Query(name, key),
            Location::Cookie | Location::Path => Applied::Cookie(name, key),
        },
        (_, credential) => {
            return Err(Error::config(format!(
                "{} do not fit this scheme",
                credential.kind()
            )));
        }
    })
}

fn scheme_list(api: &ApiInfo) -> String {
    if api.schemes.is_empty() {
        return "no security schemes".to_owned();
    }
    api.schemes
        .iter()
        .map(|scheme| format!("`{}`", scheme.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a request of `info` carries: the credentials of the first alternative of its
/// requirement that the client has all of; nothing for a public operation without them.
pub(crate) fn for_operation<'c, E>(
    api: &'static ApiInfo,
    info: &'static OperationInfo,
    applied: &'c [Option<Applied>],
) -> Result<Vec<&'c Applied>, Error<E>> {
    for alternative in info.security {
        let credentials: Option<Vec<&Applied>> = alternative
            .iter()
            .map(|name| {
                let index = api.scheme_index(name)?;
                applied.get(index).and_then(Option::as_ref)
            })
            .collect();
        if let Some(credentials) = credentials {
            return Ok(credentials);
        }
    }
    if info.is_public() {
        return Ok(Vec::new());
    }
    let alternatives: Vec<String> = info
        .security
        .iter()
        .map(|alternative| {
            alternative
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    Err(Error::config(format!(
        "`{}` needs credentials for {}: give them with `ClientBuilder::auth`",
        info.id,
        alternatives.join(", or ")
    )))
}
