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
            escape(&m.text)
        ));
    }
    html.push_str("</main></body></html>");
    Html(html)
}
