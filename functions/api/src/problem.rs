//! Errors at the edge: every failure a client can see is an RFC 9457 problem document with a stable
//! machine `code`, a fitting status, and per-field messages for validation errors. Internal details
//! are logged, never sent.

use rouen_ports::{BlobError, MailError, PushError, QueueError, SearchError, StoreError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Base of the `type` URIs of the problems this API answers with.
pub const PROBLEM_TYPE_BASE: &str = "https://rouen.social/problems/";

/// One field's problem in a validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FieldError {
    /// The field's path in the input (`body.display_name`, `query.limit`, `path.id`).
    pub field: String,
    /// Stable machine code (`required`, `too_long`, `invalid_format`, ...).
    pub code: String,
    /// A human sentence, in English; clients translate from `code`.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// The RFC 9457 document as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    /// Stable machine code; the part of the answer clients should branch on.
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub request_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `rate_limited` and `account_locked`: seconds until a retry may succeed (also in `Retry-After`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the content type must be {expected}")]
    UnsupportedMediaType { expected: &'static str },
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the input is invalid")]
    Validation(Vec<FieldError>),
    #[error("invalid cursor")]
    InvalidCursor,
    #[error("no route for this path")]
    RouteNotFound,
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    #[error("not found")]
    NotFound,
    #[error("authentication required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    RateLimited { retry_after_secs: u64 },
    #[error("too many failed sign-ins: locked for now")]
    AccountLocked { retry_after_secs: u64 },
    #[error("wrong e-mail, username or password")]
    InvalidCredentials,
    #[error("the access token is invalid or expired")]
    InvalidAccessToken,
    #[error("the refresh token is invalid, expired or revoked")]
    InvalidRefreshToken,
    #[error("the link is invalid, already used or expired")]
    InvalidToken,
    #[error("the CSRF token is missing or does not match")]
    CsrfFailed,
    #[error("the e-mail address is not verified yet")]
    EmailNotVerified,
    #[error("the password is wrong")]
    WrongPassword,
    #[error("this account is private")]
    PrivateAccount,
    #[error("this account is suspended by the moderators")]
    AccountSuspended,
    #[error("this resident does not accept messages from you")]
    MessagingNotAllowed,
    #[error("a dependency is unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn field(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::MalformedJson(_) | Self::InvalidCursor | Self::InvalidToken => 400,
            Self::Unauthorized
            | Self::InvalidCredentials
            | Self::InvalidAccessToken
            | Self::InvalidRefreshToken => 401,
            Self::Forbidden
            | Self::CsrfFailed
            | Self::EmailNotVerified
            | Self::WrongPassword
            | Self::PrivateAccount
            | Self::AccountSuspended
            | Self::MessagingNotAllowed => 403,
            Self::RouteNotFound | Self::NotFound => 404,
            Self::MethodNotAllowed { .. } => 405,
            Self::Conflict(_) => 409,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::Validation(_) => 422,
            Self::RateLimited { .. } | Self::AccountLocked { .. } => 429,
            Self::Internal(_) => 500,
            Self::Unavailable(_) => 503,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::MalformedJson(_) => "malformed_json",
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::Validation(_) => "validation_failed",
            Self::InvalidCursor => "invalid_cursor",
            Self::RouteNotFound => "route_not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::NotFound => "not_found",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Conflict(code) => code,
            Self::RateLimited { .. } => "rate_limited",
            Self::AccountLocked { .. } => "account_locked",
            Self::InvalidCredentials => "invalid_credentials",
            Self::InvalidAccessToken => "invalid_access_token",
            Self::InvalidRefreshToken => "invalid_refresh_token",
            Self::InvalidToken => "invalid_token",
            Self::CsrfFailed => "csrf_failed",
            Self::EmailNotVerified => "email_not_verified",
            Self::WrongPassword => "wrong_password",
            Self::PrivateAccount => "private_account",
            Self::AccountSuspended => "account_suspended",
            Self::MessagingNotAllowed => "messaging_not_allowed",
            Self::Unavailable(_) => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::MalformedJson(_) => "Malformed JSON body",
            Self::UnsupportedMediaType { .. } => "Unsupported media type",
            Self::PayloadTooLarge { .. } => "Payload too large",
            Self::Validation(_) => "Invalid input",
            Self::InvalidCursor => "Invalid cursor",
            Self::RouteNotFound => "No such route",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::NotFound => "Not found",
            Self::Unauthorized => "Authentication required",
            Self::Forbidden => "Forbidden",
            Self::Conflict(_) => "Conflict",
            Self::RateLimited { .. } => "Too many requests",
            Self::AccountLocked { .. } => "Sign-in temporarily locked",
            Self::InvalidCredentials => "Invalid credentials",
            Self::InvalidAccessToken => "Invalid access token",
            Self::InvalidRefreshToken => "Invalid refresh token",
            Self::InvalidToken => "Invalid or expired link",
            Self::CsrfFailed => "CSRF check failed",
            Self::EmailNotVerified => "E-mail not verified",
            Self::WrongPassword => "Wrong password",
            Self::PrivateAccount => "Private account",
            Self::AccountSuspended => "Account suspended",
            Self::MessagingNotAllowed => "Messaging not allowed",
            Self::Unavailable(_) => "Service unavailable",
            Self::Internal(_) => "Internal error",
        }
    }

    /// What the client may read. Internal and dependency messages stay in the logs.
    fn public_detail(&self) -> Option<String> {
        match self {
            Self::Internal(_) => Some(
                "Something went wrong on our side. Quote the request id if you report it.".into(),
            ),
            Self::Unavailable(_) => {
                Some("A service we depend on is unavailable; please retry shortly.".into())
            }
            Self::MalformedJson(msg) => Some(msg.clone()),
            Self::Conflict(_) | Self::Validation(_) => None,
            other => Some(other.to_string()),
        }
    }

    /// Whether this is our fault (logged as an error) rather than the client's.
    pub fn is_server_fault(&self) -> bool {
        self.status() >= 500
    }

    pub fn to_problem(&self, request_id: &str) -> Problem {
        let status = self.status();
        let code = self.code();
        Problem {
            type_uri: format!("{PROBLEM_TYPE_BASE}{code}"),
            title: self.title().to_owned(),
            status,
            code: code.to_owned(),
            detail: self.public_detail(),
            request_id: request_id.to_owned(),
            errors: match self {
                Self::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
            retry_after_secs: match self {
                Self::RateLimited { retry_after_secs }
                | Self::AccountLocked { retry_after_secs } => Some(*retry_after_secs),
                _ => None,
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::InvalidCursor => Self::InvalidCursor,
            StoreError::ConditionFailed | StoreError::TransactionCanceled { .. } => {
                Self::Conflict("conflict")
            }
            StoreError::InvalidRequest(msg) => Self::Internal(format!("item store request: {msg}")),
            StoreError::Engine(msg) => Self::Unavailable(format!("item store: {msg}")),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::InvalidRequest(msg) => Self::field("query", "invalid", msg),
            SearchError::Engine(msg) => Self::Unavailable(format!("search: {msg}")),
        }
    }
}

impl From<BlobError> for ApiError {
    fn from(err: BlobError) -> Self {
        match err {
            BlobError::NotFound => Self::NotFound,
            BlobError::InvalidRequest(msg) => Self::Internal(format!("blob request: {msg}")),
            BlobError::Engine(msg) => Self::Unavailable(format!("blob store: {msg}")),
        }
    }
}

impl From<QueueError> for ApiError {
    fn from(err: QueueError) -> Self {
        Self::Unavailable(format!("queue: {err}"))
    }
}

impl From<PushError> for ApiError {
    fn from(err: PushError) -> Self {
        Self::Unavailable(format!("push: {err}"))
    }
}

impl From<MailError> for ApiError {
    fn from(err: MailError) -> Self {
        match err {
            MailError::Invalid(msg) => Self::field("email", "invalid_format", msg),
            other => Self::Unavailable(format!("mail: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_never_reach_the_client() {
        let problem = ApiError::Internal("database password is hunter2".into()).to_problem("req-1");
        let json = serde_json::to_string(&problem).unwrap_or_default();
        assert!(!json.contains("hunter2"));
        assert_eq!(problem.status, 500);
        assert_eq!(problem.code, "internal_error");
        assert_eq!(problem.request_id, "req-1");
    }

    #[test]
    fn validation_carries_field_errors() {
        let problem = ApiError::field("body.name", "required", "name is required").to_problem("r");
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors.len(), 1);
        assert_eq!(
            problem.type_uri,
            "https://rouen.social/problems/validation_failed"
        );
    }
}
