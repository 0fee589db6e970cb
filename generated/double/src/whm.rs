//! The server's accounts and what `create_user_session` does with them, as cPanel's
//! Session.pm does: who may log in to which service, the port of each service, the reasons of
//! its failures.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use whm_api::runtime::errors::shorten;
use whm_api::server::{Api, Failure, Outcome, Success};
use whm_api::{App, CreateUserSessionData, CreateUserSessionParams, Secret, Service};

use crate::MintedSession;
use crate::text::{new_session, new_token, session_url, well_formed_token};

/// How long a new session's security token lives, in seconds.
pub(crate) const SESSION_LIFETIME: i64 = 300;

/// What an account may log in to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `root` or another WHM user with root's privileges: WHM only.
    Root,
    /// WHM and cPanel.
    Reseller,
    /// cPanel and Webmail.
    User,
}

/// The accounts of the server and the domains they own.
#[derive(Clone)]
pub(crate) struct Accounts {
    kinds: BTreeMap<String, Kind>,
    /// Domain (lower case) to the account that owns it.
    domains: BTreeMap<String, String>,
}

impl Accounts {
    /// `root` alone.
    pub(crate) fn new() -> Self {
        let mut kinds = BTreeMap::new();
        kinds.insert("root".to_owned(), Kind::Root);
        Accounts {
            kinds,
            domains: BTreeMap::new(),
        }
    }

    pub(crate) fn add(&mut self, user: &str, domain: &str, kind: Kind) {
        self.kinds.insert(user.to_owned(), kind);
        self.domains
            .insert(domain.to_ascii_lowercase(), user.to_owned());
    }

    /// Makes `user` a WHM user with root's privileges unless it is an account already.
    pub(crate) fn admit_as_root(&mut self, user: &str) {
        self.kinds.entry(user.to_owned()).or_insert(Kind::Root);
    }

    /// The account a `user` parameter names: a user name, or an email address at a domain
    /// the account owns.
    fn find(&self, user: &str) -> Option<(&str, Kind)> {
        let name = match user.rsplit_once('@') {
            Some((_, domain)) => self.domains.get(&domain.to_ascii_lowercase())?.as_str(),
            None => user,
        };
        self.kinds
            .get_key_value(name)
            .map(|(name, kind)| (name.as_str(), *kind))
    }
}

/// The sessions minted so far, shared by the server and whoever started it; `None` when they
/// are not kept.
pub(crate) type Minted = Option<Arc<Mutex<Vec<MintedSession>>>>;

/// The double's implementation of the API.
pub(crate) struct Whm {
    /// The host of session URLs.
    pub(crate) host: String,
    pub(crate) accounts: Accounts,
    pub(crate) minted: Minted,
}

impl Whm {
    fn create_session(
        &self,
        caller: &Arc<str>,
        params: &CreateUserSessionParams,
    ) -> Outcome<CreateUserSessionData> {
        if params.user.is_empty() {
            return Err(Failure::new(
                "The parameter “user” is required: give a username or an email address.",
            ));
        }
        let Some((user, kind)) = self.accounts.find(&params.user) else {
            return Err(Failure::new(format!(
                "The user “{}” does not exist.",
                shorten(&params.user)
            )));
        };
        match (kind, params.service) {
            (Kind::Root, Service::Whostmgrd) => {}
            (Kind::Root, service) => {
                return Err(Failure::new(format!(
                    "The user “root” can only log in to “whostmgrd”, not “{service}”."
                )));
            }
            (Kind::User, Service::Whostmgrd) => {
                return Err(Failure::new(format!(
                    "The user “{user}” is not a reseller, and cannot log in to “whostmgrd”."
                )));
            }
            _ => {}
        }
        let service = params.service;
        let port = match service {
            Service::Cpaneld => "2083",
            Service::Whostmgrd => "2087",
            Service::Webmaild => "2096",
        };
        let mut rng = rand::rng();
        let token = params
            .cp_security_token
            .as_ref()
            .and_then(|token| well_formed_token(token.as_str()))
            .unwrap_or_else(|| new_token(&mut rng));
        let session = new_session(&mut rng, user);
        let host = params.preferred_domain.as_deref().unwrap_or(&self.host);
        // A documented application is linked; any other well-formed name creates the session
        // without linking it, as cPanel does.
        let app = params
            .app
            .as_ref()
            .filter(|app| !matches!(app, App::Other(_)));
        let url = session_url(host, port, &token, app, params.locale.as_deref(), &session);
        let data = CreateUserSessionData {
            cp_security_token: Secret::new(token),
            expires: now() + SESSION_LIFETIME,
            locale: params.locale.clone(),
            service: service.as_str().to_owned(),
            session: Secret::new(session),
            url: Secret::new(url),
        };
        if let Some(minted) = &self.minted {
            let record = MintedSession {
                caller: caller.to_string(),
                user: user.to_owned(),
                service,
                app: app.cloned(),
                locale: data.locale.clone(),
                cp_security_token: data.cp_security_token.clone(),
                session: data.session.clone(),
                url: data.url.clone(),
                expires: data.expires,
            };
            // A panic elsewhere while the lock was held leaves the list whole: keep using it.
            minted
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(record);
        }
        Ok(Success::new(data).with_reason("Created session"))
    }
}

impl Api for Whm {
    /// The WHM user whose credentials the request presented.
    type Caller = Arc<str>;

    async fn create_user_session(
        &self,
        caller: Arc<str>,
        params: CreateUserSessionParams,
    ) -> Outcome<CreateUserSessionData> {
        self.create_session(&caller, &params)
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}
