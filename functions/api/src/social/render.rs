//! Turning stored posts and comments into what the API shows, for one viewer, in batches.

use super::audience::Audience;
use super::keys;
use super::model::{CommentRecord, CommentView, Photo, PostCounts, PostRecord, PostView};
use crate::accounts::directory;
use crate::accounts::model::{ImageUrls, UserRecord, from_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::Key;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

pub const PHOTO_URL_TTL: Duration = Duration::from_secs(24 * 3600);

/// Posts by id (missing ones, deleted meanwhile, are simply absent).
pub async fn load_posts(
    platform: &Platform,
    ids: &[String],
) -> Result<HashMap<String, PostRecord>, ApiError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        let keys: Vec<Key> = chunk.iter().map(|id| keys::post(id)).collect();
        for item in platform.store.batch_get(&keys).await? {
            let post: PostRecord = from_item(item)?;
            out.insert(post.id.clone(), post);
        }
    }
    Ok(out)
}

pub async fn photo(platform: &Platform, p: &super::model::StoredPhoto) -> Result<Photo, ApiError> {
    let url = |v: &'static str| {
        let key = p.variant_key(v);
        async move {
            platform
                .blobs
                .presign_get(&key, PHOTO_URL_TTL)
                .await
                .map(|r| r.url)
        }
    };
    Ok(Photo {
        urls: ImageUrls {
            small: url("small").await?,
            medium: url("medium").await?,
            large: url("large").await?,
        },
        width: p.width,
        height: p.height,
        blurhash: p.blurhash.clone(),
    })
}

/// What a page of posts needs: their authors, the viewer's relations with them, the originals of
/// shares, the viewer's likes.
pub struct Context {
    pub audience: Audience,
    authors: HashMap<String, UserRecord>,
    originals: HashMap<String, PostRecord>,
    liked: HashSet<String>,
    mention_names: HashMap<String, String>,
}

impl Context {
    pub async fn for_posts(
        platform: &Platform,
        viewer: Option<&str>,
        is_moderator: bool,
        posts: &[PostRecord],
    ) -> Result<Self, ApiError> {
        let original_ids: Vec<String> = posts
            .iter()
            .filter_map(|p| p.shared_post_id.clone())
            .collect();
        let originals = load_posts(platform, &original_ids).await?;
        let mut author_ids: HashSet<String> = posts.iter().map(|p| p.author_id.clone()).collect();
        author_ids.extend(originals.values().map(|p| p.author_id.clone()));
        let mention_ids: HashSet<String> = posts
            .iter()
            .chain(originals.values())
            .flat_map(|p| p.mentions.clone())
            .collect();
        let wanted: Vec<String> = author_ids
            .iter()
            .chain(mention_ids.iter())
            .cloned()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let users: HashMap<String, UserRecord> = directory::load_many(platform, &wanted)
            .await?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let mention_names = mention_ids
            .iter()
            .filter_map(|id| users.get(id).map(|u| (id.clone(), u.username.clone())))
            .collect();
        let audience = Audience::load(platform, viewer, is_moderator, &author_ids).await?;
        let mut liked = HashSet::new();
        if let Some(v) = viewer {
            let all: Vec<&PostRecord> = posts.iter().chain(originals.values()).collect();
            let like_keys: Vec<Key> = all.iter().map(|p| keys::post_like(&p.id, v)).collect();
            for chunk in like_keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
                for item in platform.store.batch_get(chunk).await? {
                    if let Some(pk) = item.get("pk").and_then(|v| v.as_str()) {
                        liked.insert(pk.trim_start_matches("POST#").to_owned());
                    }
                }
            }
        }
        Ok(Self {
            audience,
            authors: users,
            originals,
            liked,
            mention_names,
        })
    }

    pub fn author(&self, post: &PostRecord) -> Option<&UserRecord> {
        self.authors.get(&post.author_id)
    }

    /// Whether the viewer may see the post (its author still exists and lets them).
    pub fn visible(&self, post: &PostRecord) -> bool {
        self.author(post)
            .is_some_and(|a| self.audience.can_see(post, a))
    }

    pub async fn view(
        &self,
        platform: &Platform,
        post: &PostRecord,
    ) -> Result<Option<PostView>, ApiError> {
        let Some(author) = self.author(post).filter(|a| self.audience.can_see(post, a)) else {
            return Ok(None);
        };
        let shared = match post
            .shared_post_id
            .as_ref()
            .and_then(|id| self.originals.get(id))
        {
            Some(original) => Box::pin(self.view_plain(platform, original))
                .await?
                .map(Box::new),
            None => None,
        };
        let mut view = self.build(platform, post, author).await?;
        view.shared = shared;
        Ok(Some(view))
    }

    async fn view_plain(
        &self,
        platform: &Platform,
        post: &PostRecord,
    ) -> Result<Option<PostView>, ApiError> {
        match self.author(post).filter(|a| self.audience.can_see(post, a)) {
            Some(author) => Ok(Some(self.build(platform, post, author).await?)),
            None => Ok(None),
        }
    }

    async fn build(
        &self,
        platform: &Platform,
        post: &PostRecord,
        author: &UserRecord,
    ) -> Result<PostView, ApiError> {
        let mut photos = Vec::with_capacity(post.photos.len());
        for p in &post.photos {
            photos.push(photo(platform, p).await?);
        }
        Ok(PostView {
            id: post.id.clone(),
            author: directory::summary(platform, author).await?,
            text: post.text.clone(),
            photos,
            hashtags: post.hashtags.clone(),
            mentions: post
                .mentions
                .iter()
                .filter_map(|id| self.mention_names.get(id).cloned())
                .collect(),
            neighbourhood: post.neighbourhood.clone(),
            visibility: post.visibility,
            created_at: post.created_at,
            edited_at: post.edited_at,
            counts: PostCounts {
                likes: post.like_count.max(0),
                comments: post.comment_count.max(0),
                shares: post.share_count.max(0),
            },
            liked: self.liked.contains(&post.id),
            shared: None,
            status: post.status,
        })
    }

    /// Views of the posts the viewer may see, in order; muted authors left out when `in_feed`.
    pub async fn views(
        &self,
        platform: &Platform,
        posts: &[PostRecord],
        in_feed: bool,
    ) -> Result<Vec<PostView>, ApiError> {
        let mut out = Vec::new();
        for post in posts {
            if in_feed && self.audience.muted(&post.author_id) {
                continue;
            }
            if let Some(view) = self.view(platform, post).await? {
                out.push(view);
            }
        }
        Ok(out)
    }
}

pub async fn comment_views(
    platform: &Platform,
    viewer: Option<&str>,
    comments: &[CommentRecord],
) -> Result<Vec<CommentView>, ApiError> {
    let author_ids: Vec<String> = comments
        .iter()
        .map(|c| c.author_id.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let authors: HashMap<String, UserRecord> = directory::load_many(platform, &author_ids)
        .await?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let audience = Audience::load(
        platform,
        viewer,
        false,
        &author_ids.iter().cloned().collect(),
    )
    .await?;
    let mut liked = HashSet::new();
    if let Some(v) = viewer {
        let like_keys: Vec<Key> = comments
            .iter()
            .map(|c| keys::comment_like(&c.id, v))
            .collect();
        for chunk in like_keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
            for item in platform.store.batch_get(chunk).await? {
                if let Some(pk) = item.get("pk").and_then(|v| v.as_str()) {
                    liked.insert(pk.trim_start_matches("COMMENT#").to_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    for c in comments {
        let Some(author) = authors.get(&c.author_id) else {
            continue;
        };
        if audience.blocked(&c.author_id) {
            continue;
        }
        out.push(CommentView {
            id: c.id.clone(),
            post_id: c.post_id.clone(),
            author: directory::summary(platform, author).await?,
            text: c.text.clone(),
            created_at: c.created_at,
            edited_at: c.edited_at,
            likes: c.like_count.max(0),
            liked: liked.contains(&c.id),
        });
    }
    Ok(out)
}
