//! Where account data lives in the table (see docs/data-model.md for the whole access-pattern table).

use rouen_ports::Key;

pub fn user_pk(user_id: &str) -> String {
    format!("USER#{user_id}")
}

pub fn profile(user_id: &str) -> Key {
    Key::new(user_pk(user_id), "PROFILE")
}

/// The password hash lives apart from the profile so that reading a profile never loads it.
pub fn credentials(user_id: &str) -> Key {
    Key::new(user_pk(user_id), "CRED")
}

/// Uniqueness guard and lookup of an e-mail address (lower-cased).
pub fn email(email_lc: &str) -> Key {
    Key::new(format!("EMAIL#{email_lc}"), "EMAIL")
}

/// Uniqueness guard and lookup of a username (lower-cased).
pub fn username(username_lc: &str) -> Key {
    Key::new(format!("UNAME#{username_lc}"), "UNAME")
}

pub fn session(user_id: &str, family: &str) -> Key {
    Key::new(user_pk(user_id), format!("SESSION#{family}"))
}

pub fn refresh_token(hash: &str) -> Key {
    Key::new(format!("REFRESH#{hash}"), "TOKEN")
}

pub fn email_token(hash: &str) -> Key {
    Key::new(format!("EMAILTOKEN#{hash}"), "TOKEN")
}

pub fn known_device(user_id: &str, hash: &str) -> Key {
    Key::new(user_pk(user_id), format!("DEVICE#{hash}"))
}

pub fn export(user_id: &str, export_id: &str) -> Key {
    Key::new(user_pk(user_id), format!("EXPORT#{export_id}"))
}

/// `follower` follows `followee`.
pub fn follow(follower: &str, followee: &str) -> Key {
    Key::new(user_pk(follower), format!("FOLLOWS#{followee}"))
}

/// `requester` asked to follow the private account `target`.
pub fn follow_request(target: &str, requester: &str) -> Key {
    Key::new(user_pk(target), format!("FOLLOWREQ#{requester}"))
}

pub fn block(blocker: &str, blocked: &str) -> Key {
    Key::new(user_pk(blocker), format!("BLOCKS#{blocked}"))
}

pub fn mute(muter: &str, muted: &str) -> Key {
    Key::new(user_pk(muter), format!("MUTES#{muted}"))
}

/// Index partitions (gsi1 unless said otherwise).
pub mod index {
    pub fn followers(user_id: &str) -> String {
        format!("FOLLOWERS#{user_id}")
    }
    /// On gsi2.
    pub fn following(user_id: &str) -> String {
        format!("FOLLOWING#{user_id}")
    }
    pub fn follow_requests(user_id: &str) -> String {
        format!("FOLLOWREQS#{user_id}")
    }
    /// On gsi2: the requests a user made (so erasing them finds them).
    pub fn requested_by(user_id: &str) -> String {
        format!("REQUESTEDBY#{user_id}")
    }
    pub fn blocked_by(user_id: &str) -> String {
        format!("BLOCKEDBY#{user_id}")
    }
    pub fn muted_by(user_id: &str) -> String {
        format!("MUTEDBY#{user_id}")
    }
    /// Refresh-token and e-mail-token items of a user (so erasing them finds them).
    pub fn tokens(user_id: &str) -> String {
        format!("TOKENS#{user_id}")
    }
}
