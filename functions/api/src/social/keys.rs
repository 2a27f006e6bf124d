//! Where posts, comments, likes and feeds live in the table (docs/data-model.md lists every access).

use rouen_ports::Key;

pub fn post(post_id: &str) -> Key {
    Key::new(format!("POST#{post_id}"), "POST")
}

pub fn post_edit(post_id: &str, at: &str) -> Key {
    Key::new(format!("POST#{post_id}"), format!("EDIT#{at}"))
}

pub fn post_like(post_id: &str, user_id: &str) -> Key {
    Key::new(format!("POST#{post_id}"), format!("LIKE#{user_id}"))
}

pub fn comment(comment_id: &str) -> Key {
    Key::new(format!("COMMENT#{comment_id}"), "COMMENT")
}

pub fn comment_like(comment_id: &str, user_id: &str) -> Key {
    Key::new(format!("COMMENT#{comment_id}"), format!("LIKE#{user_id}"))
}

/// A post in a reader's home feed; the sort key orders it and makes redelivered fan-out idempotent.
pub fn feed_item(reader: &str, sort: &str) -> Key {
    Key::new(format!("FEED#{reader}"), sort)
}

pub fn feed_partition(reader: &str) -> String {
    format!("FEED#{reader}")
}

/// One shard of one day of the city-wide local feed.
pub fn local_partition(day: &str, shard: u32) -> String {
    format!("LOCAL#{day}#{shard}")
}

pub fn neighbourhood_partition(neighbourhood: &str) -> String {
    format!("LOCALN#{neighbourhood}")
}

pub fn hashtag_partition(tag: &str) -> String {
    format!("TAG#{tag}")
}

pub fn report(report_id: &str) -> Key {
    Key::new(format!("REPORT#{report_id}"), "REPORT")
}

/// Accounts with so many followers that their posts are merged into feeds at read time.
pub fn large_account(user_id: &str) -> Key {
    Key::new("LARGE#ACCOUNTS", user_id)
}

pub const LARGE_ACCOUNTS: &str = "LARGE#ACCOUNTS";

pub fn pending_image(user_id: &str, upload_id: &str) -> Key {
    Key::new(format!("USER#{user_id}"), format!("UPLOAD#{upload_id}"))
}

/// Index partitions.
pub mod index {
    /// gsi1: a user's posts, newest first.
    pub fn author(user_id: &str) -> String {
        format!("AUTHOR#{user_id}")
    }
    /// gsi1: the comments of a post, in order.
    pub fn post_comments(post_id: &str) -> String {
        format!("POSTCOMMENTS#{post_id}")
    }
    /// gsi2: what a user wrote as comments (export, erasure).
    pub fn user_comments(user_id: &str) -> String {
        format!("USERCOMMENTS#{user_id}")
    }
    /// gsi2: what a user liked (export, erasure).
    pub fn user_likes(user_id: &str) -> String {
        format!("USERLIKES#{user_id}")
    }
    /// gsi1: the likes of a post, newest first.
    pub fn post_likes(post_id: &str) -> String {
        format!("POSTLIKES#{post_id}")
    }
    /// gsi1: reports waiting for a moderator.
    pub const OPEN_REPORTS: &str = "REPORTS#open";
}
