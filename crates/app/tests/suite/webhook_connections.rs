//! The webhook listener under clients that hold on: idle and half-sent connections are cut off
//! after the header timeout, a body that does not arrive gets 408, connections past the cap get a
//! 503 naming it — and through all of it a normal request is answered. (How fast, with a thousand
//! idle connections open, is for `neuroflow-bench` to measure, not for a test to assert.)

use crate::common;

use common::fixture;
use neuroflow_app::triggers::{ConnectionLimits, ServeConfig, TriggerService};
use neuroflow_types::*;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn serve_echo(f: &common::Fixture, limits: ConnectionLimits) -> TriggerService {
    let doc = json!({ "format": 1, "name": "Echo", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "echo" } } },
        { "id": "out", "type": "transform", "data": { "output": { "got": "{{ input.body.name }}" } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "out" }] });
    let wf = f.hub.import_workflow(f.org, &doc.to_string()).await.unwrap().workflow;
    f.hub.update_workflow(f.org, wf.id, WorkflowPatch { is_active: Some(true), ..Default::default() }).await.unwrap();
    f.hub.serve_triggers(ServeConfig { port: 0, limits, ..Default::default() }).await.unwrap()
}

async fn normal_request(addr: SocketAddr) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/webhook/echo"))
        .json(&json!({ "name": "Ada" }))
        .send()
        .await
        .expect("the listener answers");
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Reads what the server sends until it closes the connection (or `wait` passes).
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut text = Vec::new();
    let read = tokio::time::timeout(wait, stream.read_to_end(&mut text)).await;
    match read {
        Ok(Ok(_)) => Some(String::from_utf8_lossy(&text).into_owned()),
        Ok(Err(_)) => Some(String::from_utf8_lossy(&text).into_owned()), // reset: closed too
        Err(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_clients_are_cut_off_and_never_crowd_out_a_real_request() {
    let f = fixture().await;
    let limits = ConnectionLimits {
        header_timeout: Duration::from_millis(600),
        body_timeout: Duration::from_millis(600),
        ..ConnectionLimits::default()
    };
    let service = serve_echo(&f, limits).await;
    let addr = service.addr();

    let mut idle = Vec::new();
    for _ in 0..1_000 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"POST /webhook/echo HTTP/1.1\r\nhost: localhost\r\n").await.unwrap();
        slow.push(s);
    }
    assert_eq!(normal_request(addr).await, (200, json!({ "got": "Ada" })), "1,200 waiting clients crowd nothing out");

    // A body that never arrives in full: 408, naming the limit.
    let mut late = TcpStream::connect(addr).await.unwrap();
    late.write_all(b"POST /webhook/echo HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"name\":")
        .await
        .unwrap();
    let answer = read_until_closed(&mut late, Duration::from_secs(10)).await.expect("the server answers and closes");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within 0.6 s") && answer.contains("\"LIMIT\""), "{answer}");

    // Every idle and half-sent connection is closed by the server.
    for (i, stream) in idle.iter_mut().chain(slow.iter_mut()).enumerate() {
        let closed = read_until_closed(stream, Duration::from_secs(10)).await;
        assert!(closed.is_some(), "connection {i} was still open 10 s after a 0.6 s header timeout");
    }
    assert_eq!(normal_request(addr).await.0, 200);
    service.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_get_503_and_the_listener_keeps_accepting() {
    let f = fixture().await;
    let limits = ConnectionLimits { max_connections: 8, ..ConnectionLimits::default() };
    let service = serve_echo(&f, limits).await;
    let addr = service.addr();
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    // Give the listener a moment to take all eight (accepting is asynchronous to connecting).
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut ninth = TcpStream::connect(addr).await.unwrap();
    let answer = read_until_closed(&mut ninth, Duration::from_secs(5)).await.expect("refused at once");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("8 connections open, its limit"), "{answer}");

    drop(held.pop());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match reqwest::Client::new().post(format!("http://{addr}/webhook/echo")).json(&json!({})).send().await {
            Ok(r) if r.status() == 200 => break,
            _ if tokio::time::Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
            other => panic!("a freed slot was never reused: {other:?}"),
        }
    }
    service.stop().await;
}
