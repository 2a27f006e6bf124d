//! Moderation: the word list that holds posts back, hiding and restoring posts, suspending accounts,
//! the reports queue, and an audit log of every moderator action.

use super::keys;
use super::model::{PostRecord, PostStatus};
use crate::accounts::keys as account_keys;
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Condition, IndexName, Item, Key, Query, Update};
use std::sync::LazyLock;

static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../data/moderation-words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalise)
        .collect()
});

/// Lower-cased, accents removed, runs of anything but letters and digits made one space.
pub fn normalise(text: &str) -> String {
    let folded = super::text::normalise_tag(text);
    let mut out = String::with_capacity(folded.len());
    let mut space = true;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// Whether the text contains a listed word or phrase, as whole words.
pub fn needs_review(text: &str) -> bool {
    let padded = format!(" {} ", normalise(text));
    WORDS.iter().any(|w| padded.contains(&format!(" {w} ")))
}

/// Records a moderator action (kept, not expired: it is the audit trail).
pub async fn audit(
    platform: &Platform,
    moderator: &str,
    action: &str,
    target: &str,
    reason: &str,
) -> Result<(), ApiError> {
    let now = platform.clock.now();
    let id = platform.ids.new_id();
    let mut item = Item::new();
    item.insert("pk".into(), format!("AUDIT#{}", now.format("%Y-%m")).into());
    item.insert("sk".into(), id.clone().into());
    item.insert("id".into(), id.into());
    item.insert("moderator_id".into(), moderator.into());
    item.insert("action".into(), action.into());
    item.insert("target".into(), target.into());
    item.insert(
        "reason".into(),
        reason.chars().take(500).collect::<String>().into(),
    );
    item.insert("at".into(), now.to_rfc3339().into());
    platform.store.put(item, None).await?;
    tracing::info!(
        moderator_id = moderator,
        action,
        target,
        "moderation action"
    );
    Ok(())
}

/// Sets a post's status; a post that becomes visible is listed and fanned out like a new one.
pub async fn set_status(
    platform: &Platform,
    post: &PostRecord,
    status: PostStatus,
) -> Result<(), ApiError> {
    platform
        .store
        .update(
            &keys::post(&post.id),
            &Update::new().set(
                "status",
                serde_json::to_value(status).map_err(|e| ApiError::Internal(e.to_string()))?,
            ),
            Some(Condition::Exists),
        )
        .await?;
    let updated = PostRecord {
        status,
        ..post.clone()
    };
    super::posts::relist(platform, &updated).await
}

pub async fn suspend(
    platform: &Platform,
    user_id: &str,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), ApiError> {
    let update = match until {
        Some(t) => Update::new().set("suspended_until", t.to_rfc3339()),
        None => Update::new().remove("suspended_until"),
    };
    platform
        .store
        .update(
            &account_keys::profile(user_id),
            &update,
            Some(Condition::Exists),
        )
        .await?;
    if until.is_some() {
        crate::accounts::sessions::revoke_all(platform, user_id, None).await?;
    }
    Ok(())
}

/// Open reports, oldest first.
pub async fn open_reports(
    platform: &Platform,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<Item>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(
            &Query::partition(keys::index::OPEN_REPORTS)
                .on_index(IndexName::Gsi1)
                .limit(limit)
                .after(cursor),
        )
        .await?;
    Ok((page.items, page.cursor))
}

pub async fn close_report(
    platform: &Platform,
    report_id: &str,
    outcome: &str,
    moderator: &str,
) -> Result<Item, ApiError> {
    let key = keys::report(report_id);
    let item = platform
        .store
        .update(
            &key,
            &Update::new()
                .set("gsi1pk", "REPORTS#closed")
                .set("outcome", outcome)
                .set("closed_by", moderator)
                .set("closed_at", platform.clock.now().to_rfc3339()),
            Some(Condition::Exists),
        )
        .await
        .map_err(|e| match e {
            rouen_ports::StoreError::ConditionFailed => ApiError::NotFound,
            other => other.into(),
        })?;
    Ok(item)
}

/// Posts held by the word list, for review.
pub async fn held_posts(platform: &Platform) -> Result<Vec<String>, ApiError> {
    let page = platform
        .store
        .query(&Query::partition("HELD#posts").limit(100))
        .await?;
    Ok(page
        .items
        .iter()
        .filter_map(|i| i.get("post_id").and_then(|v| v.as_str()).map(str::to_owned))
        .collect())
}

pub fn held_key(post_id: &str) -> Key {
    Key::new("HELD#posts", post_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_after_folding_accents_and_case() {
        assert!(needs_review("Quel CONNARD celui-là"));
        assert!(needs_review("espèce d'enculé !"));
        assert!(needs_review("Nique ta mère"));
        assert!(
            !needs_review("Le pdg de la boîte"),
            "pd inside pdg is not the word"
        );
        assert!(!needs_review("Concert au 106 ce soir"));
        assert!(
            !needs_review("Retardé de dix minutes"),
            "retard inside retardé"
        );
    }
}
