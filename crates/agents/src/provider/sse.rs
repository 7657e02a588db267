//! Server-sent events, as every provider streams them: lines of `field: value`, events separated by
//! a blank line. Bytes arrive in arbitrary chunks (a UTF-8 character or a line may be split); the
//! decoder buffers until an event is complete.

/// One event: its `event:` name (if any) and its `data:` lines joined by newlines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
}

/// The most an unfinished event may hold before the stream is refused as malformed.
const MAX_PENDING: usize = 8 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct SseDecoder {
    buffer: Vec<u8>,
    current: SseEvent,
    has_data: bool,
}

impl SseDecoder {
    /// Feeds a chunk; answers with the events it completed. Fails only when an event grows past
    /// the limit.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, &'static str> {
        self.buffer.extend_from_slice(chunk);
        if self.buffer.len() > MAX_PENDING {
            return Err("an event of the stream is larger than 8 MiB");
        }
        let mut events = Vec::new();
        while let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
            let mut line: Vec<u8> = self.buffer.drain(..=end).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let line = String::from_utf8_lossy(&line);
            self.line(&line, &mut events);
        }
        Ok(events)
    }

    /// Ends the stream: an event not followed by a blank line still counts.
    pub fn finish(&mut self) -> Option<SseEvent> {
        if !self.buffer.is_empty() {
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.buffer)).into_owned();
            let mut events = Vec::new();
            self.line(rest.trim_end_matches('\r'), &mut events);
        }
        self.has_data.then(|| {
            self.has_data = false;
            std::mem::take(&mut self.current)
        })
    }

    fn line(&mut self, line: &str, events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_data {
                events.push(std::mem::take(&mut self.current));
                self.has_data = false;
            } else {
                self.current = SseEvent::default();
            }
            return;
        }
        if line.starts_with(':') {
            return; // a comment (keep-alive)
        }
        let (field, value) = line.split_once(':').map_or((line, ""), |(f, v)| (f, v.strip_prefix(' ').unwrap_or(v)));
        match field {
            "event" => self.current.event = Some(value.to_string()),
            "data" => {
                if self.has_data {
                    self.current.data.push('\n');
                }
                self.current.data.push_str(value);
                self.has_data = true;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_survive_any_chunking() {
        let stream = "event: message_start\ndata: {\"a\":1}\n\n: keep-alive\n\ndata: line one\r\ndata: line two\r\n\r\ndata: [DONE]\n\n";
        let whole = SseDecoder::default().feed(stream.as_bytes()).unwrap();
        assert_eq!(whole.len(), 3);
        assert_eq!(whole[0], SseEvent { event: Some("message_start".into()), data: "{\"a\":1}".into() });
        assert_eq!(whole[1].data, "line one\nline two");
        assert_eq!(whole[2].data, "[DONE]");
        for size in 1..7 {
            let mut decoder = SseDecoder::default();
            let mut events = Vec::new();
            for chunk in stream.as_bytes().chunks(size) {
                events.extend(decoder.feed(chunk).unwrap());
            }
            assert_eq!(events, whole, "chunks of {size} bytes");
        }
    }

    #[test]
    fn a_last_event_without_a_blank_line_counts() {
        let mut decoder = SseDecoder::default();
        assert!(decoder.feed(b"data: {\"x\":1}").unwrap().is_empty());
        assert_eq!(decoder.finish().unwrap().data, "{\"x\":1}");
    }
}
