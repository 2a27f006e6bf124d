//! Chat: one-to-one and group conversations, messages, read receipts, typing, search.
//!
//! - [`keys`]: where conversations, members and messages live in the table;
//! - [`model`]: stored records and the views the API shows;
//! - [`rules`]: who may message whom (blocks, "who may message me");
//! - [`conversations`]: creating, listing, membership, rename, mute, delete-for-me;
//! - [`messages`]: sending, editing, deleting, history, read pointers;
//! - [`delivery`]: what a change pushes to members' connections and notifies;
//! - [`search`]: message search over one's own conversations.

pub mod conversations;
pub mod delivery;
pub mod keys;
pub mod messages;
pub mod model;
pub mod privacy;
pub mod rules;
pub mod search;
