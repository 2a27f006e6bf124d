//! `POST /api/v1/auth/*`: registration, e-mail verification, sign-in, refresh, sign-out and password
//! recovery. Answers never tell whether an e-mail address has an account.

use crate::accounts::emails::AccountEmail;
use crate::accounts::model::{Credentials, Language, Me, Role, UserRecord, WhoCanMessage};
use crate::accounts::registration::{self, Claim};
use crate::accounts::{
    directory, keys, passwords, rate_limit, search, sessions, tokens, validation,
};
use crate::caller::caller;
use crate::edge::problem_response;
use crate::io::{client_ip, cookie, json, json_body, no_content, request_id_of, user_agent};
use crate::openapi::{OperationDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Route};
use futures::FutureExt;
use http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Request, Response};
use rouen_ports::{Condition, Item, StoreError, Update};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub const REFRESH_COOKIE: &str = "rs_refresh";
pub const CSRF_COOKIE: &str = "rs_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
const VERIFY_TTL_SECS: i64 = 48 * 3600;
const RESET_TTL_SECS: i64 = 3600;
const DEVICE_MEMORY_SECS: i64 = 180 * 24 * 3600;

pub fn routes() -> Vec<Route> {
    vec![
        Route::http(
            "auth-register",
            "POST",
            "/api/v1/auth/register",
            Auth::Public,
            |p, r| register(p, r).boxed(),
            OperationDoc::new("auth", "Create an account (a verification e-mail follows)")
                .body(request_schema_of::<RegisterInput>)
                .response(202, "Check your mailbox", schema_of::<Status>),
        ),
        Route::http(
            "auth-verify-email",
            "POST",
            "/api/v1/auth/verify-email",
            Auth::Public,
            |p, r| verify_email(p, r).boxed(),
            OperationDoc::new("auth", "Confirm an e-mail address with the link's token")
                .body(request_schema_of::<TokenInput>)
                .response(200, "Verified", schema_of::<Status>),
        ),
        Route::http(
            "auth-resend-verification",
            "POST",
            "/api/v1/auth/verify-email/resend",
            Auth::Public,
            |p, r| resend_verification(p, r).boxed(),
            OperationDoc::new("auth", "Send the verification e-mail again")
                .body(request_schema_of::<EmailInput>)
                .response(202, "Sent if the account needs it", schema_of::<Status>),
        ),
        Route::http(
            "auth-login",
            "POST",
            "/api/v1/auth/login",
            Auth::Public,
            |p, r| login(p, r).boxed(),
            OperationDoc::new(
                "auth",
                "Sign in with an e-mail address or username and a password",
            )
            .body(request_schema_of::<LoginInput>)
            .response(
                200,
                "Signed in (refresh and CSRF cookies set)",
                schema_of::<Session>,
            ),
        ),
        Route::http(
            "auth-refresh",
            "POST",
            "/api/v1/auth/refresh",
            Auth::Public,
            |p, r| refresh(p, r).boxed(),
            OperationDoc::new(
                "auth",
                "Exchange the refresh cookie for a new access token (send X-CSRF-Token)",
            )
            .response(
                200,
                "A new session state (cookies rotated)",
                schema_of::<Session>,
            ),
        ),
        Route::http(
            "auth-logout",
            "POST",
            "/api/v1/auth/logout",
            Auth::Public,
            |p, r| logout(p, r).boxed(),
            OperationDoc::new("auth", "Sign out: ends the session (send X-CSRF-Token)")
                .no_content("Signed out"),
        ),
        Route::http(
            "auth-forgot-password",
            "POST",
            "/api/v1/auth/forgot-password",
            Auth::Public,
            |p, r| forgot_password(p, r).boxed(),
            OperationDoc::new("auth", "Send a password-reset link")
                .body(request_schema_of::<EmailInput>)
                .response(
                    202,
                    "Sent if the address has an account",
                    schema_of::<Status>,
                ),
        ),
        Route::http(
            "auth-reset-password",
            "POST",
            "/api/v1/auth/reset-password",
            Auth::Public,
            |p, r| reset_password(p, r).boxed(),
            OperationDoc::new("auth", "Choose a new password with a reset link's token")
                .body(request_schema_of::<ResetInput>)
                .response(
                    200,
                    "Password changed; every session ended",
                    schema_of::<Status>,
                ),
        ),
        Route::http(
            "auth-change-password",
            "POST",
            "/api/v1/auth/change-password",
            Auth::User,
            |p, r| change_password(p, r).boxed(),
            OperationDoc::new("auth", "Change the password (other sessions end)")
                .body(request_schema_of::<ChangePasswordInput>)
                .no_content("Changed"),
        ),
    ]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterInput {
    #[schemars(length(min = 3, max = 254))]
    pub email: String,
    /// 3 to 30 letters, digits or underscores; unique ignoring case.
    #[schemars(length(min = 3, max = 30), regex(pattern = r"^[A-Za-z0-9_]+$"))]
    pub username: String,
    /// 10 to 128 characters, not a common password, not the e-mail or username.
    #[schemars(length(min = 10, max = 128))]
    pub password: String,
    /// Defaults to the username.
    #[serde(default)]
    #[schemars(length(min = 1, max = 50))]
    pub display_name: Option<String>,
    #[serde(default)]
    pub language: Option<Language>,
    /// Must be true: the resident accepts the terms and privacy policy.
    pub accept_terms: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    #[schemars(length(min = 1, max = 200))]
    pub token: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailInput {
    #[schemars(length(min = 3, max = 254))]
    pub email: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    /// An e-mail address or a username.
    #[schemars(length(min = 1, max = 254))]
    pub login: String,
    #[schemars(length(min = 1, max = 1024))]
    pub password: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetInput {
    #[schemars(length(min = 1, max = 200))]
    pub token: String,
    #[schemars(length(min = 10, max = 128))]
    pub password: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordInput {
    #[schemars(length(min = 1, max = 1024))]
    pub current_password: String,
    #[schemars(length(min = 10, max = 128))]
    pub new_password: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Status {
    pub status: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Session {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds the access token lives.
    pub expires_in: i64,
    pub user: Me,
}

fn status(code: StatusCode, value: &'static str) -> Result<Response<Body>, ApiError> {
    json(code, &Status { status: value })
}

fn check(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Creates a single-use e-mail link token and returns its secret.
async fn email_token(
    platform: &Platform,
    user_id: &str,
    purpose: &str,
    ttl_secs: i64,
) -> Result<String, ApiError> {
    let secret = tokens::random_secret()?;
    let key = keys::email_token(&tokens::digest(&secret));
    let now = platform.clock.now_epoch();
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("user_id".into(), user_id.into());
    item.insert("purpose".into(), purpose.into());
    item.insert("expires_at".into(), (now + ttl_secs).into());
    item.insert("gsi1pk".into(), keys::index::tokens(user_id).into());
    item.insert("gsi1sk".into(), format!("EMAIL#{now}#{purpose}").into());
    platform.store.put(item, None).await?;
    Ok(secret)
}

/// Spends a link token of this purpose; the user it was for.
async fn consume_email_token(
    platform: &Platform,
    secret: &str,
    purpose: &str,
) -> Result<String, ApiError> {
    let key = keys::email_token(&tokens::digest(secret.trim()));
    match platform
        .store
        .delete(
            &key,
            Some(Condition::And(vec![
                Condition::Exists,
                Condition::Equals("purpose".into(), purpose.into()),
            ])),
        )
        .await
    {
        Ok(Some(item)) => item
            .get("user_id")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or(ApiError::InvalidToken),
        Ok(None) | Err(StoreError::ConditionFailed) => Err(ApiError::InvalidToken),
        Err(e) => Err(e.into()),
    }
}

/// Sends an account e-mail. A mail failure is logged, not shown: the resident can ask again, and the
/// answer must not differ between known and unknown addresses.
async fn send(platform: &Platform, user: &UserRecord, mail: AccountEmail<'_>) {
    let email = mail.render(&user.email, user.language);
    if let Err(error) = platform.mailer.send(&email).await {
        tracing::error!(user_id = %user.id, template = %email.template, %error, "sending an account e-mail failed");
    }
}

fn link(platform: &Platform, page: &str, token: &str) -> String {
    format!("{}/{page}?token={token}", platform.settings.auth.web_url)
}

async fn send_verification(platform: &Platform, user: &UserRecord) -> Result<(), ApiError> {
    let token = email_token(platform, &user.id, "verify", VERIFY_TTL_SECS).await?;
    let link = link(platform, "verify-email", &token);
    send(
        platform,
        user,
        AccountEmail::Verify {
            name: &user.display_name,
            link: &link,
        },
    )
    .await;
    Ok(())
}

async fn register(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let input: RegisterInput = json_body(&request)?;
    let mut errors = Vec::new();
    validation::email("body.email", &input.email, &mut errors);
    validation::username("body.username", &input.username, &mut errors);
    validation::password(
        "body.password",
        &input.password,
        Some(&input.email),
        Some(&input.username),
        &mut errors,
    );
    let display_name = input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(&input.username)
        .to_owned();
    validation::display_name("body.display_name", &display_name, &mut errors);
    if !input.accept_terms {
        errors.push(FieldError::new(
            "body.accept_terms",
            "required",
            "the terms and privacy policy must be accepted",
        ));
    }
    check(errors)?;
    let limits = platform.settings.auth.limits;
    rate_limit::hit(
        &platform,
        "register-ip",
        &client_ip(&request, &platform.settings),
        limits.register_per_ip,
    )
    .await?;
    rate_limit::hit(
        &platform,
        "register-account",
        &validation::normalise_email(&input.email),
        limits.register_per_account,
    )
    .await?;

    // Hashed before anything else, whether or not the address is known, so both paths take as long.
    let password_hash = passwords::hash(input.password.clone()).await?;
    let email_lc = validation::normalise_email(&input.email);
    let now = platform.clock.now();
    let user = UserRecord {
        id: platform.ids.new_id(),
        username: input.username.clone(),
        email: input.email.trim().to_owned(),
        display_name,
        bio: String::new(),
        neighbourhood: None,
        interests: Vec::new(),
        language: input.language.unwrap_or_default(),
        avatar: None,
        cover: None,
        private_account: false,
        who_can_message: WhoCanMessage::Everyone,
        show_presence: true,
        email_verified: false,
        role: Role::Resident,
        created_at: now,
        followers_count: 0,
        following_count: 0,
        posts_count: 0,
        suspended_until: None,
    };
    match registration::insert(&platform, &user, password_hash).await? {
        Claim::Created => {
            tracing::info!(user_id = %user.id, "account registered");
            send_verification(&platform, &user).await?;
        }
        Claim::UsernameTaken => {
            return Err(ApiError::field(
                "body.username",
                "taken",
                "this username is already taken",
            ));
        }
        Claim::EmailTaken => {
            // The address has an account: tell its owner, not the caller.
            if let Some(existing_id) = directory::id_by_email(&platform, &email_lc).await?
                && let Some(existing) = directory::load(&platform, &existing_id).await?
            {
                if existing.email_verified {
                    let token =
                        email_token(&platform, &existing.id, "reset", RESET_TTL_SECS).await?;
                    let reset_link = link(&platform, "reset-password", &token);
                    send(
                        &platform,
                        &existing,
                        AccountEmail::AlreadyRegistered {
                            name: &existing.display_name,
                            reset_link: &reset_link,
                        },
                    )
                    .await;
                } else {
                    send_verification(&platform, &existing).await?;
                }
            }
        }
    }
    status(StatusCode::ACCEPTED, "verification_sent")
}

async fn verify_email(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let input: TokenInput = json_body(&request)?;
    let limits = platform.settings.auth.limits;
    rate_limit::hit(
        &platform,
        "verify-ip",
        &client_ip(&request, &platform.settings),
        limits.verify_per_ip,
    )
    .await?;
    let user_id = consume_email_token(&platform, &input.token, "verify").await?;
    match platform
        .store
        .update(
            &keys::profile(&user_id),
            &Update::new().set("email_verified", true),
            Some(Condition::Exists),
        )
        .await
    {
        Ok(_) => {}
        Err(StoreError::ConditionFailed) => return Err(ApiError::InvalidToken),
        Err(e) => return Err(e.into()),
    }
    search::schedule_reindex(&platform, &user_id).await?;
    tracing::info!(user_id = %user_id, "e-mail verified");
    status(StatusCode::OK, "verified")
}

async fn resend_verification(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let input: EmailInput = json_body(&request)?;
    let mut errors = Vec::new();
    validation::email("body.email", &input.email, &mut errors);
    check(errors)?;
    let email_lc = validation::normalise_email(&input.email);
    let limits = platform.settings.auth.limits;
    rate_limit::hit(
        &platform,
        "verify-ip",
        &client_ip(&request, &platform.settings),
        limits.verify_per_ip,
    )
    .await?;
    rate_limit::hit(
        &platform,
        "resend-account",
        &email_lc,
        limits.resend_per_account,
    )
    .await?;
    if let Some(id) = directory::id_by_email(&platform, &email_lc).await?
        && let Some(user) = directory::load(&platform, &id).await?
        && !user.email_verified
    {
        send_verification(&platform, &user).await?;
    }
    status(StatusCode::ACCEPTED, "verification_sent")
}

fn cookie_header(
    name: &str,
    value: &str,
    path: &str,
    http_only: bool,
    max_age: i64,
) -> Result<HeaderValue, ApiError> {
    let cookie = cookie::Cookie::build((name, value))
        .path(path)
        .secure(true)
        .http_only(http_only)
        .same_site(cookie::SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(max_age))
        .build();
    HeaderValue::from_str(&cookie.to_string())
        .map_err(|e| ApiError::Internal(format!("building a cookie: {e}")))
}

/// Sets (or, with `None`, clears) the refresh and CSRF cookies.
fn set_session_cookies(
    response: &mut Response<Body>,
    refresh: Option<(&str, &str)>,
    max_age: i64,
) -> Result<(), ApiError> {
    let (token, csrf, age) = match refresh {
        Some((token, csrf)) => (token, csrf, max_age),
        None => ("", "", 0),
    };
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        cookie_header(REFRESH_COOKIE, token, "/api/v1/auth", true, age)?,
    );
    headers.append(
        header::SET_COOKIE,
        cookie_header(CSRF_COOKIE, csrf, "/", false, age)?,
    );
    Ok(())
}

async fn session_response(
    platform: &Platform,
    issued: sessions::Issued,
    user: &UserRecord,
) -> Result<Response<Body>, ApiError> {
    let body = Session {
        access_token: issued.access_token,
        token_type: "Bearer",
        expires_in: platform.settings.auth.access_ttl_secs,
        user: directory::me(platform, user).await?,
    };
    let mut response = json(StatusCode::OK, &body)?;
    let csrf = tokens::random_secret()?;
    set_session_cookies(
        &mut response,
        Some((&issued.refresh_token, &csrf)),
        platform.settings.auth.refresh_ttl_secs,
    )?;
    Ok(response)
}

async fn login(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let input: LoginInput = json_body(&request)?;
    let login = input.login.trim().to_lowercase();
    let limits = platform.settings.auth.limits;
    rate_limit::hit(
        &platform,
        "login-ip",
        &client_ip(&request, &platform.settings),
        limits.login_per_ip,
    )
    .await?;
    rate_limit::hit(&platform, "login-account", &login, limits.login_per_account).await?;
    rate_limit::check_lock(&platform, &login).await?;

    let user_id = if login.contains('@') {
        directory::id_by_email(&platform, &login).await?
    } else {
        directory::id_by_username(&platform, &login).await?
    };
    let credentials: Option<Credentials> = match &user_id {
        Some(id) => match platform.store.get(&keys::credentials(id)).await? {
            Some(item) => Some(crate::accounts::model::from_item(item)?),
            None => None,
        },
        None => None,
    };
    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    let matches = passwords::verify(input.password.clone(), stored).await?;
    let (Some(user_id), Some(credentials), true) = (user_id, credentials, matches) else {
        rate_limit::record_failure(&platform, &login, limits.lockout_after).await?;
        return Err(ApiError::InvalidCredentials);
    };
    rate_limit::clear_failures(&platform, &login).await?;
    let user = directory::load(&platform, &user_id)
        .await?
        .ok_or(ApiError::InvalidCredentials)?;
    if !user.email_verified {
        return Err(ApiError::EmailNotVerified);
    }
    if user
        .suspended_until
        .is_some_and(|t| t > platform.clock.now())
    {
        return Err(ApiError::AccountSuspended);
    }
    if passwords::needs_rehash(&credentials.password_hash) {
        let upgraded = passwords::hash(input.password.clone()).await?;
        platform
            .store
            .update(
                &keys::credentials(&user.id),
                &Update::new().set("password_hash", upgraded),
                Some(Condition::Exists),
            )
            .await?;
    }
    note_device(&platform, &user, &request).await?;
    let issued = sessions::start(&platform, &user.id, user.role, &user_agent(&request)).await?;
    tracing::info!(user_id = %user.id, "signed in");
    session_response(&platform, issued, &user).await
}

/// Remembers the device (IP and browser) and mails the owner when an unknown one signs in, except at
/// the very first sign-in of an account.
async fn note_device(
    platform: &Platform,
    user: &UserRecord,
    request: &Request,
) -> Result<(), ApiError> {
    let agent = user_agent(request);
    let device = tokens::subject_digest(
        "device",
        &format!("{}|{agent}", client_ip(request, &platform.settings)),
    );
    let key = keys::known_device(&user.id, &device);
    let now = platform.clock.now();
    let first_sign_in = platform
        .store
        .update(
            &keys::credentials(&user.id),
            &Update::new().set("last_sign_in_at", now.to_rfc3339()),
            Some(Condition::Exists),
        )
        .await?
        .get("signed_in_before")
        .is_none();
    if first_sign_in {
        platform
            .store
            .update(
                &keys::credentials(&user.id),
                &Update::new().set("signed_in_before", true),
                Some(Condition::Exists),
            )
            .await?;
    }
    let known = platform.store.get(&key).await?.is_some();
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("user_agent".into(), agent.clone().into());
    item.insert("last_seen_at".into(), now.to_rfc3339().into());
    item.insert(
        "expires_at".into(),
        (now.timestamp() + DEVICE_MEMORY_SECS).into(),
    );
    platform.store.put(item, None).await?;
    if !known && !first_sign_in {
        let when = now.format("%Y-%m-%d %H:%M").to_string();
        send(
            platform,
            user,
            AccountEmail::NewSignIn {
                name: &user.display_name,
                when: &when,
                device: &agent,
            },
        )
        .await;
    }
    Ok(())
}

/// The double-submit check: the `X-CSRF-Token` header must equal the `rs_csrf` cookie. A cross-site
/// page can make the browser send the cookie but cannot read it to copy it into the header.
fn check_csrf(request: &Request) -> Result<(), ApiError> {
    use subtle::ConstantTimeEq;
    let from_cookie = cookie(request, CSRF_COOKIE).filter(|c| !c.is_empty());
    let from_header = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match (from_cookie, from_header) {
        (Some(c), Some(h)) if bool::from(c.as_bytes().ct_eq(h.as_bytes())) => Ok(()),
        _ => Err(ApiError::CsrfFailed),
    }
}

/// A problem response that also clears the session cookies.
fn problem_clearing_cookies(err: &ApiError, request: &Request) -> Response<Body> {
    let mut response = problem_response(err, &request_id_of(request));
    if let Err(e) = set_session_cookies(&mut response, None, 0) {
        tracing::error!(error = %e, "clearing cookies");
    }
    response
}

async fn refresh(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    check_csrf(&request)?;
    let Some(presented) = cookie(&request, REFRESH_COOKIE).filter(|c| !c.is_empty()) else {
        return Ok(problem_clearing_cookies(
            &ApiError::InvalidRefreshToken,
            &request,
        ));
    };
    let lookup = platform.clone();
    let rotated = sessions::rotate(&platform, &presented, move |user_id| async move {
        Ok(directory::load(&lookup, &user_id)
            .await?
            .filter(|u| {
                u.email_verified && u.suspended_until.is_none_or(|t| t <= lookup.clock.now())
            })
            .map(|u| u.role))
    })
    .await;
    match rotated {
        Ok(issued) => {
            let user = directory::load(&platform, &issued.user_id)
                .await?
                .ok_or(ApiError::InvalidRefreshToken)?;
            session_response(&platform, issued, &user).await
        }
        Err(ApiError::InvalidRefreshToken) => Ok(problem_clearing_cookies(
            &ApiError::InvalidRefreshToken,
            &request,
        )),
        Err(e) => Err(e),
    }
}

async fn logout(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    check_csrf(&request)?;
    if let Some(presented) = cookie(&request, REFRESH_COOKIE).filter(|c| !c.is_empty())
        && let Some((user_id, family)) = sessions::family_of(&platform, &presented).await?
    {
        sessions::revoke(&platform, &user_id, &family).await?;
        tracing::info!(user_id = %user_id, "signed out");
    }
    let mut response = no_content();
    set_session_cookies(&mut response, None, 0)?;
    Ok(response)
}

async fn forgot_password(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let input: EmailInput = json_body(&request)?;
    let mut errors = Vec::new();
    validation::email("body.email", &input.email, &mut errors);
    check(errors)?;
    let email_lc = validation::normalise_email(&input.email);
    let limits = platform.settings.auth.limits;
    rate_limit::hit(
        &platform,
        "forgot-ip",
        &client_ip(&request, &platform.settings),
        limits.forgot_per_ip,
    )
    .await?;
    rate_limit::hit(
        &platform,
        "forgot-account",
        &email_lc,
        limits.forgot_per_account,
    )
    .await?;
    if let Some(id) = directory::id_by_email(&platform, &email_lc).await?
        && let Some(user) = directory::load(&platform, &id).await?
    {
        let token = email_token(&platform, &user.id, "reset", RESET_TTL_SECS).await?;
        let link = link(&platform, "reset-password", &token);
        send(
            &platform,
            &user,
            AccountEmail::Reset {
                name: &user.display_name,
                link: &link,
            },
        )
        .await;
    }
    status(StatusCode::ACCEPTED, "reset_sent")
}

async fn set_password(
    platform: &Platform,
    user: &UserRecord,
    password: String,
) -> Result<(), ApiError> {
    let hash = passwords::hash(password).await?;
    platform
        .store
        .update(
            &keys::credentials(&user.id),
            &Update::new()
                .set("password_hash", hash)
                .set("password_changed_at", platform.clock.now().to_rfc3339()),
            Some(Condition::Exists),
        )
        .await?;
    for login in [user.email.to_lowercase(), user.username.to_lowercase()] {
        rate_limit::clear_failures(platform, &login).await?;
    }
    Ok(())
}

async fn reset_password(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let input: ResetInput = json_body(&request)?;
    let limits = platform.settings.auth.limits;
    rate_limit::hit(
        &platform,
        "verify-ip",
        &client_ip(&request, &platform.settings),
        limits.verify_per_ip,
    )
    .await?;
    // Check the token before the password rules (they need the account), but spend it only once the
    // new password is acceptable, so a rejected password does not burn the link.
    let key = keys::email_token(&tokens::digest(input.token.trim()));
    let user_id = platform
        .store
        .get(&key)
        .await?
        .filter(|i| i.get("purpose").and_then(|v| v.as_str()) == Some("reset"))
        .and_then(|i| i.get("user_id").and_then(|v| v.as_str()).map(str::to_owned))
        .ok_or(ApiError::InvalidToken)?;
    let user = directory::load(&platform, &user_id)
        .await?
        .ok_or(ApiError::InvalidToken)?;
    let mut errors = Vec::new();
    validation::password(
        "body.password",
        &input.password,
        Some(&user.email),
        Some(&user.username),
        &mut errors,
    );
    check(errors)?;
    let spent_for = consume_email_token(&platform, &input.token, "reset").await?;
    if spent_for != user.id {
        return Err(ApiError::InvalidToken);
    }
    set_password(&platform, &user, input.password).await?;
    let ended = sessions::revoke_all(&platform, &user.id, None).await?;
    if !user.email_verified {
        // The link reached the mailbox: that proves the address as well as a verification would.
        platform
            .store
            .update(
                &keys::profile(&user.id),
                &Update::new().set("email_verified", true),
                Some(Condition::Exists),
            )
            .await?;
        search::schedule_reindex(&platform, &user.id).await?;
    }
    send(
        &platform,
        &user,
        AccountEmail::PasswordChanged {
            name: &user.display_name,
        },
    )
    .await;
    tracing::info!(user_id = %user.id, sessions_ended = ended, "password reset");
    status(StatusCode::OK, "password_reset")
}

async fn change_password(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: ChangePasswordInput = json_body(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let stored = platform
        .store
        .get(&keys::credentials(&user.id))
        .await?
        .and_then(|i| {
            i.get("password_hash")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        });
    if !passwords::verify(input.current_password, stored).await? {
        return Err(ApiError::WrongPassword);
    }
    let mut errors = Vec::new();
    validation::password(
        "body.new_password",
        &input.new_password,
        Some(&user.email),
        Some(&user.username),
        &mut errors,
    );
    check(errors)?;
    set_password(&platform, &user, input.new_password).await?;
    let ended = sessions::revoke_all(&platform, &user.id, Some(&caller.session)).await?;
    send(
        &platform,
        &user,
        AccountEmail::PasswordChanged {
            name: &user.display_name,
        },
    )
    .await;
    tracing::info!(user_id = %user.id, sessions_ended = ended, "password changed");
    Ok(no_content())
}
