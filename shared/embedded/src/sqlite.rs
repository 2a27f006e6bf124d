//! Opening the SQLite files of the embedded engines the same way.

use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another connection's lock before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (or creates) a database file with its directory, applies `schema` (idempotent DDL) and
/// refuses a file written by a newer program. `what` names the store in messages.
pub(crate) fn open_database(
    path: &Path,
    schema: &str,
    schema_version: i64,
    what: &str,
) -> Result<Connection, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|err| {
            tracing::error!(error = %err, dir = %dir.display(), store = what, "cannot create the store directory");
            err.to_string()
        })?;
    }
    let conn = Connection::open(path).map_err(|e| e.to_string())?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| e.to_string())?;
    // WAL lets readers proceed during a write; NORMAL sync survives a crash of the process, which is
    // what a local store needs.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| e.to_string())?;
    conn.execute_batch(schema).map_err(|e| e.to_string())?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version > schema_version {
        return Err(format!(
            "the {what} file has schema version {version}, newer than this program's {schema_version}"
        ));
    }
    conn.pragma_update(None, "user_version", schema_version)
        .map_err(|e| e.to_string())?;
    Ok(conn)
}
