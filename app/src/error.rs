//! The one error type every server function returns.
//!
//! It crosses the wire (serde), knows its HTTP status, and never carries
//! internals: a database or hashing failure is logged on the server and
//! reaches the browser only as [`AppError::Internal`]. Messages for people are
//! chosen by the UI from the variant (see `ui::error_text`), so they follow
//! the selected language.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// Not logged in, or the session ended (expired, user deactivated).
    Unauthenticated,
    /// Logged in, but the role does not allow this.
    Forbidden,
    /// Wrong username or password; deliberately the same whether the user
    /// exists or not.
    InvalidCredentials,
    /// Too many failed logins; try again after this many seconds.
    Throttled { retry_after_secs: u64 },
    /// A value was refused; `field` names the input, `problem` says why.
    Invalid { field: String, problem: Problem },
    /// The thing asked for does not exist.
    NotFound,
    /// The first admin exists already.
    AlreadySetUp,
    /// The request needs the password typed again (the login is too old).
    PasswordNeeded,
    /// What the phone sent belongs to another user than the session's: a
    /// shared phone whose previous user's session ended.
    OtherUser,
    /// A cross-site or otherwise unexpected request, or one the server
    /// could not decode; the text says what was wrong.
    BadRequest(String),
    /// The request body is larger than the server takes at this address.
    PayloadTooLarge { max_bytes: usize },
    /// The request body is not in the form this address takes.
    UnsupportedMediaType { expected: String },
    /// The browser could not reach the server (no signal, server down).
    Unreachable,
    /// Something broke on the server; details are in its log.
    Internal,
}

/// Why a value was refused; the UI turns it into a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooShort { min: usize },
    TooLong { max: usize },
    BadCharacters,
    Unknown,
    Taken,
    OwnAccount,
    Mismatch,
}

impl From<crate::text::TextProblem> for Problem {
    fn from(problem: crate::text::TextProblem) -> Self {
        match problem {
            crate::text::TextProblem::Required => Problem::Required,
            crate::text::TextProblem::TooLong { max } => Problem::TooLong { max },
        }
    }
}

impl AppError {
    /// `value` of `field` checked as typed text ([`crate::text::check`]).
    pub fn check_text(field: &str, value: &str, required: bool, max: usize) -> Result<(), Self> {
        crate::text::check(value, required, max)
            .map_err(|problem| Self::invalid(field, problem.into()))
    }

    /// Input the server could not read; `reason` may quote the input, so
    /// only an excerpt of it goes back.
    pub fn bad_request(reason: &str) -> Self {
        Self::BadRequest(crate::text::excerpt(reason, crate::text::REASON_MAX))
    }

    pub fn invalid(field: &str, problem: Problem) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            problem,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials | Self::PasswordNeeded => 401,
            Self::Forbidden => 403,
            Self::Throttled { .. } => 429,
            Self::Invalid { .. } | Self::BadRequest(_) => 400,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::NotFound => 404,
            Self::AlreadySetUp | Self::OtherUser => 409,
            Self::Unreachable => 503,
            Self::Internal => 500,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => write!(f, "is required"),
            Self::TooShort { min } => write!(f, "must have at least {min} characters"),
            Self::TooLong { max } => write!(f, "must have at most {max} characters"),
            Self::BadCharacters => write!(
                f,
                "may contain only lower-case letters a-z, digits, dot, dash and underscore"
            ),
            Self::Unknown => write!(f, "is not one of the allowed values"),
            Self::Taken => write!(f, "is already taken"),
            Self::OwnAccount => write!(f, "cannot be applied to your own account"),
            Self::Mismatch => write!(f, "does not match"),
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthenticated => write!(f, "not logged in"),
            Self::Forbidden => write!(f, "forbidden for this role"),
            Self::InvalidCredentials => write!(f, "wrong username or password"),
            Self::Throttled { retry_after_secs } => {
                write!(
                    f,
                    "too many failed attempts; try again in {retry_after_secs} s"
                )
            }
            Self::Invalid { field, problem } => write!(f, "{field} {problem}"),
            Self::NotFound => write!(f, "not found"),
            Self::AlreadySetUp => write!(f, "the first admin account exists already"),
            Self::PasswordNeeded => write!(f, "type the password again"),
            Self::OtherUser => write!(f, "these records belong to another user"),
            Self::BadRequest(reason) => write!(f, "bad request: {reason}"),
            Self::PayloadTooLarge { max_bytes } => {
                write!(f, "request body larger than {max_bytes} bytes")
            }
            Self::UnsupportedMediaType { expected } => {
                write!(f, "request body must be {expected}")
            }
            Self::Unreachable => write!(f, "the server cannot be reached"),
            Self::Internal => write!(f, "internal error"),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A request the server could not decode is the caller's mistake.
            ServerFnErrorErr::Args(reason) | ServerFnErrorErr::Deserialization(reason) => {
                Self::bad_request(&reason)
            }
            // The browser could not reach the server: the UI treats it as
            // "offline", not as a server fault.
            ServerFnErrorErr::Request(_) => Self::Unreachable,
            _ => Self::Internal,
        }
    }
}

/// Server side: the status as the HTTP type; every answer that carries an
/// error (server functions, pages, downloads, refused requests) takes its
/// status from here.
#[cfg(feature = "ssr")]
impl AppError {
    pub fn http_status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// Server side: logs internal failures and turns them into [`AppError::Internal`].
#[cfg(feature = "ssr")]
pub fn internal(error: impl fmt::Display) -> AppError {
    tracing::error!(%error, "internal error");
    AppError::Internal
}

/// Server side: runs a server function's body and gives an error its HTTP
/// status, so clients and tests see 401/403/429 rather than a blanket 500.
#[cfg(feature = "ssr")]
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(error.http_status());
        }
    }
    result
}

/// Server side: the one place an error becomes an HTTP answer outside a
/// server function (CSV downloads, refused requests): its status and its
/// sentence.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        (self.http_status(), format!("{self}\n")).into_response()
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        internal(error)
    }
}
