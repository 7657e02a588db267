//! Accounts against the real service: sign-up and sign-in, the failed sign-in limit, access token
//! expiry, refresh rotation with reuse detection, sign-out everywhere, and the desktop's sign-in
//! through the browser to a real loopback listener.

use crate::common;

use base64::Engine;
use common::{Api, PASSWORD, Server, TestDb, assert_error};
use neuroflow_server::auth::sessions::AuthConfig;
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::Duration;

#[tokio::test]
async fn sign_up_sign_in_and_wrong_passwords() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let api = server.client();
    let ada = api.sign_up("Ada@Example.com").await;
    let (status, me) = ada.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "ada@example.com");
    // Stored as argon2id, never as the password.
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users").fetch_one(&db.owner).await.unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(PASSWORD));
    assert_error(
        &api.post("/api/v1/auth/sign-up", json!({ "email": "ada@example.com", "password": PASSWORD })).await,
        StatusCode::CONFLICT,
        "CONFLICT",
    );
    assert_error(
        &api.post("/api/v1/auth/sign-up", json!({ "email": "bob@example.com", "password": "short" })).await,
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST",
    );
    assert_error(
        &api.post("/api/v1/auth/sign-up", json!({ "email": "nobody", "password": PASSWORD })).await,
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST",
    );
    let (status, tokens) =
        api.post("/api/v1/auth/sign-in", json!({ "email": " ADA@example.com ", "password": PASSWORD })).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["tokenType"], "Bearer");
    assert_eq!(tokens["expiresIn"], 900);
    assert_error(
        &api.post("/api/v1/auth/sign-in", json!({ "email": "ada@example.com", "password": "wrong password" })).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    );
    assert_error(
        &api.post("/api/v1/auth/sign-in", json!({ "email": "ghost@example.com", "password": PASSWORD })).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    );
    // Tokens are stored hashed only.
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM access_tokens WHERE token_hash = $1")
        .bind(tokens["accessToken"].as_str().unwrap())
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    assert_error(&api.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    let mut forged = ada.clone();
    forged.token = Some("nfa_forged".into());
    assert_error(&forged.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_email_and_address_across_instances() {
    let db = TestDb::new().await;
    let one = Server::start(&db).await;
    let two = Server::start(&db).await;
    one.client().sign_up("eve@example.com").await;
    one.client().sign_up("other@example.com").await;
    let wrong = json!({ "email": "eve@example.com", "password": "not the password" });
    for i in 0..5 {
        // Alternate instances: the count lives in the database.
        let server = if i % 2 == 0 { &one } else { &two };
        assert_error(
            &server.client().post("/api/v1/auth/sign-in", wrong.clone()).await,
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
        );
    }
    let right = json!({ "email": "eve@example.com", "password": PASSWORD });
    let limited = two.client().post("/api/v1/auth/sign-in", right.clone()).await;
    assert_error(&limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert!(limited.1["message"].as_str().unwrap().contains("15 minutes"), "{}", limited.1);
    // Another account from the same address is not affected.
    let (status, _) =
        one.client().post("/api/v1/auth/sign-in", json!({ "email": "other@example.com", "password": PASSWORD })).await;
    assert_eq!(status, StatusCode::OK);
    // Once the failures are older than the window, the right password works again.
    sqlx::query("UPDATE sign_in_failures SET at = at - interval '16 minutes'").execute(&db.owner).await.unwrap();
    let (status, body) = one.client().post("/api/v1/auth/sign-in", right).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drop((one, two));
    db.drop_db().await;
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_session() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let first = server.client().sign_up("rot@example.com").await;
    let (status, second) = first.post("/api/v1/auth/refresh", json!({ "refreshToken": first.refresh })).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["refreshToken"], json!(first.refresh));
    let second = first.with_tokens(&second);
    assert_eq!(second.get("/api/v1/me").await.0, StatusCode::OK);
    // The first refresh token again: someone copied it. The whole sign-in ends.
    let reuse = first.post("/api/v1/auth/refresh", json!({ "refreshToken": first.refresh })).await;
    assert_error(&reuse, StatusCode::UNAUTHORIZED, "TOKEN_REUSED");
    assert_error(&second.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    assert_error(
        &second.post("/api/v1/auth/refresh", json!({ "refreshToken": second.refresh })).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    );
    // A fresh sign-in works.
    let (status, _) =
        server.client().post("/api/v1/auth/sign-in", json!({ "email": "rot@example.com", "password": PASSWORD })).await;
    assert_eq!(status, StatusCode::OK);
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn access_tokens_expire_and_sign_out_everywhere_ends_every_session() {
    let db = TestDb::new().await;
    let short = AuthConfig { access_ttl: Duration::from_secs(1), ..AuthConfig::default() };
    let server = Server::start_with(&db, short).await;
    let other = Server::start(&db).await;
    let laptop = server.client().sign_up("many@example.com").await;
    assert_eq!(laptop.get("/api/v1/me").await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_error(&laptop.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    let (status, refreshed) = laptop.post("/api/v1/auth/refresh", json!({ "refreshToken": laptop.refresh })).await;
    assert_eq!(status, StatusCode::OK);
    let laptop = laptop.with_tokens(&refreshed).on(&other.base);
    let (_, phone) = other
        .client()
        .post("/api/v1/auth/sign-in", json!({ "email": "many@example.com", "password": PASSWORD, "client": "DESKTOP" }))
        .await;
    let phone = other.client().with_tokens(&phone);
    assert_eq!(phone.get("/api/v1/me").await.0, StatusCode::OK);
    // Sign out everywhere from one instance; the other refuses both at once.
    let (status, _) = phone.on(&server.base).post("/api/v1/auth/sign-out-everywhere", json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_error(&laptop.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    assert_error(&phone.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    assert_error(
        &phone.post("/api/v1/auth/refresh", json!({ "refreshToken": phone.refresh })).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    );
    // Plain sign-out ends only its own session.
    let (_, a) =
        other.client().post("/api/v1/auth/sign-in", json!({ "email": "many@example.com", "password": PASSWORD })).await;
    let (_, b) =
        other.client().post("/api/v1/auth/sign-in", json!({ "email": "many@example.com", "password": PASSWORD })).await;
    let (a, b) = (other.client().with_tokens(&a), other.client().with_tokens(&b));
    assert_eq!(a.post("/api/v1/auth/sign-out", json!({})).await.0, StatusCode::NO_CONTENT);
    assert_error(&a.get("/api/v1/me").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    assert_eq!(b.get("/api/v1/me").await.0, StatusCode::OK);
    drop((server, other));
    db.drop_db().await;
}

/// The desktop's flow, end to end: a loopback listener like the desktop's, the authorize page, the
/// form post, the browser's redirect to the listener, and the code exchange with the verifier.
#[tokio::test]
async fn desktop_signs_in_through_the_browser_with_a_loopback_redirect() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    server.client().sign_up("desk@example.com").await;

    let (got_tx, got_rx) = tokio::sync::oneshot::channel::<std::collections::HashMap<String, String>>();
    let got_tx = std::sync::Arc::new(std::sync::Mutex::new(Some(got_tx)));
    let callback = axum::Router::new().route(
        "/callback",
        axum::routing::get(
            move |axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>| async move {
                if let Some(tx) = got_tx.lock().unwrap().take() {
                    let _ = tx.send(q);
                }
                "You can close this window."
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirect_uri = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, callback).await.unwrap() });

    let verifier = "a-long-random-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    // The browser: opens the page, posts the form, follows the redirect to the loopback listener.
    let browser = reqwest::Client::new();
    let page = browser
        .get(format!("{}/api/v1/auth/desktop/authorize", server.base))
        .query(&[
            ("redirect_uri", redirect_uri.as_str()),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("state", "st4te"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("<form") && html.contains(&challenge) && html.contains("st4te"), "{html}");
    // A web redirect is refused before anyone types a password.
    let evil = browser
        .get(format!("{}/api/v1/auth/desktop/authorize", server.base))
        .query(&[
            ("redirect_uri", "http://evil.example:80/cb"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("state", "s"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::BAD_REQUEST);
    let landed = browser
        .post(format!("{}/api/v1/auth/desktop/authorize", server.base))
        .form(&[
            ("email", "desk@example.com"),
            ("password", PASSWORD),
            ("redirect_uri", &redirect_uri),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("state", "st4te"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(landed.status(), StatusCode::OK);
    assert_eq!(landed.text().await.unwrap(), "You can close this window.");
    let query = tokio::time::timeout(Duration::from_secs(5), got_rx).await.unwrap().unwrap();
    assert_eq!(query["state"], "st4te");
    let code = query["code"].clone();

    let api = Api::new(&server.base);
    let wrong = api
        .post(
            "/api/v1/auth/desktop/token",
            json!({ "code": "nfc_not_a_code", "codeVerifier": verifier, "redirectUri": redirect_uri }),
        )
        .await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    // A wrong verifier spends the code without giving tokens: the right one is then too late.
    let bad_verifier = api
        .post(
            "/api/v1/auth/desktop/token",
            json!({ "code": code, "codeVerifier": "wrong-verifier", "redirectUri": redirect_uri }),
        )
        .await;
    assert_error(&bad_verifier, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    let spent = api
        .post(
            "/api/v1/auth/desktop/token",
            json!({ "code": code, "codeVerifier": verifier, "redirectUri": redirect_uri }),
        )
        .await;
    assert_error(&spent, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn a_desktop_code_exchanged_once_signs_in() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let user = server.client().sign_up("once@example.com").await;
    let verifier = "another-long-random-verifier-0123456789-abcdefghijklmnopqrstu";
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let redirect_uri = "http://127.0.0.1:45678/cb";
    let landed = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/api/v1/auth/desktop/authorize", server.base))
        .form(&[
            ("email", "once@example.com"),
            ("password", PASSWORD),
            ("redirect_uri", redirect_uri),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    let location = url::Url::parse(landed.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(location.origin().ascii_serialization(), "http://127.0.0.1:45678");
    let code = location.query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    let api = Api::new(&server.base);
    let (status, tokens) = api
        .post(
            "/api/v1/auth/desktop/token",
            json!({ "code": code, "codeVerifier": verifier, "redirectUri": redirect_uri }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["userId"], json!(user.user_id));
    let desktop = api.with_tokens(&tokens);
    assert_eq!(desktop.get("/api/v1/me").await.1["email"], "once@example.com");
    let client: String = sqlx::query_scalar("SELECT client FROM auth_sessions ORDER BY created_at DESC LIMIT 1")
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!(client, "DESKTOP");
    let again = api
        .post(
            "/api/v1/auth/desktop/token",
            json!({ "code": code, "codeVerifier": verifier, "redirectUri": redirect_uri }),
        )
        .await;
    assert_error(&again, StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    drop(server);
    db.drop_db().await;
}
