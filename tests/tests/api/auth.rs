use crate::harness::{PASSWORD, platform, platform_with};
use reqwest::Method;
use rouen_api::platform::{Limit, RateLimits};
use serde_json::json;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread")]
async fn register_verify_and_sign_in() {
    let p = platform().await;
    let email = "Marie.Dupont@Example.fr";
    let answer = p
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": email, "username": "marie_76", "password": PASSWORD,
                   "display_name": "Marie Dupont", "accept_terms": true}),
        )
        .await;
    assert_eq!(answer.status, 202);
    assert_eq!(answer.body["status"], "verification_sent");

    // Not verified yet: the right password is not enough.
    p.login("marie_76", PASSWORD)
        .await
        .problem(403, "email_not_verified");

    let mail = p
        .mail(email.trim(), "verify_email")
        .await
        .expect("verification mail");
    assert_eq!(mail.lang, "fr", "French is the default language");
    assert!(mail.subject.contains("Confirmez"), "{}", mail.subject);
    assert!(mail.text.contains("/verify-email?token="), "{}", mail.text);
    let token = p.link_token(email, "verify_email").await;
    p.post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await
        .ok();
    // A link works once.
    p.post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await
        .problem(400, "invalid_token");
    p.post(
        "/api/v1/auth/verify-email",
        None,
        json!({"token": "forged"}),
    )
    .await
    .problem(400, "invalid_token");

    // Sign in by e-mail (any case) or by username.
    let by_email = p.login("marie.dupont@example.FR", PASSWORD).await;
    let body = by_email.ok();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["user"]["username"], "marie_76");
    assert_eq!(body["user"]["email_verified"], true);
    let (_, refresh_attrs) = by_email.cookie("rs_refresh").expect("refresh cookie");
    for attr in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/api/v1/auth",
        "Max-Age=604800",
    ] {
        assert!(
            refresh_attrs.contains(attr),
            "refresh cookie lacks {attr}: {refresh_attrs}"
        );
    }
    let (_, csrf_attrs) = by_email.cookie("rs_csrf").expect("csrf cookie");
    assert!(
        !csrf_attrs.contains("HttpOnly"),
        "the web app must read the CSRF cookie"
    );
    assert!(csrf_attrs.contains("SameSite=Strict") && csrf_attrs.contains("Secure"));
    assert!(
        !refresh_attrs.contains(body["access_token"].as_str().unwrap_or("-")),
        "the access token never goes in a cookie"
    );

    let session = p.sign_in("MARIE_76", PASSWORD).await;
    let me = p.get("/api/v1/users/me", Some(&session.access)).await;
    assert_eq!(me.ok()["email"], "Marie.Dupont@Example.fr");
    assert_eq!(me.body["display_name"], "Marie Dupont");
    assert_eq!(me.body["settings"]["language"], "fr");
    assert_eq!(me.body["role"], "resident");

    // The first sign-in sends no alert; a new device does.
    assert!(p.mail(email, "new_sign_in").await.is_none());
    let other_device = p
        .http
        .post(p.url("/api/v1/auth/login"))
        .header("user-agent", "Firefox on a stranger's laptop")
        .json(&json!({"login": "marie_76", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(other_device.status(), 200);
    let alert = p
        .mail(email, "new_sign_in")
        .await
        .expect("new sign-in alert");
    assert!(alert.text.contains("Firefox on a stranger's laptop"));
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_validates_every_field() {
    let p = platform().await;
    let bad = p
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "not-an-email", "username": "a", "password": "short",
                   "accept_terms": false}),
        )
        .await;
    let mut codes = bad.problem(422, "validation_failed").field_codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            "body.accept_terms:required",
            "body.email:invalid_format",
            "body.password:too_short",
            "body.username:invalid_format"
        ]
    );
    for (username, password, expected) in [
        ("admin", PASSWORD, "body.username:reserved"),
        ("jeanne_d", "azertyuiop", "body.password:too_common"),
        ("jeanne_d", "1234567890", "body.password:too_common"),
        (
            "jeanne_d_1412",
            "jeanne_d_1412",
            "body.password:matches_identity",
        ),
        (
            "jeanne_d",
            "jeanne@example.fr",
            "body.password:matches_identity",
        ),
        ("jeanne d", PASSWORD, "body.username:invalid_format"),
    ] {
        let answer = p
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": "jeanne@example.fr", "username": username, "password": password, "accept_terms": true}),
            )
            .await;
        assert_eq!(answer.field_codes(), [expected], "{username} / {password}");
    }
    // Wrong shapes and types.
    p.post("/api/v1/auth/register", None, json!({"email": "x@y.fr"}))
        .await
        .problem(422, "validation_failed");
    p.post(
        "/api/v1/auth/register",
        None,
        json!({"email": 3, "username": "abc", "password": PASSWORD, "accept_terms": true}),
    )
    .await
    .problem(422, "validation_failed");
    let raw = p
        .http
        .post(p.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(raw.status(), 400);
    let form = p
        .http
        .post(p.url("/api/v1/auth/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=a")
        .send()
        .await
        .expect("sent");
    assert_eq!(form.status(), 415);
}

#[tokio::test(flavor = "multi_thread")]
async fn usernames_are_unique_ignoring_case_and_known_emails_are_not_revealed() {
    let p = platform().await;
    let marie = p.resident("Marie_76").await;
    p.register("marie_76", "autre@example.fr")
        .await
        .problem(422, "validation_failed");
    assert_eq!(
        p.register("MARIE_76", "autre@example.fr")
            .await
            .field_codes(),
        ["body.username:taken"]
    );
    // The same e-mail again: the same answer as a new one, a note to the owner, no second account.
    let again = p.register("someone_else", &marie.email).await;
    assert_eq!(again.status, 202);
    assert_eq!(again.body, json!({"status": "verification_sent"}));
    let note = p
        .mail(&marie.email, "already_registered")
        .await
        .expect("note to the owner");
    assert!(note.text.contains("/reset-password?token="));
    p.login("someone_else", PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    p.get("/api/v1/users/someone_else", None)
        .await
        .problem(404, "not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_failures_look_alike_for_known_and_unknown_accounts() {
    let p = platform().await;
    let marie = p.resident("marie_76").await;
    let mut known_ms = Vec::new();
    let mut unknown_ms = Vec::new();
    let mut known = None;
    let mut unknown = None;
    for i in 0..3 {
        let t = Instant::now();
        let a = p.login(&marie.email, &format!("wrong password {i}")).await;
        known_ms.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let b = p
            .login("nobody@example.fr", &format!("wrong password {i}"))
            .await;
        unknown_ms.push(t.elapsed().as_secs_f64());
        known = Some(a);
        unknown = Some(b);
    }
    let (known, unknown) = (known.expect("answer"), unknown.expect("answer"));
    known.problem(401, "invalid_credentials");
    unknown.problem(401, "invalid_credentials");
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().map(|o| o.remove("request_id"));
        v
    };
    assert_eq!(strip(known.body.clone()), strip(unknown.body.clone()));
    // An unknown account still pays for a password hash: without it, it would answer ~50× faster.
    let (k, u) = (
        known_ms.iter().sum::<f64>() / 3.0,
        unknown_ms.iter().sum::<f64>() / 3.0,
    );
    assert!(
        u > k * 0.25,
        "unknown accounts answer suspiciously fast: {u:.4}s vs {k:.4}s"
    );

    // Forgot-password: the same answer either way, a mail only for the real account.
    let a = p
        .post(
            "/api/v1/auth/forgot-password",
            None,
            json!({"email": marie.email}),
        )
        .await;
    let b = p
        .post(
            "/api/v1/auth/forgot-password",
            None,
            json!({"email": "nobody@example.fr"}),
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), &a.body),
        (202, &json!({"status": "reset_sent"}))
    );
    assert_eq!(
        (b.status.as_u16(), &b.body),
        (202, &json!({"status": "reset_sent"}))
    );
    assert!(p.mail(&marie.email, "reset_password").await.is_some());
    assert!(p.mails_to("nobody@example.fr").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_rotates_and_a_reused_token_revokes_the_family() {
    let p = crate::harness::platform_configured(|c| c.refresh_reuse_grace_secs = Some(0)).await;
    let s = p.resident("rotation").await;
    let first = p.refresh(&s).await;
    let body = first.ok().clone();
    assert_eq!(body["user"]["id"], s.id.as_str());
    let (next_refresh, _) = first.cookie("rs_refresh").expect("rotated cookie");
    let (next_csrf, _) = first.cookie("rs_csrf").expect("csrf cookie");
    assert_ne!(next_refresh, s.refresh, "the refresh token rotates");
    p.get("/api/v1/users/me", body["access_token"].as_str())
        .await
        .ok();

    // The spent token comes back (stolen): refused, and the whole family dies with it.
    let reuse = p.refresh(&s).await;
    reuse.problem(401, "invalid_refresh_token");
    let (cleared, attrs) = reuse.cookie("rs_refresh").expect("cookie cleared");
    assert!(cleared.is_empty() && attrs.contains("Max-Age=0"), "{attrs}");
    p.with_cookies(
        "/api/v1/auth/refresh",
        &next_refresh,
        &next_csrf,
        Some(&next_csrf),
    )
    .await
    .problem(401, "invalid_refresh_token");
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_and_logout_need_the_csrf_header_and_logout_revokes() {
    let p = platform().await;
    let s = p.resident("csrf_user").await;
    p.with_cookies("/api/v1/auth/refresh", &s.refresh, &s.csrf, None)
        .await
        .problem(403, "csrf_failed");
    p.with_cookies("/api/v1/auth/refresh", &s.refresh, &s.csrf, Some("guessed"))
        .await
        .problem(403, "csrf_failed");
    p.with_cookies("/api/v1/auth/logout", &s.refresh, &s.csrf, None)
        .await
        .problem(403, "csrf_failed");
    // A refresh without any cookie.
    let bare = p
        .http
        .post(p.url("/api/v1/auth/refresh"))
        .header("cookie", "rs_csrf=a")
        .header("x-csrf-token", "a")
        .send()
        .await
        .expect("sent");
    assert_eq!(bare.status(), 401);

    let out = p
        .with_cookies("/api/v1/auth/logout", &s.refresh, &s.csrf, Some(&s.csrf))
        .await;
    assert_eq!(out.status, 204);
    let (cleared, _) = out.cookie("rs_refresh").expect("cookie cleared");
    assert!(cleared.is_empty());
    p.refresh(&s).await.problem(401, "invalid_refresh_token");
}

#[tokio::test(flavor = "multi_thread")]
async fn access_tokens_are_checked_on_every_protected_route() {
    let p = platform().await;
    let s = p.resident("token_user").await;
    let anonymous = p.get("/api/v1/users/me", None).await;
    anonymous.problem(401, "unauthorized");
    assert_eq!(anonymous.headers["www-authenticate"], "Bearer");
    // Change one character in the middle of the signature: the last one carries padding bits a
    // decoder may ignore, and may already be the replacement.
    let mut forged: Vec<char> = s.access.chars().collect();
    let i = forged.len() - 10;
    forged[i] = if forged[i] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    p.get("/api/v1/users/me", Some(&forged))
        .await
        .problem(401, "invalid_access_token");
    p.get("/api/v1/users/me", Some("not.a.jwt"))
        .await
        .problem(401, "invalid_access_token");
    let basic = p
        .http
        .get(p.url("/api/v1/users/me"))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .expect("sent");
    assert_eq!(basic.status(), 401);
    // A present but invalid token is refused even on a public route, so the client refreshes.
    p.get("/api/v1/neighbourhoods", Some("garbage"))
        .await
        .problem(401, "invalid_access_token");
    for (method, path) in [
        (Method::PUT, "/api/v1/users/me"),
        (Method::PUT, "/api/v1/users/me/settings"),
        (Method::DELETE, "/api/v1/users/me"),
        (Method::GET, "/api/v1/users/me/export"),
        (Method::POST, "/api/v1/users/avatar"),
        (Method::POST, "/api/v1/users/token_user/follow"),
        (Method::GET, "/api/v1/users/me/blocks"),
        (Method::POST, "/api/v1/auth/change-password"),
    ] {
        p.call(method.clone(), path, None, Some(json!({})))
            .await
            .problem(401, "unauthorized");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_failures_lock_sign_in_with_growing_back_off() {
    let limits = RateLimits {
        lockout_after: 3,
        ..RateLimits::default()
    };
    let p = platform_with(Some(limits)).await;
    let s = p.resident("locked_out").await;
    for _ in 0..3 {
        p.login(&s.email, "wrong password!")
            .await
            .problem(401, "invalid_credentials");
    }
    // Locked: even the right password waits, and the answer says how long.
    let locked = p.login(&s.email, PASSWORD).await;
    locked.problem(429, "account_locked");
    let wait = locked.body["retry_after_secs"]
        .as_u64()
        .expect("retry_after_secs");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(locked.headers["retry-after"], wait.to_string());
    // An unknown address locks the same way: locking reveals nothing.
    for _ in 0..3 {
        p.login("ghost@example.fr", "wrong password!")
            .await
            .problem(401, "invalid_credentials");
    }
    p.login("ghost@example.fr", "wrong password!")
        .await
        .problem(429, "account_locked");
    // Other identifiers of the same account are separate keys, but a password reset clears them all.
    let token = {
        p.post(
            "/api/v1/auth/forgot-password",
            None,
            json!({"email": s.email}),
        )
        .await
        .ok();
        p.link_token(&s.email, "reset_password").await
    };
    p.post(
        "/api/v1/auth/reset-password",
        None,
        json!({"token": token, "password": "Un tout nouveau mot de passe"}),
    )
    .await
    .ok();
    p.login(&s.email, "Un tout nouveau mot de passe").await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limits_hold_per_ip_and_per_account() {
    let limits = RateLimits {
        register_per_ip: Limit::per_hour(3),
        forgot_per_account: Limit::per_hour(2),
        ..RateLimits::default()
    };
    let p = platform_with(Some(limits)).await;
    for i in 0..3 {
        assert_eq!(
            p.register(&format!("user_{i}"), &format!("u{i}@example.fr"))
                .await
                .status,
            202
        );
    }
    let limited = p.register("user_4", "u4@example.fr").await;
    limited.problem(429, "rate_limited");
    assert!(
        limited.body["retry_after_secs"]
            .as_u64()
            .is_some_and(|s| s > 0 && s <= 3600)
    );
    assert!(limited.headers.contains_key("retry-after"));

    for _ in 0..2 {
        assert_eq!(
            p.post(
                "/api/v1/auth/forgot-password",
                None,
                json!({"email": "u0@example.fr"})
            )
            .await
            .status,
            202
        );
    }
    p.post(
        "/api/v1/auth/forgot-password",
        None,
        json!({"email": "U0@example.fr"}),
    )
    .await
    .problem(429, "rate_limited");
    // Another account is not affected.
    assert_eq!(
        p.post(
            "/api/v1/auth/forgot-password",
            None,
            json!({"email": "u1@example.fr"})
        )
        .await
        .status,
        202
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn password_reset_ends_every_session() {
    let p = platform().await;
    let s = p.resident("forgetful").await;
    p.post(
        "/api/v1/auth/forgot-password",
        None,
        json!({"email": s.email}),
    )
    .await
    .ok();
    let token = p.link_token(&s.email, "reset_password").await;
    // A rejected password does not burn the link.
    assert_eq!(
        p.post(
            "/api/v1/auth/reset-password",
            None,
            json!({"token": token, "password": "motdepasse"})
        )
        .await
        .field_codes(),
        ["body.password:too_common"]
    );
    p.post(
        "/api/v1/auth/reset-password",
        None,
        json!({"token": token, "password": "Rue du Gros-Horloge 2026"}),
    )
    .await
    .ok();
    p.post(
        "/api/v1/auth/reset-password",
        None,
        json!({"token": token, "password": "Rue du Gros-Horloge 2027"}),
    )
    .await
    .problem(400, "invalid_token");
    p.refresh(&s).await.problem(401, "invalid_refresh_token");
    p.login(&s.email, PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    p.login(&s.email, "Rue du Gros-Horloge 2026").await.ok();
    assert!(p.mail(&s.email, "password_changed").await.is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let p = platform().await;
    let here = p.resident("changer").await;
    let elsewhere = p.sign_in(&here.email, PASSWORD).await;
    p.post(
        "/api/v1/auth/change-password",
        Some(&here.access),
        json!({"current_password": "not it at all", "new_password": "Place du Vieux-Marché 1431"}),
    )
    .await
    .problem(403, "wrong_password");
    let ok = p
        .post(
            "/api/v1/auth/change-password",
            Some(&here.access),
            json!({"current_password": PASSWORD, "new_password": "Place du Vieux-Marché 1431"}),
        )
        .await;
    assert_eq!(ok.status, 204);
    p.refresh(&elsewhere)
        .await
        .problem(401, "invalid_refresh_token");
    p.refresh(&here).await.ok();
    p.login(&here.email, "Place du Vieux-Marché 1431")
        .await
        .ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn resending_verification_only_mails_unverified_accounts() {
    let p = platform().await;
    assert_eq!(
        p.register("late_reader", "late@example.fr").await.status,
        202
    );
    let first = p.link_token("late@example.fr", "verify_email").await;
    let again = p
        .post(
            "/api/v1/auth/verify-email/resend",
            None,
            json!({"email": "late@example.fr"}),
        )
        .await;
    assert_eq!(again.status, 202);
    let second = p.link_token("late@example.fr", "verify_email").await;
    assert_ne!(first, second);
    p.post("/api/v1/auth/verify-email", None, json!({"token": second}))
        .await
        .ok();
    let before = p.mails_to("late@example.fr").await.len();
    let verified = p
        .post(
            "/api/v1/auth/verify-email/resend",
            None,
            json!({"email": "late@example.fr"}),
        )
        .await;
    assert_eq!(verified.status, 202);
    let unknown = p
        .post(
            "/api/v1/auth/verify-email/resend",
            None,
            json!({"email": "who@example.fr"}),
        )
        .await;
    assert_eq!(
        (verified.body.clone(), unknown.status.as_u16()),
        (unknown.body.clone(), 202)
    );
    assert_eq!(
        p.mails_to("late@example.fr").await.len(),
        before,
        "no mail for a verified account"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn english_speakers_get_english_mail() {
    let p = platform().await;
    let answer = p
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "tom@example.co.uk", "username": "tom_uk", "password": PASSWORD,
                   "language": "en", "accept_terms": true}),
        )
        .await;
    assert_eq!(answer.status, 202);
    let mail = p
        .mail("tom@example.co.uk", "verify_email")
        .await
        .expect("mail");
    assert_eq!(mail.lang, "en");
    assert!(
        mail.subject.contains("Confirm your e-mail"),
        "{}",
        mail.subject
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn registrations_naming_one_address_are_limited() {
    let limits = RateLimits {
        register_per_account: Limit::per_hour(2),
        ..RateLimits::default()
    };
    let p = platform_with(Some(limits)).await;
    for i in 0..2 {
        assert_eq!(
            p.register(&format!("try_{i}"), "target@example.fr")
                .await
                .status,
            202
        );
    }
    p.register("try_3", "TARGET@example.fr")
        .await
        .problem(429, "rate_limited");
    assert_eq!(
        p.mails_to("target@example.fr").await.len(),
        2,
        "no mail storm to the address"
    );
    assert_eq!(p.register("try_4", "other@example.fr").await.status, 202);
}

/// Every route the registry marks as needing a resident refuses anonymous callers and forged
/// tokens, whatever the body: the edge checks before any handler runs.
#[tokio::test(flavor = "multi_thread")]
async fn every_protected_route_refuses_anonymous_callers() {
    use rouen_api::registry::{Auth, Trigger};
    let p = platform().await;
    let mut checked = 0;
    for route in rouen_api::routes() {
        let Trigger::Http { method, path } = route.trigger else {
            continue;
        };
        if route.auth == Auth::Public {
            continue;
        }
        let path = path.replace("{id}", "01JD0000000000000000000001");
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        p.call(method.clone(), &path, None, Some(json!({})))
            .await
            .problem(401, "unauthorized");
        p.call(method, &path, Some("forged.token.value"), Some(json!({})))
            .await
            .problem(401, "invalid_access_token");
        checked += 1;
    }
    assert!(checked >= 23, "only {checked} protected routes");
}

/// A browser that lost a refresh answer (a reload mid-refresh) presents the spent token again at once:
/// within the grace window that is not theft, and the session goes on.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_presented_again_at_once_keeps_the_session() {
    let p = platform().await;
    let s = p.resident("reloader").await;
    p.refresh(&s).await.ok();
    let again = p.refresh(&s).await;
    let (next, _) = again.cookie("rs_refresh").expect("a new token");
    assert!(!next.is_empty());
    let (csrf, _) = again.cookie("rs_csrf").expect("csrf");
    p.with_cookies("/api/v1/auth/refresh", &next, &csrf, Some(&csrf))
        .await
        .ok();
}
