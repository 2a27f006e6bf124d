//! The real-time layer shared by every service: single-use tickets that open a WebSocket, the
//! registry of open connections per resident, pushing frames to them, and presence.
//!
//! The protocol itself is described in docs/realtime.md; [`frames`] holds its envelope.

pub mod browser_push;
pub mod connections;
pub mod frames;
pub mod presence;
pub mod tickets;
