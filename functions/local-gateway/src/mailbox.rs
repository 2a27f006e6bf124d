//! `/dev/mailbox`: the messages the local mailer "sent", for developers (verification links...).

use axum::extract::State;
use axum::response::Html;
use std::sync::Arc;

use crate::server::GatewayState;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Escapes the text and turns the web app's links into anchors, so a developer can click through a
/// verification or reset mail.
fn linkify(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let words: Vec<String> = line
            .split(' ')
            .map(|word| {
                if word.starts_with("http://") || word.starts_with("https://") {
                    let safe = escape(word);
                    format!("<a href=\"{safe}\">{safe}</a>")
                } else {
                    escape(word)
                }
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    out
}

/// The same messages as JSON, for scripts.
pub async fn json(State(state): State<Arc<GatewayState>>) -> axum::Json<Vec<serde_json::Value>> {
    let messages = state.engines.outbox.list(100).await.unwrap_or_default();
    axum::Json(
        messages
            .into_iter()
            .map(|m| {
                serde_json::json!({
                    "to": m.to, "subject": m.subject, "template": m.template, "lang": m.lang,
                    "sent_at": m.sent_at, "text": m.text,
                })
            })
            .collect(),
    )
}

pub async fn page(State(state): State<Arc<GatewayState>>) -> Html<String> {
    let messages = state.engines.outbox.list(100).await.unwrap_or_default();
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dev mailbox · Rouen Social</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>\
         <main><h1>Dev mailbox</h1><p>E-mails the local platform sent (newest first).</p>",
    );
    if messages.is_empty() {
        html.push_str("<p>No message yet.</p>");
    }
    for m in messages {
        html.push_str(&format!(
            "<article><h2>{}</h2><p>To <strong>{}</strong> · {} · {} · {}</p><pre>{}</pre></article><hr>",
            escape(&m.subject),
            escape(&m.to),
            escape(&m.template),
            escape(&m.lang),
            escape(&m.sent_at.to_rfc3339()),
            linkify(&m.text)
        ));
    }
    html.push_str("</main></body></html>");
    Html(html)
}
