//! A mail server on 127.0.0.1 that speaks just enough SMTP (no TLS, no login) to accept messages —
//! EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT — and records each one's recipients and subject, so a
//! test sees what a workflow mailed.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A message the server accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
}

/// The server.
#[derive(Clone)]
pub struct FakeSmtp {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl FakeSmtp {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let port = listener.local_addr().expect("an address").port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&mails);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let mails = Arc::clone(&kept);
                tokio::spawn(async move {
                    let _ = session(socket, mails).await;
                });
            }
        });
        Self { port, mails }
    }

    /// Every message accepted so far.
    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    /// Forgets the messages so far.
    pub fn clear(&self) {
        self.mails.lock().unwrap().clear();
    }
}

async fn session(socket: tokio::net::TcpStream, mails: Arc<Mutex<Vec<Mail>>>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 fake ESMTP\r\n").await?;
    let (mut from, mut to, mut data, mut in_data) = (String::new(), Vec::new(), Vec::<String>::new(), false);
    while let Some(line) = lines.next_line().await? {
        if in_data {
            if line == "." {
                in_data = false;
                let subject = data
                    .iter()
                    .take_while(|l| !l.is_empty())
                    .find_map(|l| l.strip_prefix("Subject:").map(|s| s.trim().to_string()))
                    .unwrap_or_default();
                mails.lock().unwrap().push(Mail { from: from.clone(), to: std::mem::take(&mut to), subject });
                data.clear();
                write.write_all(b"250 queued\r\n").await?;
            } else {
                data.push(line);
            }
            continue;
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-fake\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&line);
            b"250 ok\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&line));
            b"250 ok\r\n"
        } else if upper == "DATA" {
            in_data = true;
            b"354 go on\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else if upper.starts_with("HELO") || upper.starts_with("RSET") || upper.starts_with("NOOP") {
            b"250 ok\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
    Ok(())
}

/// The address in `MAIL FROM:<a@b>` or `RCPT TO:<a@b>`.
fn address(line: &str) -> String {
    let rest = line.split_once(':').map(|(_, r)| r).unwrap_or_default();
    rest.split_whitespace().next().unwrap_or_default().trim_matches(['<', '>']).to_string()
}
