//! TLS for the client, by the backend the build chose: feature `rustls` (rustls on *ring*) or
//! `native-tls` (the platform's library: OpenSSL on Linux). With both, rustls is used, since
//! its failures are the ones the client can explain in words. With neither, the client speaks
//! plain HTTP only, and [`check_scheme`] refuses an `https` URL when the client is built.

use super::Error;

/// Whether this build of the client can speak TLS.
pub const AVAILABLE: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// Installs rustls's *ring* crypto provider as the process default, unless the application
/// installed one already; without the `rustls` feature, does nothing.
///
/// The runtime builds reqwest's rustls on ring, which compiles in seconds, instead of reqwest's
/// default aws-lc-rs, whose C build takes minutes. The client calls this itself; call it first
/// if the process also builds reqwest clients of its own on rustls, which need a provider.
pub fn install_tls_provider() {
    #[cfg(feature = "rustls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// A reqwest builder with the chosen backend and the certificate policy.
pub(super) fn configure(
    builder: reqwest::ClientBuilder,
    accept_invalid_certificates: bool,
) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(feature = "rustls")]
    let builder = {
        install_tls_provider();
        builder.tls_backend_rustls()
    };
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    let builder = builder.tls_backend_native();
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    let builder = builder.tls_danger_accept_invalid_certs(accept_invalid_certificates);
    if accept_invalid_certificates && !AVAILABLE {
        return Err(Error::config(format!(
            "`accept_invalid_certificates` is a TLS setting, and {NO_TLS}"
        )));
    }
    Ok(builder)
}

/// Refuses an `https` base URL when the build has no TLS, before any request fails on it.
pub(super) fn check_scheme(url: &reqwest::Url) -> Result<(), Error> {
    refuse_https_without_tls(url, AVAILABLE)
}

fn refuse_https_without_tls(url: &reqwest::Url, available: bool) -> Result<(), Error> {
    if url.scheme() == "https" && !available {
        return Err(Error::config(format!(
            "the server's URL is https, and {NO_TLS}"
        )));
    }
    Ok(())
}

const NO_TLS: &str = "this build of the client has no TLS: enable the generated crate's \
     `rustls` or `native-tls` feature";

/// The hint for a certificate the client does not trust.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
const OPT_IN: &str = "if this is your own server with a self-signed certificate, and you trust \
     the network between, opt in with `ClientBuilder::accept_invalid_certificates(true)`";

/// A TLS failure among the sources of `error`, in words; `None` when there is none (or the
/// backend's errors are not ones the client can recognise).
pub(super) fn describe(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    #[cfg(feature = "rustls")]
    if let Some(tls) = rustls_error(error) {
        return Some(describe_rustls(tls));
    }
    // OpenSSL's errors reach here only as text.
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    {
        let chain = super::error::error_chain(error);
        if chain.contains("certificate verify failed") {
            return Some(format!("{chain}; {OPT_IN}"));
        }
    }
    let _ = error;
    None
}

/// The rustls error among the sources, directly or inside I/O errors (whose `source` skips
/// the error they wrap).
#[cfg(feature = "rustls")]
fn rustls_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let wrapped = error
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref);
    if let Some(tls) = wrapped.and_then(|inner| rustls_error(inner)) {
        return Some(tls);
    }
    error.source().and_then(rustls_error)
}

/// A rustls failure in words.
#[cfg(feature = "rustls")]
fn describe_rustls(error: &rustls::Error) -> String {
    use rustls::CertificateError as Cert;
    let certificate = |what: &str| format!("the server's certificate {what}; {OPT_IN}");
    match error {
        rustls::Error::InvalidCertificate(problem) => match problem {
            Cert::UnknownIssuer => {
                certificate("is not signed by an authority this client trusts (self-signed?)")
            }
            Cert::Expired | Cert::ExpiredContext { .. } => certificate("has expired"),
            Cert::NotValidYet | Cert::NotValidYetContext { .. } => {
                certificate("is not valid yet (is the clock right?)")
            }
            Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
                certificate("is for another host name than the one the client connected to")
            }
            Cert::Revoked => certificate("has been revoked"),
            Cert::BadSignature => certificate("has a signature that does not verify"),
            Cert::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => {
                certificate("is a certificate authority's, not a server's")
            }
            other => certificate(&format!("is not trusted ({other:?})")),
        },
        rustls::Error::InvalidMessage(_) => "the server did not answer in TLS; if it serves \
             plain HTTP, give an http:// URL"
            .to_owned(),
        rustls::Error::NoCertificatesPresented => "the server presented no certificate".to_owned(),
        rustls::Error::AlertReceived(alert) => {
            format!("the server ended the TLS handshake ({alert:?})")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_without_tls_is_refused_by_name_and_http_is_not() {
        let https = reqwest::Url::parse("https://whm.example.com:2087/json-api").unwrap();
        let http = reqwest::Url::parse("http://127.0.0.1:2086/json-api").unwrap();
        let message = refuse_https_without_tls(&https, false)
            .unwrap_err()
            .to_string();
        assert!(message.contains("the server's URL is https"), "{message}");
        assert!(
            message.contains("`rustls` or `native-tls` feature"),
            "{message}"
        );
        assert!(refuse_https_without_tls(&http, false).is_ok());
        assert!(refuse_https_without_tls(&https, true).is_ok());
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn certificate_problems_read_as_words_and_name_the_opt_in() {
        let text = describe_rustls(&rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ));
        assert!(text.starts_with("the server's certificate is not signed by an authority"));
        assert!(text.contains("accept_invalid_certificates(true)"), "{text}");
        let text = describe_rustls(&rustls::Error::InvalidCertificate(
            rustls::CertificateError::Other(rustls::OtherError(std::sync::Arc::new(
                std::io::Error::other("CaUsedAsEndEntity"),
            ))),
        ));
        assert!(text.contains("is a certificate authority's"), "{text}");
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn a_rustls_error_is_found_inside_io_errors() {
        let io = std::io::Error::other(rustls::Error::NoCertificatesPresented);
        assert_eq!(
            describe(&io).as_deref(),
            Some("the server presented no certificate")
        );
        assert_eq!(describe(&std::io::Error::other("refused")), None);
    }
}
