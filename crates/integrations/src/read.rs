//! Reading other services' answers, bounded while reading: a service (or something posing as one)
//! that answers with gigabytes costs us at most the limit, never memory without end.

/// The most of an API's JSON answer read (Slack, Gmail, Google sign-in).
pub(crate) const MAX_API_ANSWER: usize = 1024 * 1024;
/// The most of an error answer read, for its excerpt in a message.
pub(crate) const MAX_ERROR_TEXT: usize = 64 * 1024;

/// The first `max` bytes of a response body, and whether there was more (left unread).
pub(crate) async fn prefix(mut response: reqwest::Response, max: usize) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if bytes.len() + chunk.len() > max {
            bytes.extend_from_slice(&chunk[..max - bytes.len()]);
            return Ok((bytes, true));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((bytes, false))
}

/// An answer's text for messages: at most [`MAX_ERROR_TEXT`] bytes of it, empty if it broke off.
pub(crate) async fn error_text(response: reqwest::Response) -> String {
    match prefix(response, MAX_ERROR_TEXT).await {
        Ok((bytes, _)) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    }
}

/// An API's JSON answer, at most [`MAX_API_ANSWER`] bytes; `Null` when it is not JSON, broke off
/// or is larger (the callers then report the status).
pub(crate) async fn json(response: reqwest::Response) -> serde_json::Value {
    match prefix(response, MAX_API_ANSWER).await {
        Ok((bytes, false)) => serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        _ => serde_json::Value::Null,
    }
}
