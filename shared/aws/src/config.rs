//! Settings of the AWS runtime, read from the function's environment (set by template.yaml).

/// A missing or invalid setting, named so the operator knows what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the environment variable {0} is not set")]
    Missing(&'static str),
    #[error("the environment variable {name} is invalid: {why}")]
    Invalid {
        name: &'static str,
        why: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsSettings {
    pub table: String,
    pub media_bucket: String,
    pub jobs_queue_url: String,
    pub jobs_dlq_url: String,
    pub search_url: String,
    pub search_index: String,
    /// Sign OpenSearch requests with SigV4 (Amazon OpenSearch Service); off for a plain local node.
    pub search_sigv4: bool,
    /// The WebSocket API's management endpoint, stage included.
    pub ws_callback_url: String,
    pub mail_from: String,
    /// Path-style S3 URLs, for S3-compatible servers on localhost.
    pub s3_force_path_style: bool,
}

fn parse_bool(
    name: &'static str,
    value: Option<String>,
    default: bool,
) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(_) => Err(ConfigError::Invalid {
            name,
            why: "expected true or false",
        }),
    }
}

impl AwsSettings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));
        let search_url = required("ROUEN_SEARCH_URL")?;
        if !(search_url.starts_with("https://") || search_url.starts_with("http://")) {
            return Err(ConfigError::Invalid {
                name: "ROUEN_SEARCH_URL",
                why: "expected an http(s) URL",
            });
        }
        let search_sigv4 = parse_bool(
            "ROUEN_SEARCH_SIGV4",
            get("ROUEN_SEARCH_SIGV4"),
            search_url.starts_with("https://"),
        )?;
        Ok(Self {
            table: required("ROUEN_TABLE")?,
            media_bucket: required("ROUEN_MEDIA_BUCKET")?,
            jobs_queue_url: required("ROUEN_JOBS_QUEUE_URL")?,
            jobs_dlq_url: required("ROUEN_JOBS_DLQ_URL")?,
            search_index: get("ROUEN_SEARCH_INDEX").unwrap_or_else(|| "rouen".into()),
            search_url,
            search_sigv4,
            ws_callback_url: required("ROUEN_WS_CALLBACK_URL")?,
            mail_from: required("ROUEN_MAIL_FROM")?,
            s3_force_path_style: parse_bool(
                "ROUEN_S3_FORCE_PATH_STYLE",
                get("ROUEN_S3_FORCE_PATH_STYLE"),
                false,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn full() -> HashMap<String, String> {
        env(&[
            ("ROUEN_TABLE", "t"),
            ("ROUEN_MEDIA_BUCKET", "b"),
            ("ROUEN_JOBS_QUEUE_URL", "https://sqs/q"),
            ("ROUEN_JOBS_DLQ_URL", "https://sqs/dlq"),
            ("ROUEN_SEARCH_URL", "https://search.example"),
            ("ROUEN_WS_CALLBACK_URL", "https://ws.example/dev"),
            ("ROUEN_MAIL_FROM", "no-reply@rouen.social"),
        ])
    }

    #[test]
    fn reads_every_setting_with_defaults() {
        let vars = full();
        let settings = AwsSettings::from_lookup(|k| vars.get(k).cloned()).expect("complete");
        assert_eq!(settings.search_index, "rouen");
        assert!(settings.search_sigv4, "https search is signed by default");
        assert!(!settings.s3_force_path_style);
    }

    #[test]
    fn names_the_missing_or_invalid_variable() {
        let mut vars = full();
        vars.remove("ROUEN_TABLE");
        let err = AwsSettings::from_lookup(|k| vars.get(k).cloned())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("the environment variable ROUEN_TABLE is not set")
        );
        let mut vars = full();
        vars.insert("ROUEN_SEARCH_SIGV4".into(), "maybe".into());
        assert!(matches!(
            AwsSettings::from_lookup(|k| vars.get(k).cloned()),
            Err(ConfigError::Invalid {
                name: "ROUEN_SEARCH_SIGV4",
                ..
            })
        ));
    }
}
