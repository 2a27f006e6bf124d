//! Who may see whose posts: blocks both ways, private accounts, followers-only posts, mutes (which
//! only keep posts out of feeds). Looked up in one batch for every author of a page.

use super::model::{PostRecord, PostStatus, Visibility};
use crate::accounts::keys as account_keys;
use crate::accounts::model::UserRecord;
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::Key;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub struct Audience {
    pub viewer: Option<String>,
    pub is_moderator: bool,
    blocked: HashSet<String>,
    following: HashSet<String>,
    muted: HashSet<String>,
}

impl Audience {
    /// What the viewer's relations with these authors are.
    pub async fn load(
        platform: &Platform,
        viewer: Option<&str>,
        is_moderator: bool,
        authors: &HashSet<String>,
    ) -> Result<Self, ApiError> {
        let mut audience = Self {
            viewer: viewer.map(str::to_owned),
            is_moderator,
            ..Self::default()
        };
        let Some(v) = viewer else {
            return Ok(audience);
        };
        let mut keys: Vec<(Key, &str, u8)> = Vec::new();
        for author in authors.iter().filter(|a| a.as_str() != v) {
            keys.push((account_keys::block(author, v), author, 0));
            keys.push((account_keys::block(v, author), author, 0));
            keys.push((account_keys::follow(v, author), author, 1));
            keys.push((account_keys::mute(v, author), author, 2));
        }
        let by_key: HashMap<Key, (&str, u8)> = keys
            .iter()
            .map(|(k, a, kind)| (k.clone(), (*a, *kind)))
            .collect();
        let all: Vec<Key> = keys.iter().map(|(k, _, _)| k.clone()).collect();
        for chunk in all.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
            for item in platform.store.batch_get(chunk).await? {
                let Some(key) = Key::of(&item) else { continue };
                if let Some((author, kind)) = by_key.get(&key) {
                    let set = match kind {
                        0 => &mut audience.blocked,
                        1 => &mut audience.following,
                        _ => &mut audience.muted,
                    };
                    set.insert((*author).to_owned());
                }
            }
        }
        Ok(audience)
    }

    pub fn is_self(&self, author: &str) -> bool {
        self.viewer.as_deref() == Some(author)
    }

    pub fn blocked(&self, author: &str) -> bool {
        self.blocked.contains(author)
    }

    pub fn muted(&self, author: &str) -> bool {
        self.muted.contains(author)
    }

    pub fn follows(&self, author: &str) -> bool {
        self.following.contains(author)
    }

    /// Whether the viewer may read this post by this author.
    pub fn can_see(&self, post: &PostRecord, author: &UserRecord) -> bool {
        if self.is_self(&post.author_id) {
            return true;
        }
        match post.status {
            PostStatus::Visible => {}
            PostStatus::Held | PostStatus::Hidden => return self.is_moderator,
        }
        if self.blocked(&post.author_id) {
            return false;
        }
        let needs_follow = author.private_account || post.visibility == Visibility::Followers;
        !needs_follow || self.follows(&post.author_id)
    }
}
