//! Who is calling: the edge verifies the access token once and leaves a [`Caller`] in the request's
//! extensions; handlers read it from there.

use crate::accounts::model::Role;
use crate::accounts::tokens;
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::Auth;
use http::header;
use lambda_http::Request;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: String,
    pub role: Role,
    /// The session (refresh-token family) the access token belongs to.
    pub session: String,
}

impl Caller {
    pub fn is_moderator(&self) -> bool {
        matches!(self.role, Role::Moderator | Role::Admin)
    }
}

/// Verifies the bearer token if there is one and enforces the route's requirement. A token that is
/// present but invalid is refused even on public routes, so the client knows to refresh it.
pub fn authenticate(
    platform: &Platform,
    auth: Auth,
    request: &mut Request,
) -> Result<(), ApiError> {
    let bearer = request.headers().get(header::AUTHORIZATION).map(|v| {
        v.to_str()
            .ok()
            .and_then(|s| {
                let (scheme, token) = s.split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| token.trim().to_owned())
            })
            .filter(|t| !t.is_empty())
    });
    let caller = match bearer {
        None => None,
        Some(None) => return Err(ApiError::InvalidAccessToken),
        Some(Some(token)) => {
            let claims = tokens::verify_access(
                &platform.settings.auth.signing_key,
                &token,
                platform.clock.now_epoch(),
            )
            .ok_or(ApiError::InvalidAccessToken)?;
            Some(Caller {
                user_id: claims.sub,
                role: claims.role,
                session: claims.sid,
            })
        }
    };
    match (auth, &caller) {
        (Auth::Public, _) => {}
        (Auth::User | Auth::Admin, None) => return Err(ApiError::Unauthorized),
        (Auth::User, Some(_)) => {}
        (Auth::Admin, Some(c)) if c.is_moderator() => {}
        (Auth::Admin, Some(_)) => return Err(ApiError::Forbidden),
    }
    if let Some(caller) = caller {
        tracing::Span::current().record("user_id", caller.user_id.as_str());
        request.extensions_mut().insert(caller);
    }
    Ok(())
}

/// The signed-in caller of a route that requires one.
pub fn caller(request: &Request) -> Result<Caller, ApiError> {
    request
        .extensions()
        .get::<Caller>()
        .cloned()
        .ok_or(ApiError::Unauthorized)
}

/// The caller of a public route, when signed in.
pub fn optional_caller(request: &Request) -> Option<Caller> {
    request.extensions().get::<Caller>().cloned()
}
