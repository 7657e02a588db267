//! An email built from a node's params (`to`, `subject`, `text`, optional `html`, `cc`, `bcc`,
//! `replyTo`), shared by SMTP and Gmail.

use crate::connection::ConnectorError;
use lettre::Message;
use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use serde_json::Value;

/// Builds the message; errors name the param at fault.
pub fn build(from: &str, params: &Value) -> Result<Message, ConnectorError> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| ConnectorError::permanent(format!("the sender '{from}' is not an email address: {e}")))?;
    let mut builder = Message::builder().from(from);
    let mut any_recipient = false;
    for (field, add) in [("to", 0), ("cc", 1), ("bcc", 2)] {
        for address in addresses(params, field) {
            let mailbox: Mailbox = address.parse().map_err(|e| {
                ConnectorError::permanent(format!("params.{field}: '{address}' is not an email address: {e}"))
            })?;
            any_recipient = true;
            builder = match add {
                0 => builder.to(mailbox),
                1 => builder.cc(mailbox),
                _ => builder.bcc(mailbox),
            };
        }
    }
    if !any_recipient {
        return Err(ConnectorError::permanent("params.to: at least one recipient is required"));
    }
    if let Some(reply_to) = params.get("replyTo").and_then(Value::as_str) {
        let mailbox: Mailbox =
            reply_to.parse().map_err(|e| ConnectorError::permanent(format!("params.replyTo: {e}")))?;
        builder = builder.reply_to(mailbox);
    }
    let subject = params.get("subject").and_then(Value::as_str).unwrap_or("");
    let text = params.get("text").and_then(Value::as_str).unwrap_or("").to_string();
    let html = params.get("html").and_then(Value::as_str).map(str::to_string);
    if text.is_empty() && html.is_none() {
        return Err(ConnectorError::permanent("params.text: the email has no text"));
    }
    let builder = builder.subject(subject);
    let message = match html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html)),
        ),
        None => builder.header(ContentType::TEXT_PLAIN).body(text),
    };
    message.map_err(|e| ConnectorError::permanent(format!("the email could not be built: {e}")))
}

/// A param holding one address, a comma-separated list, or a JSON list.
fn addresses(params: &Value, field: &str) -> Vec<String> {
    match params.get(field) {
        Some(Value::String(s)) => s.split(',').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}
