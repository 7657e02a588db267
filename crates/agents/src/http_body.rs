//! Reading answers bounded while reading: a provider or a fetched page that answers with gigabytes
//! costs at most the limit.

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
