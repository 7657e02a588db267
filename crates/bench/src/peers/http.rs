//! One POST on a fresh connection, answer read whole: enough to wait for a server to come up and to
//! check, before any load, that it gives the expected answer (a server answering 404 or an error
//! page fast would otherwise "win").

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Status and body of `POST path` with a JSON body, or why there was none.
pub fn post(port: u16, path: &str, body: &str) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").ok_or("no complete answer")?;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("no status line")?;
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    Ok((status, if chunked { dechunk(rest) } else { rest.to_string() }))
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

/// Waits until `POST path` answers 200 with `expected` (as JSON), for up to `timeout`.
pub fn wait_for_answer(port: u16, path: &str, body: &str, expected: &Value, timeout: Duration) -> Result<(), String> {
    let start = Instant::now();
    let mut last = String::from("nothing listening");
    while start.elapsed() < timeout {
        match post(port, path, body) {
            Ok((200, text)) => match serde_json::from_str::<Value>(&text) {
                Ok(v) if &v == expected => return Ok(()),
                _ => return Err(format!("{path} answered {text}, expected {expected}")),
            },
            Ok((status, text)) => last = format!("HTTP {status}: {}", text.chars().take(200).collect::<String>()),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("{path} gave no correct answer within {} s (last: {last})", timeout.as_secs()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn joins_chunks() {
        assert_eq!(super::dechunk("4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"), "{\"a\":1}");
    }
}
