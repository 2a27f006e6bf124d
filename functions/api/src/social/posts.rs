//! Writing posts: create (text, photos, mentions, hashtags, neighbourhood, visibility), share, edit
//! with history, delete everywhere. Reading one post with its audience checks.

use super::keys;
use super::model::{MAX_IMAGES, MAX_POST_LENGTH, PostRecord, PostStatus, StoredPhoto, Visibility};
use super::text;
use crate::accounts::images::{self, ImageError, ImageKind};
use crate::accounts::model::{UserRecord, from_item, to_item};
use crate::accounts::{directory, keys as account_keys, validation};
use crate::handlers::jobs::{Job, enqueue};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use bytes::Bytes;
use rouen_ports::{Condition, Item, StoreError, TransactOp, Update};
use serde_json::Value;

/// Shards of each day of the local feed: writes of a busy day spread over this many partitions.
pub const LOCAL_SHARDS: u32 = 4;

pub struct NewPost {
    pub text: String,
    pub image_ids: Vec<String>,
    pub neighbourhood: Option<String>,
    pub visibility: Visibility,
    pub shared_post_id: Option<String>,
}

fn check_text(field: &str, text: &str, required: bool, max: usize, errors: &mut Vec<FieldError>) {
    let len = text::visible_length(text.trim());
    // The documented bound on code points (a grapheme can hold many) holds too.
    let code_points = text.chars().count();
    if required && len == 0 {
        errors.push(FieldError::new(field, "required", "write something"));
    } else if len > max || code_points > super::model::MAX_CODE_POINTS {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.push(FieldError::new(
            field,
            "invalid_characters",
            "control characters are not allowed",
        ));
    }
}

pub fn validate(input: &NewPost) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let needs_text = input.image_ids.is_empty() && input.shared_post_id.is_none();
    check_text(
        "body.text",
        &input.text,
        needs_text,
        MAX_POST_LENGTH,
        &mut errors,
    );
    if input.image_ids.len() > MAX_IMAGES {
        errors.push(FieldError::new(
            "body.image_ids",
            "too_many",
            format!("at most {MAX_IMAGES} photos"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if input.image_ids.iter().any(|id| !seen.insert(id)) {
        errors.push(FieldError::new(
            "body.image_ids",
            "duplicate",
            "a photo appears twice",
        ));
    }
    if let Some(n) = &input.neighbourhood {
        validation::neighbourhood("body.neighbourhood", n, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

pub async fn load(platform: &Platform, post_id: &str) -> Result<Option<PostRecord>, ApiError> {
    match platform.store.get(&keys::post(post_id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Processes the uploaded photos into their variants under `{base}/{upload_id}`; a refused file is
/// reported on its field (`{field}[i]`). Posts and chat messages share it.
pub async fn photos(
    platform: &Platform,
    author: &str,
    base: &str,
    field: &str,
    image_ids: &[String],
) -> Result<Vec<StoredPhoto>, ApiError> {
    let field_prefix = field;
    let mut out = Vec::new();
    for (i, upload_id) in image_ids.iter().enumerate() {
        let field = format!("{field_prefix}[{i}]");
        let pending_key = keys::pending_image(author, upload_id);
        let pending = platform
            .store
            .get(&pending_key)
            .await?
            .filter(|p| p.get("kind").and_then(Value::as_str) == Some("photo"))
            .ok_or_else(|| ApiError::field(field.clone(), "unknown", "no such upload"))?;
        let blob_key = pending
            .get("blob_key")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let original = match platform.blobs.get(&blob_key).await {
            Ok(o) => o,
            Err(rouen_ports::BlobError::NotFound) => {
                return Err(ApiError::field(
                    field,
                    "not_uploaded",
                    "the file was not uploaded",
                ));
            }
            Err(e) => return Err(e.into()),
        };
        let processed = tokio::task::spawn_blocking(move || {
            images::process_with_placeholder(&original.bytes, ImageKind::Photo)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("image task: {e}")))?;
        let processed = match processed {
            Ok(p) => p,
            Err(err) => {
                platform.blobs.delete(&blob_key).await?;
                platform.store.delete(&pending_key, None).await?;
                let code = match err {
                    ImageError::NotAnImage => "not_an_image",
                    ImageError::TooLarge => "image_too_large",
                    ImageError::TooSmall => "image_too_small",
                    ImageError::Encode(e) => {
                        return Err(ApiError::Internal(format!("encoding a photo: {e}")));
                    }
                };
                return Err(ApiError::field(
                    field,
                    code,
                    "this file cannot be used as a photo",
                ));
            }
        };
        let photo = StoredPhoto {
            base: format!("{base}/{upload_id}"),
            width: processed.width,
            height: processed.height,
            blurhash: processed.blurhash,
        };
        for v in processed.variants {
            platform
                .blobs
                .put(
                    &photo.variant_key(v.name),
                    Bytes::from(v.jpeg),
                    "image/jpeg",
                )
                .await?;
        }
        out.push(photo);
    }
    // Only once every photo is in: the uploads are spent.
    for upload_id in image_ids {
        let pending_key = keys::pending_image(author, upload_id);
        if let Some(p) = platform.store.delete(&pending_key, None).await?
            && let Some(blob) = p.get("blob_key").and_then(Value::as_str)
        {
            platform.blobs.delete(blob).await?;
        }
    }
    Ok(out)
}

fn index_item(pk: String, sort: &str, post: &PostRecord) -> Item {
    let mut item = Item::new();
    item.insert("pk".into(), pk.into());
    item.insert("sk".into(), sort.into());
    item.insert("post_id".into(), post.id.clone().into());
    item.insert("author_id".into(), post.author_id.clone().into());
    item
}

/// Whether the post belongs in the public places (local feed, hashtag pages, search).
pub fn is_public(post: &PostRecord, author: &UserRecord) -> bool {
    post.visibility == Visibility::Public
        && !author.private_account
        && post.status == PostStatus::Visible
}

fn day_of(post: &PostRecord) -> String {
    post.created_at.format("%Y-%m-%d").to_string()
}

/// Writes the entries that list a public post: local feed (sharded by day), neighbourhood, hashtags.
async fn write_public_entries(platform: &Platform, post: &PostRecord) -> Result<(), ApiError> {
    if let Some(shard) = post.local_shard {
        let mut item = index_item(
            keys::local_partition(&day_of(post), shard),
            &post.sort,
            post,
        );
        if let Some(n) = &post.neighbourhood {
            item.insert("neighbourhood".into(), n.clone().into());
        }
        platform.store.put(item, None).await?;
        if let Some(n) = &post.neighbourhood {
            platform
                .store
                .put(
                    index_item(keys::neighbourhood_partition(n), &post.sort, post),
                    None,
                )
                .await?;
        }
    }
    for tag in &post.hashtags {
        platform
            .store
            .put(
                index_item(keys::hashtag_partition(tag), &post.sort, post),
                None,
            )
            .await?;
    }
    Ok(())
}

async fn delete_public_entries(platform: &Platform, post: &PostRecord) -> Result<(), ApiError> {
    if let Some(shard) = post.local_shard {
        platform
            .store
            .delete(
                &rouen_ports::Key::new(
                    keys::local_partition(&day_of(post), shard),
                    post.sort.clone(),
                ),
                None,
            )
            .await?;
        if let Some(n) = &post.neighbourhood {
            platform
                .store
                .delete(
                    &rouen_ports::Key::new(keys::neighbourhood_partition(n), post.sort.clone()),
                    None,
                )
                .await?;
        }
    }
    for tag in &post.hashtags {
        platform
            .store
            .delete(
                &rouen_ports::Key::new(keys::hashtag_partition(tag), post.sort.clone()),
                None,
            )
            .await?;
    }
    Ok(())
}

/// Brings a post's public entries and followers' feeds in line with its status and visibility
/// (after a moderator holds, hides or releases it).
pub async fn relist(platform: &Platform, post: &PostRecord) -> Result<(), ApiError> {
    let Some(author) = directory::load(platform, &post.author_id).await? else {
        return Ok(());
    };
    let mut post = post.clone();
    if is_public(&post, &author) {
        if post.local_shard.is_none() {
            let shard = post.id.bytes().map(u32::from).sum::<u32>() % LOCAL_SHARDS;
            post.local_shard = Some(shard);
            platform
                .store
                .update(
                    &keys::post(&post.id),
                    &Update::new().set("local_shard", shard),
                    Some(Condition::Exists),
                )
                .await?;
        }
        write_public_entries(platform, &post).await?;
    } else {
        delete_public_entries(platform, &post).await?;
    }
    let mut jobs = vec![Job::IndexPost {
        post_id: post.id.clone(),
    }];
    if post.status == PostStatus::Visible {
        jobs.push(Job::FanOut {
            post_id: post.id.clone(),
        });
    }
    enqueue(platform, &jobs).await
}

async fn resolve_mentions(
    platform: &Platform,
    text: &str,
    author: &str,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    for name in text::mentions(text).into_iter().take(20) {
        if let Some(id) = directory::id_by_username(platform, &name).await?
            && id != author
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    Ok(ids)
}

pub async fn create(
    platform: &Platform,
    author: &UserRecord,
    input: NewPost,
) -> Result<PostRecord, ApiError> {
    if author
        .suspended_until
        .is_some_and(|t| t > platform.clock.now())
    {
        return Err(ApiError::AccountSuspended);
    }
    validate(&input)?;
    let id = platform.ids.new_id();
    let now = platform.clock.now();
    let text = input.text.trim().to_owned();
    let photos = photos(
        platform,
        &author.id,
        &format!("media/posts/{id}"),
        "body.image_ids",
        &input.image_ids,
    )
    .await?;
    let mut post = PostRecord {
        id: id.clone(),
        author_id: author.id.clone(),
        hashtags: text::hashtags(&text),
        mentions: resolve_mentions(platform, &text, &author.id).await?,
        text,
        photos,
        neighbourhood: input.neighbourhood.or_else(|| author.neighbourhood.clone()),
        visibility: input.visibility,
        shared_post_id: input.shared_post_id.clone(),
        created_at: now,
        edited_at: None,
        like_count: 0,
        comment_count: 0,
        share_count: 0,
        status: PostStatus::Visible,
        sort: id.clone(),
        local_shard: None,
    };
    if super::moderation::needs_review(&post.text) {
        post.status = PostStatus::Held;
    }
    if is_public(&post, author) {
        let shard = id.bytes().map(u32::from).sum::<u32>() % LOCAL_SHARDS;
        post.local_shard = Some(shard);
    }
    let mut item = to_item(&keys::post(&id), &post)?;
    item.insert(
        "gsi1pk".into(),
        super::keys::index::author(&author.id).into(),
    );
    item.insert("gsi1sk".into(), post.sort.clone().into());
    let mut ops = vec![
        TransactOp::Put {
            item,
            condition: Some(Condition::NotExists),
        },
        TransactOp::Update {
            key: account_keys::profile(&author.id),
            update: Update::new().add("posts_count", 1),
            condition: Some(Condition::Exists),
        },
    ];
    if let Some(original) = &input.shared_post_id {
        ops.push(TransactOp::Update {
            key: keys::post(original),
            update: Update::new().add("share_count", 1),
            condition: Some(Condition::Exists),
        });
    }
    match platform.store.transact_write(ops).await {
        Ok(()) => {}
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&2) => {
            return Err(ApiError::NotFound);
        }
        Err(e) => return Err(e.into()),
    }
    write_public_entries(platform, &post).await?;
    if post.status == PostStatus::Held {
        let key = super::moderation::held_key(&post.id);
        let mut held = Item::new();
        held.insert("pk".into(), key.pk.into());
        held.insert("sk".into(), key.sk.into());
        held.insert("post_id".into(), post.id.clone().into());
        platform.store.put(held, None).await?;
        tracing::info!(post_id = %post.id, "post held for review by the word list");
    }
    // The author sees their own post at once; followers get it through the fan-out job.
    super::feeds::deliver(platform, &author.id, &post).await?;
    if post.status == PostStatus::Visible {
        for mentioned in &post.mentions {
            super::notifications::send(
                platform,
                mentioned,
                super::notifications::Kind::Mention,
                &author.id,
                Some(&post.id),
            )
            .await?;
        }
    }
    enqueue(
        platform,
        &[
            Job::FanOut {
                post_id: id.clone(),
            },
            Job::IndexPost { post_id: id },
        ],
    )
    .await?;
    tracing::info!(post_id = %post.id, user_id = %author.id, photos = post.photos.len(), "post created");
    Ok(post)
}

/// Edits the text; the previous text is kept in the post's history.
pub async fn edit(
    platform: &Platform,
    post: &PostRecord,
    author: &UserRecord,
    new_text: &str,
) -> Result<PostRecord, ApiError> {
    let mut errors = Vec::new();
    check_text(
        "body.text",
        new_text,
        post.photos.is_empty() && post.shared_post_id.is_none(),
        MAX_POST_LENGTH,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = platform.clock.now();
    let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut history = Item::new();
    let key = keys::post_edit(&post.id, &stamp);
    history.insert("pk".into(), key.pk.into());
    history.insert("sk".into(), key.sk.into());
    history.insert("text".into(), post.text.clone().into());
    history.insert("replaced_at".into(), stamp.into());
    platform.store.put(history, None).await?;
    let text = new_text.trim().to_owned();
    let mut updated = post.clone();
    updated.hashtags = text::hashtags(&text);
    updated.mentions = resolve_mentions(platform, &text, &author.id).await?;
    updated.text = text;
    updated.edited_at = Some(now);
    delete_public_entries(platform, post).await?;
    platform
        .store
        .update(
            &keys::post(&post.id),
            &Update::new()
                .set("text", updated.text.clone())
                .set("hashtags", updated.hashtags.clone())
                .set("mentions", updated.mentions.clone())
                .set("edited_at", now.to_rfc3339()),
            Some(Condition::Exists),
        )
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed => ApiError::NotFound,
            other => other.into(),
        })?;
    write_public_entries(platform, &updated).await?;
    enqueue(
        platform,
        &[Job::IndexPost {
            post_id: post.id.clone(),
        }],
    )
    .await?;
    Ok(updated)
}

/// Deletes a post, its likes, comments, history, photos and listing entries; the followers' feed
/// entries go through a job (and are filtered out at read time until then).
pub async fn delete(platform: &Platform, post: &PostRecord) -> Result<(), ApiError> {
    let ops = vec![
        TransactOp::Delete {
            key: keys::post(&post.id),
            condition: Some(Condition::Exists),
        },
        TransactOp::Update {
            key: account_keys::profile(&post.author_id),
            update: Update::new().add("posts_count", -1),
            condition: Some(Condition::Exists),
        },
    ];
    match platform.store.transact_write(ops).await {
        Ok(()) => {}
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&0) => return Ok(()),
        Err(StoreError::TransactionCanceled { .. }) => {
            platform.store.delete(&keys::post(&post.id), None).await?;
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(original) = &post.shared_post_id {
        match platform
            .store
            .update(
                &keys::post(original),
                &Update::new().add("share_count", -1),
                Some(Condition::Exists),
            )
            .await
        {
            Ok(_) | Err(StoreError::ConditionFailed) => {}
            Err(e) => return Err(e.into()),
        }
    }
    delete_public_entries(platform, post).await?;
    platform
        .store
        .delete(&keys::feed_item(&post.author_id, &post.sort), None)
        .await?;
    platform
        .store
        .delete(&super::moderation::held_key(&post.id), None)
        .await?;
    for photo in &post.photos {
        for v in crate::accounts::model::IMAGE_VARIANTS {
            platform.blobs.delete(&photo.variant_key(v)).await?;
        }
    }
    enqueue(
        platform,
        &[
            Job::FanOutDelete {
                post_id: post.id.clone(),
                author_id: post.author_id.clone(),
                sort: post.sort.clone(),
            },
            Job::IndexPost {
                post_id: post.id.clone(),
            },
        ],
    )
    .await?;
    super::cleanup::post_children(platform, &post.id).await?;
    tracing::info!(post_id = %post.id, user_id = %post.author_id, "post deleted");
    Ok(())
}
