//! What is wrong with a request's parameters: every problem, by parameter.

use std::fmt;

/// How many characters of an offending value a message shows.
const SHOWN_CHARS: usize = 64;

/// The first 64 characters of `value`, marked with `…` when cut: enough to recognize a value
/// in a message, never a whole megabyte of it.
pub fn shorten(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

/// What is wrong with one request parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamProblem {
    /// A required parameter was not given.
    Missing,
    /// A parameter that takes one value was given several times.
    Repeated,
    /// The value breaks a rule of the API description.
    Invalid {
        /// The offending value, shortened; `None` for secrets, which are never shown.
        value: Option<String>,
        /// The rule it breaks, e.g. `expected one of "cpaneld", ...`.
        rule: String,
    },
}

/// A problem with one request parameter, naming the parameter as the API spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's wire name (`body` for the request body).
    pub parameter: &'static str,
    /// What is wrong with it.
    pub problem: ParamProblem,
}

impl ParamError {
    /// `parameter` is required but was not given.
    pub fn missing(parameter: &'static str) -> Self {
        ParamError {
            parameter,
            problem: ParamProblem::Missing,
        }
    }

    /// `parameter` was given more than once.
    pub fn repeated(parameter: &'static str) -> Self {
        ParamError {
            parameter,
            problem: ParamProblem::Repeated,
        }
    }

    /// `value` breaks `rule`; the value is kept (shortened) only if it is not secret.
    pub fn invalid(
        parameter: &'static str,
        value: &str,
        sensitive: bool,
        rule: impl Into<String>,
    ) -> Self {
        ParamError {
            parameter,
            problem: ParamProblem::Invalid {
                value: (!sensitive).then(|| shorten(value)),
                rule: rule.into(),
            },
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parameter = self.parameter;
        match &self.problem {
            ParamProblem::Missing => write!(f, "parameter `{parameter}` is required but missing"),
            ParamProblem::Repeated => {
                write!(f, "parameter `{parameter}` is given more than once")
            }
            ParamProblem::Invalid {
                value: Some(value),
                rule,
            } => write!(
                f,
                "parameter `{parameter}` has an invalid value {value:?}: {rule}"
            ),
            ParamProblem::Invalid { value: None, rule } => {
                write!(f, "parameter `{parameter}` has an invalid value: {rule}")
            }
        }
    }
}

impl std::error::Error for ParamError {}

/// Every problem found with a request's parameters, in the order of the operation's
/// parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamErrors {
    errors: Vec<ParamError>,
}

impl ParamErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, error: ParamError) {
        self.errors.push(error);
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// The problems, in parameter order.
    pub fn iter(&self) -> std::slice::Iter<'_, ParamError> {
        self.errors.iter()
    }

    /// Whether some problem concerns `parameter`.
    pub fn concerns(&self, parameter: &str) -> bool {
        self.errors.iter().any(|error| error.parameter == parameter)
    }

    /// `Ok(value)` when no problem was found, else these errors.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl<'a> IntoIterator for &'a ParamErrors {
    type Item = &'a ParamError;
    type IntoIter = std::slice::Iter<'a, ParamError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl fmt::Display for ParamErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            fmt::Display::fmt(error, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParamErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_parameter_and_hide_secrets() {
        let mut errors = ParamErrors::new();
        errors.push(ParamError::missing("user"));
        errors.push(ParamError::invalid(
            "token",
            "hunter2",
            true,
            "must be short",
        ));
        errors.push(ParamError::invalid("app", &"x".repeat(100), false, "bad"));
        let text = errors.to_string();
        assert!(text.starts_with("parameter `user` is required but missing; "));
        assert!(text.contains("parameter `token` has an invalid value: must be short"));
        assert!(!text.contains("hunter2"));
        assert!(text.contains(&format!("{}…", "x".repeat(64))));
        assert!(!text.contains(&"x".repeat(65)));
        assert!(errors.concerns("app") && !errors.concerns("locale"));
    }
}
