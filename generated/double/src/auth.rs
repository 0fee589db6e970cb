//! The credentials the double admits: API tokens (`Authorization: whm USER:TOKEN`) and
//! passwords (HTTP Basic), each a WHM user's.

use std::sync::Arc;

use subtle::{Choice, ConstantTimeEq};
use whm_api::Secret;
use whm_api::server::Authenticate;

/// One WHM user's secret. (The secret is a [`Secret`]: `Debug` never shows it.)
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) user: Arc<str>,
    pub(crate) secret: Secret,
}

/// Every token and password the double admits.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) tokens: Vec<Credential>,
    pub(crate) passwords: Vec<Credential>,
}

/// The user of the credential that `user` and `secret` are, compared in constant time with
/// each of `known` (so the time taken says nothing about which part differed, or where).
fn admit(known: &[Credential], user: &str, secret: &str) -> Option<Arc<str>> {
    let mut admitted = None;
    for credential in known {
        let same: Choice = user.as_bytes().ct_eq(credential.user.as_bytes())
            & secret
                .as_bytes()
                .ct_eq(credential.secret.as_str().as_bytes());
        if bool::from(same) {
            admitted = Some(Arc::clone(&credential.user));
        }
    }
    admitted
}

impl Authenticate for Credentials {
    type Caller = Arc<str>;

    /// HTTP Basic: refused unless the user was given a password.
    async fn basic_auth(&self, user: &str, password: &str) -> Option<Arc<str>> {
        admit(&self.passwords, user, password)
    }

    /// `Authorization: whm USER:TOKEN`.
    async fn whm_api_token(&self, user: &str, token: &str) -> Option<Arc<str>> {
        admit(&self.tokens, user, token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential(user: &str, secret: &str) -> Credential {
        Credential {
            user: user.into(),
            secret: Secret::new(secret.to_owned()),
        }
    }

    #[test]
    fn only_a_known_pair_is_admitted() {
        let known = [credential("root", "one"), credential("rita", "two")];
        assert_eq!(admit(&known, "rita", "two").as_deref(), Some("rita"));
        assert_eq!(admit(&known, "root", "one").as_deref(), Some("root"));
        assert_eq!(admit(&known, "root", "two"), None);
        assert_eq!(admit(&known, "rita", "tw"), None);
        assert_eq!(admit(&[], "root", ""), None);
    }
}
