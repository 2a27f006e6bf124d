//! Store-backed rate limits and the failed-login lockout. Counters are items with a TTL, so every
//! Lambda instance sees the same counts.

use super::tokens::subject_digest;
use crate::platform::{Limit, Platform};
use crate::problem::ApiError;
use rouen_ports::{Key, Update};

/// Counts one hit of `subject` against `limit`; refuses with the time until the window ends once the
/// limit is exceeded.
pub async fn hit(
    platform: &Platform,
    name: &str,
    subject: &str,
    limit: Limit,
) -> Result<(), ApiError> {
    let now = platform.clock.now_epoch();
    let window = limit.window_secs.max(1);
    let start = now - now.rem_euclid(window);
    let key = Key::new(
        format!("RATE#{name}#{}", subject_digest(name, subject)),
        format!("W#{start}"),
    );
    let item = platform
        .store
        .update(
            &key,
            &Update::new()
                .add("hits", 1)
                .set("expires_at", start + window + 60),
            None,
        )
        .await?;
    let hits = item.get("hits").and_then(|v| v.as_i64()).unwrap_or(0);
    if hits > i64::from(limit.max) {
        let retry_after_secs = u64::try_from((start + window - now).max(1)).unwrap_or(1);
        tracing::warn!(limit = name, hits, retry_after_secs, "rate limit exceeded");
        return Err(ApiError::RateLimited { retry_after_secs });
    }
    Ok(())
}

fn lockout_key(login: &str) -> Key {
    Key::new(
        format!("LOGINFAIL#{}", subject_digest("login", login)),
        "STATE",
    )
}

/// Lock length after `failures` failed logins: 1 minute at the threshold, doubling, at most 1 hour.
pub fn lock_secs(failures: i64, threshold: u32) -> i64 {
    let over = failures - i64::from(threshold);
    if over < 0 {
        return 0;
    }
    (60_i64 << over.min(6)).min(3600)
}

/// Refuses while the login identifier is locked. Kept per identifier whether or not an account exists
/// behind it, so that locking tells nothing about which accounts exist.
pub async fn check_lock(platform: &Platform, login: &str) -> Result<(), ApiError> {
    let now = platform.clock.now_epoch();
    if let Some(item) = platform.store.get(&lockout_key(login)).await? {
        let until = item
            .get("locked_until")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        if until > now {
            return Err(ApiError::AccountLocked {
                retry_after_secs: u64::try_from(until - now).unwrap_or(1),
            });
        }
    }
    Ok(())
}

/// Records a failed login; locks the identifier once failures reach the threshold.
pub async fn record_failure(
    platform: &Platform,
    login: &str,
    threshold: u32,
) -> Result<(), ApiError> {
    let now = platform.clock.now_epoch();
    let key = lockout_key(login);
    let item = platform
        .store
        .update(
            &key,
            &Update::new()
                .add("failures", 1)
                .set("expires_at", now + 24 * 3600),
            None,
        )
        .await?;
    let failures = item.get("failures").and_then(|v| v.as_i64()).unwrap_or(0);
    let secs = lock_secs(failures, threshold);
    if secs > 0 {
        platform
            .store
            .update(&key, &Update::new().set("locked_until", now + secs), None)
            .await?;
        tracing::warn!(
            failures,
            lock_secs = secs,
            "login locked after repeated failures"
        );
    }
    Ok(())
}

pub async fn clear_failures(platform: &Platform, login: &str) -> Result<(), ApiError> {
    platform.store.delete(&lockout_key(login), None).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::lock_secs;

    #[test]
    fn back_off_grows_and_is_capped() {
        assert_eq!(lock_secs(4, 5), 0);
        assert_eq!(lock_secs(5, 5), 60);
        assert_eq!(lock_secs(6, 5), 120);
        assert_eq!(lock_secs(8, 5), 480);
        assert_eq!(lock_secs(40, 5), 3600);
    }
}
