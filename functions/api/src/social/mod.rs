//! The social core: posts, photos, comments, likes, shares, reports, and the home, local, author and
//! hashtag feeds.

pub mod affinity;
pub mod audience;
pub mod cleanup;
pub mod comments;
pub mod digest;
pub mod erasure;
pub mod feeds;
pub mod keys;
pub mod likes;
pub mod model;
pub mod moderation;
pub mod notification_prefs;
pub mod notifications;
pub mod posts;
pub mod ranking;
pub mod render;
pub mod search;
pub mod text;
pub mod trending;
