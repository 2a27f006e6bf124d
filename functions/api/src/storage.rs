//! Small helpers over the item store that several services need.

use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Item, Query};

/// Every item of a partition (of the table or an index), page after page. For erasure, exports and
/// clean-ups, never for a request that answers a list (those page with cursors).
pub async fn drain(platform: &Platform, query: Query) -> Result<Vec<Item>, ApiError> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = platform
            .store
            .query(&query.clone().limit(200).after(cursor))
            .await?;
        out.extend(page.items);
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(out),
        }
    }
}
