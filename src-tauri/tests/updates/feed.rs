//! A stand-in for the update feed on 127.0.0.1, and a throwaway signing key.
//!
//! The server is a plain HTTP/1.1 server (one request per connection) so that a test can also cut a
//! download short on purpose: `/cut/NAME` announces the whole file's length and closes after half.
//! Signatures are minisign's (the Tauri signer's format), made here with ring's Ed25519, so the app
//! verifies them exactly as it verifies a release signed by `tauri signer sign`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{Ed25519KeyPair, KeyPair};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A minisign key pair.
pub struct Key {
    pair: Ed25519KeyPair,
    id: [u8; 8],
}

impl Key {
    pub fn generate() -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let mut id = [0u8; 8];
        rng.fill(&mut id).unwrap();
        Self { pair: Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap(), id }
    }

    /// The public key as the app takes it: the base64 of a `minisign.pub` file.
    pub fn public(&self) -> String {
        let mut bin = b"Ed".to_vec();
        bin.extend_from_slice(&self.id);
        bin.extend_from_slice(self.pair.public_key().as_ref());
        B64.encode(format!(
            "untrusted comment: minisign public key {:016X}\n{}\n",
            u64::from_le_bytes(self.id),
            B64.encode(bin)
        ))
    }

    /// The signature of `data` for `version`, as it goes into the manifest: the base64 of a `.sig`
    /// file whose trusted comment names the version, as the Tauri signer writes it.
    pub fn sign(&self, data: &[u8], version: &str) -> String {
        let signature = self.pair.sign(data);
        let mut bin = b"Ed".to_vec();
        bin.extend_from_slice(&self.id);
        bin.extend_from_slice(signature.as_ref());
        let trusted = format!("timestamp:1764496800\tfile:neuroflow-hub\tversion:{version}");
        let mut global = signature.as_ref().to_vec();
        global.extend_from_slice(trusted.as_bytes());
        let global = self.pair.sign(&global);
        B64.encode(format!(
            "untrusted comment: signature from tauri secret key\n{}\ntrusted comment: {trusted}\n{}\n",
            B64.encode(bin),
            B64.encode(global.as_ref())
        ))
    }
}

/// The feed: a manifest at `/feed.json` and files under `/files/` (and `/cut/`).
#[derive(Clone, Default)]
pub struct Feed {
    manifest: Arc<Mutex<String>>,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Feed {
    /// Serves on a free port of 127.0.0.1 until the test process ends; returns the base address.
    pub fn serve(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let feed = self.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let feed = feed.clone();
                std::thread::spawn(move || feed.answer(stream));
            }
        });
        base
    }

    pub fn set_manifest(&self, manifest: serde_json::Value) {
        *self.manifest.lock().unwrap() = manifest.to_string();
    }

    pub fn put(&self, name: &str, bytes: &[u8]) {
        self.files.lock().unwrap().insert(name.to_string(), bytes.to_vec());
    }

    /// The paths asked for so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    fn answer(&self, mut stream: TcpStream) {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).map(|n| n == 1).unwrap_or(false) {
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
        self.requests.lock().unwrap().push(path.clone());
        let file = |name: &str| self.files.lock().unwrap().get(name).cloned();
        let (status, body, cut) = if path == "/feed.json" {
            ("200 OK", self.manifest.lock().unwrap().clone().into_bytes(), false)
        } else if let Some(bytes) = path.strip_prefix("/files/").and_then(file) {
            ("200 OK", bytes, false)
        } else if let Some(bytes) = path.strip_prefix("/cut/").and_then(file) {
            ("200 OK", bytes, true)
        } else {
            ("404 Not Found", b"not here".to_vec(), false)
        };
        let header = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
        let _ = stream.write_all(header.as_bytes());
        let sent = if cut { &body[..body.len() / 2] } else { &body[..] };
        let _ = stream.write_all(sent);
        let _ = stream.flush();
        // Dropping the stream closes the connection; a cut download ends here, short.
    }
}
