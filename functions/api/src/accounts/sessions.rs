//! Sessions: one refresh-token family per sign-in. Each refresh spends the presented token and issues
//! the next one; a token presented twice means it leaked, so the whole family is revoked.

use super::keys;
use super::model::Role;
use super::tokens;
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Condition, Item, Query, SortKeyCondition, StoreError, Update};
use serde_json::Value;

/// What a sign-in or refresh hands back.
pub struct Issued {
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: String,
}

fn token_item(platform: &Platform, user_id: &str, family: &str, secret: &str, now: i64) -> Item {
    let key = keys::refresh_token(&tokens::digest(secret));
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("user_id".into(), user_id.into());
    item.insert("family".into(), family.into());
    item.insert("used".into(), false.into());
    item.insert("gsi1pk".into(), keys::index::tokens(user_id).into());
    item.insert("gsi1sk".into(), format!("REFRESH#{now}#{family}").into());
    item.insert(
        "expires_at".into(),
        (now + platform.settings.auth.refresh_ttl_secs).into(),
    );
    item
}

/// Starts a session for a user who just proved who they are.
pub async fn start(
    platform: &Platform,
    user_id: &str,
    role: Role,
    user_agent: &str,
) -> Result<Issued, ApiError> {
    let now = platform.clock.now_epoch();
    let family = platform.ids.new_id();
    let secret = tokens::random_secret()?;
    let ttl = platform.settings.auth.refresh_ttl_secs;
    let session_key = keys::session(user_id, &family);
    let mut session = Item::new();
    session.insert("pk".into(), session_key.pk.into());
    session.insert("sk".into(), session_key.sk.into());
    session.insert("family".into(), family.clone().into());
    session.insert(
        "created_at".into(),
        platform.clock.now().to_rfc3339().into(),
    );
    session.insert(
        "user_agent".into(),
        user_agent.chars().take(200).collect::<String>().into(),
    );
    session.insert("expires_at".into(), (now + ttl).into());
    platform.store.put(session, None).await?;
    platform
        .store
        .put(token_item(platform, user_id, &family, &secret, now), None)
        .await?;
    Ok(Issued {
        access_token: tokens::issue_access(
            &platform.settings.auth.signing_key,
            user_id,
            role,
            &family,
            now,
            platform.settings.auth.access_ttl_secs,
        )?,
        refresh_token: secret,
        user_id: user_id.to_owned(),
    })
}

/// Spends a refresh token and issues the next one of its family; `role` is read fresh by the caller
/// through `role_of` so that a role change applies at the next refresh.
pub async fn rotate<F, Fut>(
    platform: &Platform,
    presented: &str,
    role_of: F,
) -> Result<Issued, ApiError>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Role>, ApiError>>,
{
    let now = platform.clock.now_epoch();
    let key = keys::refresh_token(&tokens::digest(presented));
    let Some(item) = platform.store.get(&key).await? else {
        return Err(ApiError::InvalidRefreshToken);
    };
    let user_id = str_attr(&item, "user_id");
    let family = str_attr(&item, "family");
    let used = item.get("used").and_then(Value::as_bool).unwrap_or(true);
    // A token presented again within a few seconds of being spent is a browser whose previous refresh
    // answer was lost (a reload during the refresh, two tabs at once), not a thief: it gets a new token
    // of the same family. Later reuse means the token was copied, and the whole family ends.
    let spent_at = item.get("used_at").and_then(Value::as_i64).unwrap_or(0);
    let grace = platform.settings.auth.refresh_reuse_grace_secs;
    let within_grace = used && grace > 0 && now - spent_at <= grace;
    if used && !within_grace {
        tracing::warn!(user_id = %user_id, family = %family, "refresh token reused: revoking its family");
        revoke(platform, &user_id, &family).await?;
        return Err(ApiError::InvalidRefreshToken);
    }
    let session_key = keys::session(&user_id, &family);
    if platform.store.get(&session_key).await?.is_none() {
        return Err(ApiError::InvalidRefreshToken);
    }
    // Spending is conditional: of two concurrent refreshes with one token, one wins and the other is
    // treated as a reuse.
    if !within_grace {
        match platform
            .store
            .update(
                &key,
                &Update::new().set("used", true).set("used_at", now),
                Some(Condition::Equals("used".into(), false.into())),
            )
            .await
        {
            Ok(_) => {}
            // Two refreshes raced with one token: the loser is within the grace window by definition.
            Err(StoreError::ConditionFailed) if grace > 0 => {}
            Err(StoreError::ConditionFailed) => {
                revoke(platform, &user_id, &family).await?;
                return Err(ApiError::InvalidRefreshToken);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let Some(role) = role_of(user_id.clone()).await? else {
        revoke(platform, &user_id, &family).await?;
        return Err(ApiError::InvalidRefreshToken);
    };
    let secret = tokens::random_secret()?;
    platform
        .store
        .put(token_item(platform, &user_id, &family, &secret, now), None)
        .await?;
    platform
        .store
        .update(
            &session_key,
            &Update::new().set("expires_at", now + platform.settings.auth.refresh_ttl_secs),
            Some(Condition::Exists),
        )
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed => ApiError::InvalidRefreshToken,
            other => other.into(),
        })?;
    Ok(Issued {
        access_token: tokens::issue_access(
            &platform.settings.auth.signing_key,
            &user_id,
            role,
            &family,
            now,
            platform.settings.auth.access_ttl_secs,
        )?,
        refresh_token: secret,
        user_id,
    })
}

fn str_attr(item: &Item, name: &str) -> String {
    item.get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Ends one session: its refresh tokens stop working at once.
pub async fn revoke(platform: &Platform, user_id: &str, family: &str) -> Result<(), ApiError> {
    platform
        .store
        .delete(&keys::session(user_id, family), None)
        .await?;
    Ok(())
}

/// The user behind a refresh token, if it is known (logout needs it to end the session).
pub async fn family_of(
    platform: &Platform,
    presented: &str,
) -> Result<Option<(String, String)>, ApiError> {
    Ok(platform
        .store
        .get(&keys::refresh_token(&tokens::digest(presented)))
        .await?
        .map(|item| (str_attr(&item, "user_id"), str_attr(&item, "family"))))
}

/// Ends every session of a user (password reset, account erasure), except `keep` if given.
pub async fn revoke_all(
    platform: &Platform,
    user_id: &str,
    keep: Option<&str>,
) -> Result<u32, ApiError> {
    let mut cursor = None;
    let mut ended = 0;
    loop {
        let page = platform
            .store
            .query(
                &Query::partition(keys::user_pk(user_id))
                    .sort(SortKeyCondition::BeginsWith("SESSION#".into()))
                    .limit(100)
                    .after(cursor),
            )
            .await?;
        for item in &page.items {
            let family = str_attr(item, "family");
            if Some(family.as_str()) != keep {
                revoke(platform, user_id, &family).await?;
                ended += 1;
            }
        }
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(ended),
        }
    }
}
