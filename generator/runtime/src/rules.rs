//! The checks a description's constraints become. A parameter's rules are data in the
//! generated crate (`&[Rule]`); checking them is written once, here.

use std::sync::OnceLock;

/// A regular expression from the API description, compiled on first use; or, for a pattern
/// the generator proved simple, checked without a regex.
pub struct Pattern {
    source: &'static str,
    runs: Option<&'static [PatternRun]>,
    regex: OnceLock<Option<regex_lite::Regex>>,
}

/// One step of a simple pattern: from `min` to `max` ASCII characters, each within one of
/// `ranges`. `^[a-z][a-z0-9]{0,15}$` is two runs: one character `a` to `z`, then 0 to 15 of
/// `a` to `z` or `0` to `9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternRun {
    /// Inclusive ranges of ASCII bytes.
    pub ranges: &'static [(u8, u8)],
    /// The fewest characters.
    pub min: usize,
    /// The most characters.
    pub max: usize,
}

impl Pattern {
    /// A pattern, compiled on first use. (The generator checked that it compiles.)
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            runs: None,
            regex: OnceLock::new(),
        }
    }

    /// A pattern that matches exactly the values made of `runs` in sequence, checked without a
    /// regex. The generator uses it only for a pattern of the form `^`, character classes of
    /// ASCII ranges, `$`, where every class but the last has a fixed count, so that the two
    /// agree on every value.
    ///
    /// # Panics
    ///
    /// (At compile time, for a `static`.) If a run has `min` above `max`, or a run other than
    /// the last varies in length.
    pub const fn simple(source: &'static str, runs: &'static [PatternRun]) -> Self {
        let mut i = 0;
        while i < runs.len() {
            assert!(runs[i].min <= runs[i].max, "a run's min is above its max");
            assert!(
                i + 1 == runs.len() || runs[i].min == runs[i].max,
                "only the last run of a simple pattern may vary in length"
            );
            i += 1;
        }
        Pattern {
            source,
            runs: Some(runs),
            regex: OnceLock::new(),
        }
    }

    /// The pattern as the API description writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` matches (a pattern that fails to compile matches nothing).
    pub fn is_match(&self, value: &str) -> bool {
        if let Some(runs) = self.runs {
            return match_runs(runs, value.as_bytes());
        }
        self.regex
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|regex| regex.is_match(value))
    }
}

/// Whether `bytes` is `runs` in sequence and nothing else. Taking as many bytes as a run
/// allows is exact because only the last run varies in length; a byte that is not ASCII is in
/// no range.
fn match_runs(runs: &[PatternRun], bytes: &[u8]) -> bool {
    let mut rest = bytes;
    for run in runs {
        let taken = rest
            .iter()
            .take(run.max)
            .take_while(|byte| {
                run.ranges
                    .iter()
                    .any(|(low, high)| (*low..=*high).contains(*byte))
            })
            .count();
        if taken < run.min {
            return false;
        }
        rest = &rest[taken..];
    }
    rest.is_empty()
}

/// The `format`s the validators check; other formats are documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `email`: an address `local@hostname`.
    Email,
    /// `hostname`: RFC 1123 labels of letters, digits and `-`, at most 253 characters.
    Hostname,
    /// `ipv4`: a dotted-quad IPv4 address.
    Ipv4,
    /// `ipv6`: an IPv6 address.
    Ipv6,
    /// `byte`: standard, padded base64.
    Byte,
    /// `uuid`: 32 hexadecimal digits in groups of 8-4-4-4-12.
    Uuid,
}

/// One constraint of the API description on a value, checked on the value's text.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// `minLength`, in characters.
    MinLength(usize),
    /// `maxLength`, in characters.
    MaxLength(usize),
    /// `pattern`.
    Pattern(&'static Pattern),
    /// `format`.
    Format(Format),
    /// `x-max-decoded-length`: base64 that decodes to at most this many characters.
    MaxDecodedLength(usize),
    /// `minimum` (inclusive) of a number.
    Minimum(f64),
    /// `maximum` (inclusive) of a number.
    Maximum(f64),
    /// `exclusiveMinimum` of a number.
    ExclusiveMinimum(f64),
    /// `exclusiveMaximum` of a number.
    ExclusiveMaximum(f64),
    /// `multipleOf` of a number.
    MultipleOf(f64),
    /// `anyOf`: the value satisfies every rule of at least one branch.
    AnyOf(&'static [&'static [Rule]]),
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

static HOSTNAME: Pattern = Pattern::new(
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",
);
static EMAIL_LOCAL_PART: Pattern = Pattern::new(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$");
static UUID: Pattern =
    Pattern::new(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$");

fn is_hostname(value: &str) -> bool {
    value.len() <= 253 && HOSTNAME.is_match(value)
}

fn decode_base64(value: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(value).ok()
}

fn number(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

impl Rule {
    /// Whether `value` satisfies the rule.
    pub fn allows(&self, value: &str) -> bool {
        match *self {
            Rule::MinLength(min) => value.chars().count() >= min,
            Rule::MaxLength(max) => value.chars().count() <= max,
            Rule::Pattern(pattern) => pattern.is_match(value),
            Rule::Format(Format::Email) => value.rsplit_once('@').is_some_and(|(local, domain)| {
                EMAIL_LOCAL_PART.is_match(local) && is_hostname(domain)
            }),
            Rule::Format(Format::Hostname) => is_hostname(value),
            Rule::Format(Format::Ipv4) => value.parse::<std::net::Ipv4Addr>().is_ok(),
            Rule::Format(Format::Ipv6) => value.parse::<std::net::Ipv6Addr>().is_ok(),
            Rule::Format(Format::Byte) => decode_base64(value).is_some(),
            Rule::Format(Format::Uuid) => UUID.is_match(value),
            Rule::MaxDecodedLength(max) => {
                decode_base64(value).is_some_and(|bytes| match std::str::from_utf8(&bytes) {
                    Ok(text) => text.chars().count() <= max,
                    Err(_) => bytes.len() <= max,
                })
            }
            Rule::Minimum(min) => number(value).is_some_and(|n| n >= min),
            Rule::Maximum(max) => number(value).is_some_and(|n| n <= max),
            Rule::ExclusiveMinimum(min) => number(value).is_some_and(|n| n > min),
            Rule::ExclusiveMaximum(max) => number(value).is_some_and(|n| n < max),
            Rule::MultipleOf(step) => {
                number(value).is_some_and(|n| step > 0.0 && (n / step).fract().abs() < 1e-9)
            }
            Rule::AnyOf(branches) => branches
                .iter()
                .any(|branch| branch.iter().all(|rule| rule.allows(value))),
        }
    }

    /// What the rule asks, after "must": `be at most 16 characters long`.
    pub fn describe(&self) -> String {
        match *self {
            Rule::MinLength(min) => format!("be at least {min} characters long"),
            Rule::MaxLength(max) => format!("be at most {max} characters long"),
            Rule::Pattern(pattern) => format!("match the pattern `{}`", pattern.source()),
            Rule::Format(Format::Email) => "be an email address".to_owned(),
            Rule::Format(Format::Hostname) => "be a hostname".to_owned(),
            Rule::Format(Format::Ipv4) => "be an IPv4 address".to_owned(),
            Rule::Format(Format::Ipv6) => "be an IPv6 address".to_owned(),
            Rule::Format(Format::Byte) => "be base64 (standard alphabet, padded)".to_owned(),
            Rule::Format(Format::Uuid) => "be a UUID".to_owned(),
            Rule::MaxDecodedLength(max) => format!("decode to at most {max} characters"),
            Rule::Minimum(min) => format!("be at least {min}"),
            Rule::Maximum(max) => format!("be at most {max}"),
            Rule::ExclusiveMinimum(min) => format!("be more than {min}"),
            Rule::ExclusiveMaximum(max) => format!("be less than {max}"),
            Rule::MultipleOf(step) => format!("be a multiple of {step}"),
            Rule::AnyOf(branches) => {
                let branches: Vec<String> = branches
                    .iter()
                    .map(|branch| {
                        branch
                            .iter()
                            .map(Rule::describe)
                            .collect::<Vec<_>>()
                            .join(" and ")
                    })
                    .collect();
                format!("either {}", branches.join(", or "))
            }
        }
    }
}

/// The first rule `value` breaks, in order: later rules may be costlier (a length limit is
/// checked before base64 is decoded), so an oversized value is never decoded.
pub fn first_broken<'r>(rules: &'r [Rule], value: &str) -> Option<&'r Rule> {
    rules.iter().find(|rule| !rule.allows(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    static USERNAME: Pattern = Pattern::simple(
        "^[a-z][a-z0-9]{0,15}$",
        &[
            PatternRun {
                ranges: &[(b'a', b'z')],
                min: 1,
                max: 1,
            },
            PatternRun {
                ranges: &[(b'a', b'z'), (b'0', b'9')],
                min: 0,
                max: 15,
            },
        ],
    );

    #[test]
    fn a_simple_pattern_agrees_with_the_regex() {
        let regex = regex_lite::Regex::new(USERNAME.source()).unwrap();
        for value in [
            "",
            "a",
            "a1",
            "1a",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "aé",
            "A",
        ] {
            assert_eq!(USERNAME.is_match(value), regex.is_match(value), "{value:?}");
        }
    }

    #[test]
    fn each_rule_allows_exactly_what_it_says() {
        assert!(Rule::MaxLength(2).allows("éé") && !Rule::MaxLength(2).allows("abc"));
        assert!(Rule::Format(Format::Email).allows("bob@example.com"));
        assert!(!Rule::Format(Format::Email).allows("bob@exa mple.com"));
        assert!(Rule::Format(Format::Ipv6).allows("::1"));
        assert!(Rule::Format(Format::Uuid).allows("123e4567-e89b-12d3-a456-426614174000"));
        assert!(Rule::Minimum(1.0).allows("1") && !Rule::Minimum(1.0).allows("0.5"));
        assert!(!Rule::ExclusiveMaximum(10.0).allows("10"));
        assert!(Rule::MultipleOf(0.5).allows("2.5") && !Rule::MultipleOf(2.0).allows("3"));
        assert!(!Rule::Minimum(0.0).allows("abc"), "not a number");
        let oversized = "A".repeat(100);
        let rules = [Rule::MaxLength(8), Rule::Format(Format::Byte)];
        assert!(matches!(
            first_broken(&rules, &oversized),
            Some(Rule::MaxLength(8))
        ));
    }

    #[test]
    fn any_of_needs_one_whole_branch() {
        static BRANCHES: &[&[Rule]] = &[
            &[Rule::Pattern(&USERNAME)],
            &[Rule::MaxLength(254), Rule::Format(Format::Email)],
        ];
        let rule = Rule::AnyOf(BRANCHES);
        assert!(rule.allows("bob") && rule.allows("bob@example.com"));
        assert!(!rule.allows("Bob!"));
        assert_eq!(
            rule.describe(),
            "either match the pattern `^[a-z][a-z0-9]{0,15}$`, or be at most 254 characters \
             long and be an email address"
        );
    }
}
