//! `neuroflow serve` under a bounded attack on 127.0.0.1: for several seconds, clients call
//! webhooks whose workflows are hostile (a template that serializes a namespace containing itself,
//! one that doubles a string, one that writes 100 MB, a workflow that calls itself eight times
//! over), send bodies over the limit and hold hundreds of idle connections — while one client keeps
//! calling a normal webhook. Every normal request is answered correctly, the process stays up, and
//! its peak memory stays bounded.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The most memory `serve` may reach at its peak during the attack.
const PEAK_MEMORY_LIMIT_MB: u64 = 1024;

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn neuroflow(data: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("NEUROFLOW_ORG")
        .output()
        .unwrap();
    assert!(out.status.success(), "neuroflow {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn webhook(name: &str, path: &str, then: Value) -> Value {
    json!({ "format": 1, "name": name, "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": path } } }, then
    ], "edges": [{ "id": "e", "source": "t", "target": then["id"] }] })
}

/// `POST path` with `body` on a fresh connection; the status and the body (empty on a broken
/// connection, status 0).
async fn post(addr: &str, path: &str, body: &[u8]) -> (u16, String) {
    let attempt = async {
        let mut stream = TcpStream::connect(addr).await?;
        let head = format!(
            "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        let _ = stream.write_all(body).await; // a refused body may be cut off mid-write
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        std::io::Result::Ok(String::from_utf8_lossy(&answer).into_owned())
    };
    let answer = tokio::time::timeout(Duration::from_secs(60), attempt).await.ok().and_then(Result::ok);
    let answer = answer.unwrap_or_default();
    let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn peak_memory_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    kib / 1024
}

#[test]
fn serve_keeps_answering_normal_requests_while_hostile_ones_run() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    neuroflow(&data, &["org", "create", "Acme"]);
    let file = |name: &str, doc: &Value| {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, doc.to_string()).unwrap();
        path.to_string_lossy().into_owned()
    };
    let transform = |output: &str| json!({ "id": "make", "type": "transform", "data": { "output": output } });
    let hostile = [
        ("self", "{% set ns = namespace(a=1) %}{% set ns.me = ns %}{{ ns|tojson }}"),
        (
            "double",
            "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        ),
        ("flood", "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"),
    ];
    let mut docs = vec![("echo", webhook("Echo", "echo", transform("{{ input.body.name }}")))];
    for (path, template) in hostile {
        docs.push((path, webhook(path, path, transform(template))));
    }
    for (name, doc) in &docs {
        neuroflow(&data, &["workflow", "import", &file(name, doc)]);
    }
    // A workflow that calls itself eight times over, every time: bounded by the run tree's limits.
    let fork = webhook("Fork", "fork", json!({ "id": "make", "type": "transform", "data": { "output": 1 } }));
    let id = serde_json::from_str::<Value>(&neuroflow(&data, &["--json", "workflow", "import", &file("fork", &fork)]))
        .unwrap()["workflow"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let calls_itself = webhook(
        "Fork",
        "fork",
        json!({ "id": "make", "type": "subWorkflow", "data": {
            "workflowId": id, "forEach": "{{ [1, 2, 3, 4, 5, 6, 7, 8] }}", "input": {}, "concurrency": 8 } }),
    );
    neuroflow(&data, &["workflow", "update", &id, &file("fork2", &calls_itself)]);
    for name in ["Echo", "self", "double", "flood", "Fork"] {
        neuroflow(&data, &["workflow", "activate", name]);
    }

    let mut child = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let addr = first.trim().strip_prefix("Listening on http://").unwrap_or_else(|| panic!("serve said {first}"));
    let addr = addr.to_string();
    let pid = child.id();
    let mut serve = Serve(child);

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (normal, hostile_answers) = runtime.block_on(async move {
        let mut idle = Vec::new();
        for _ in 0..300 {
            idle.push(TcpStream::connect(addr.as_str()).await.unwrap());
        }
        let until = Instant::now() + Duration::from_secs(6);
        let mut attackers = Vec::new();
        for n in 0..4 {
            let addr = addr.clone();
            attackers.push(tokio::spawn(async move {
                let paths = ["/webhook/self", "/webhook/double", "/webhook/flood", "/webhook/fork"];
                let mut statuses = Vec::new();
                let mut i = n;
                while Instant::now() < until {
                    statuses.push(post(&addr, paths[i % paths.len()], b"{}").await.0);
                    i += 1;
                }
                statuses
            }));
        }
        let oversize = tokio::spawn({
            let addr = addr.clone();
            async move {
                let body = vec![b' '; 3 * 1024 * 1024];
                let mut statuses = Vec::new();
                while Instant::now() < until {
                    statuses.push(post(&addr, "/webhook/echo", &body).await.0);
                }
                statuses
            }
        });
        let mut normal = Vec::new();
        while Instant::now() < until {
            normal.push(post(&addr, "/webhook/echo", br#"{"name":"Ada"}"#).await);
        }
        let mut hostile = Vec::new();
        for a in attackers {
            hostile.extend(a.await.unwrap());
        }
        hostile.extend(oversize.await.unwrap());
        drop(idle);
        (normal, hostile)
    });

    assert!(serve.0.try_wait().unwrap().is_none(), "serve is still running");
    assert!(normal.len() >= 10, "normal requests kept being served: {}", normal.len());
    for (status, body) in &normal {
        assert_eq!((*status, body.as_str()), (200, "\"Ada\""), "every normal request is answered correctly");
    }
    assert!(!hostile_answers.is_empty());
    for status in &hostile_answers {
        assert!([502, 413].contains(status), "hostile requests fail as runs (502) or too large (413): {status}");
    }
    let peak = peak_memory_mb(pid);
    assert!(peak < PEAK_MEMORY_LIMIT_MB, "serve's peak memory was {peak} MB");
    eprintln!(
        "{} normal requests answered, {} hostile refused, peak memory {peak} MB",
        normal.len(),
        hostile_answers.len()
    );
    let _ = serve.0.kill();
}
