//! Keys of the chat items (docs/data-model.md lists the access patterns).

use rouen_ports::Key;

pub fn partition(conversation_id: &str) -> String {
    format!("CONV#{conversation_id}")
}

pub fn conversation(conversation_id: &str) -> Key {
    Key::new(partition(conversation_id), "META")
}

pub const MEMBER_PREFIX: &str = "MEMBER#";
pub const MESSAGE_PREFIX: &str = "MSG#";

pub fn member(conversation_id: &str, user_id: &str) -> Key {
    Key::new(
        partition(conversation_id),
        format!("{MEMBER_PREFIX}{user_id}"),
    )
}

pub fn message_sk(message_id: &str) -> String {
    format!("{MESSAGE_PREFIX}{message_id}")
}

pub fn message(conversation_id: &str, message_id: &str) -> Key {
    Key::new(partition(conversation_id), message_sk(message_id))
}

/// The one conversation between two residents, whoever started it.
pub fn direct(a: &str, b: &str) -> Key {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    Key::new(format!("DIRECT#{first}#{second}"), "DIRECT")
}

/// A message a client sent with its own id: a retry returns the first one instead of a duplicate.
pub fn client_message(conversation_id: &str, user_id: &str, client_id: &str) -> Key {
    Key::new(
        partition(conversation_id),
        format!("CLIENTMSG#{user_id}#{client_id}"),
    )
}

/// Secondary-index partitions.
pub mod index {
    /// gsi1 on member items: a resident's conversations by last activity.
    pub fn inbox(user_id: &str) -> String {
        format!("INBOX#{user_id}")
    }
    /// gsi2 on message items: a resident's messages (export, erasure).
    pub fn messages_by(user_id: &str) -> String {
        format!("MSGBY#{user_id}")
    }
}

/// The search document of a message; its category is the conversation, which search filters on.
pub fn search_id(conversation_id: &str, message_id: &str) -> String {
    format!("message:{conversation_id}:{message_id}")
}

pub fn parse_search_id(id: &str) -> Option<(&str, &str)> {
    id.strip_prefix("message:")?.split_once(':')
}
