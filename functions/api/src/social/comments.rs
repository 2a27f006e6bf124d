//! Comments on posts.

use super::keys;
use super::model::{CommentRecord, MAX_COMMENT_LENGTH};
use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use rouen_ports::{Condition, IndexName, Query, StoreError, TransactOp, Update};

pub fn check(text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    let len = super::text::visible_length(text);
    let mut errors = Vec::new();
    if len == 0 {
        errors.push(FieldError::new("body.text", "required", "write something"));
    } else if len > MAX_COMMENT_LENGTH
        || text.chars().count() > super::model::MAX_COMMENT_CODE_POINTS
    {
        errors.push(FieldError::new(
            "body.text",
            "too_long",
            format!("at most {MAX_COMMENT_LENGTH} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.push(FieldError::new(
            "body.text",
            "invalid_characters",
            "control characters are not allowed",
        ));
    }
    if errors.is_empty() {
        Ok(text.to_owned())
    } else {
        Err(ApiError::Validation(errors))
    }
}

pub async fn load(platform: &Platform, id: &str) -> Result<Option<CommentRecord>, ApiError> {
    match platform.store.get(&keys::comment(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

pub async fn create(
    platform: &Platform,
    post_id: &str,
    author: &str,
    text: &str,
) -> Result<CommentRecord, ApiError> {
    let text = check(text)?;
    let id = platform.ids.new_id();
    let comment = CommentRecord {
        id: id.clone(),
        post_id: post_id.to_owned(),
        author_id: author.to_owned(),
        text,
        created_at: platform.clock.now(),
        edited_at: None,
        like_count: 0,
    };
    let mut item = to_item(&keys::comment(&id), &comment)?;
    item.insert("gsi1pk".into(), keys::index::post_comments(post_id).into());
    item.insert("gsi1sk".into(), id.clone().into());
    item.insert("gsi2pk".into(), keys::index::user_comments(author).into());
    item.insert("gsi2sk".into(), id.clone().into());
    let ops = vec![
        TransactOp::Put {
            item,
            condition: Some(Condition::NotExists),
        },
        TransactOp::Update {
            key: keys::post(post_id),
            update: Update::new().add("comment_count", 1),
            condition: Some(Condition::Exists),
        },
    ];
    match platform.store.transact_write(ops).await {
        Ok(()) => Ok(comment),
        Err(StoreError::TransactionCanceled { .. }) => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}

pub async fn edit(
    platform: &Platform,
    comment: &CommentRecord,
    text: &str,
) -> Result<CommentRecord, ApiError> {
    let text = check(text)?;
    let now = platform.clock.now();
    platform
        .store
        .update(
            &keys::comment(&comment.id),
            &Update::new()
                .set("text", text.clone())
                .set("edited_at", now.to_rfc3339()),
            Some(Condition::Exists),
        )
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed => ApiError::NotFound,
            other => other.into(),
        })?;
    Ok(CommentRecord {
        text,
        edited_at: Some(now),
        ..comment.clone()
    })
}

pub async fn delete(platform: &Platform, comment: &CommentRecord) -> Result<(), ApiError> {
    let ops = vec![
        TransactOp::Delete {
            key: keys::comment(&comment.id),
            condition: Some(Condition::Exists),
        },
        TransactOp::Update {
            key: keys::post(&comment.post_id),
            update: Update::new().add("comment_count", -1),
            condition: Some(Condition::Exists),
        },
    ];
    match platform.store.transact_write(ops).await {
        Ok(()) => {}
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&0) => return Ok(()),
        Err(StoreError::TransactionCanceled { .. }) => {
            platform
                .store
                .delete(&keys::comment(&comment.id), None)
                .await?;
        }
        Err(e) => return Err(e.into()),
    }
    super::cleanup::delete_partition(platform, format!("COMMENT#{}", comment.id)).await?;
    Ok(())
}

/// A page of a post's comments, oldest first.
pub async fn list(
    platform: &Platform,
    post_id: &str,
    cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<CommentRecord>, Option<String>), ApiError> {
    let page = platform
        .store
        .query(
            &Query::partition(keys::index::post_comments(post_id))
                .on_index(IndexName::Gsi1)
                .limit(limit)
                .after(cursor),
        )
        .await?;
    let comments = page
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<CommentRecord>, _>>()?;
    Ok((comments, page.cursor))
}
