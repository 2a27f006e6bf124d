//! The envelope of the WebSocket protocol (docs/realtime.md): every frame is a JSON object with a
//! `type` and the protocol version `v`; a client may add an `id` that the answer echoes.

use serde_json::{Map, Value, json};

pub const PROTOCOL_VERSION: u32 = 1;

/// Frames larger than this are refused (API Gateway's own frame limit is 32 KB).
pub const MAX_FRAME_BYTES: usize = 32 * 1024;

/// A server frame of this type with these fields.
pub fn frame(kind: &str, fields: Value) -> Value {
    let mut map = Map::new();
    map.insert("type".into(), kind.into());
    map.insert("v".into(), PROTOCOL_VERSION.into());
    if let Value::Object(fields) = fields {
        map.extend(fields);
    }
    Value::Object(map)
}

pub fn error(code: &str, message: &str, id: Option<&Value>) -> Value {
    frame(
        "error",
        json!({"code": code, "message": message, "id": id.cloned().unwrap_or(Value::Null)}),
    )
}

/// The client's correlation id, if it sent a usable one (a short string or a number).
pub fn correlation(frame: &Map<String, Value>) -> Option<Value> {
    match frame.get("id") {
        Some(Value::String(s)) if s.len() <= 64 => Some(Value::String(s.clone())),
        Some(Value::Number(n)) => Some(Value::Number(n.clone())),
        _ => None,
    }
}

/// The frame as a JSON object, or the error frame that explains why not.
pub fn parse(bytes: &[u8]) -> Result<Map<String, Value>, Value> {
    if bytes.len() > MAX_FRAME_BYTES {
        return Err(error(
            "frame_too_large",
            "frames are limited to 32 KiB",
            None,
        ));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(error(
            "invalid_frame",
            "a frame is a JSON object with a `type`",
            None,
        )),
        Err(_) => Err(error("invalid_frame", "a frame must be JSON", None)),
    }
}

/// A string field of a client frame, present and at most `max` bytes long.
pub fn string_field<'a>(
    frame: &'a Map<String, Value>,
    name: &str,
    max: usize,
) -> Result<&'a str, Value> {
    match frame.get(name) {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= max => Ok(s),
        Some(_) => Err(error(
            "invalid_field",
            &format!("`{name}` must be a non-empty string of at most {max} bytes"),
            frame.get("id"),
        )),
        None => Err(error(
            "missing_field",
            &format!("`{name}` is required"),
            frame.get("id"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_carry_type_version_and_fields() {
        let f = frame("pong", json!({"id": 7}));
        assert_eq!(f["type"], "pong");
        assert_eq!(f["v"], PROTOCOL_VERSION);
        assert_eq!(f["id"], 7);
    }

    #[test]
    fn parsing_refuses_what_is_not_an_object() {
        assert_eq!(parse(b"[1]").unwrap_err()["code"], "invalid_frame");
        assert_eq!(parse(b"nope").unwrap_err()["code"], "invalid_frame");
        let big = vec![b' '; MAX_FRAME_BYTES + 1];
        assert_eq!(parse(&big).unwrap_err()["code"], "frame_too_large");
        assert!(parse(br#"{"type":"ping"}"#).is_ok());
    }

    #[test]
    fn correlation_ids_are_bounded() {
        let f = parse(br#"{"type":"ping","id":"abc"}"#).unwrap_or_default();
        assert_eq!(correlation(&f), Some(json!("abc")));
        let long = format!(r#"{{"type":"ping","id":"{}"}}"#, "x".repeat(65));
        let f = parse(long.as_bytes()).unwrap_or_default();
        assert_eq!(correlation(&f), None);
    }
}
