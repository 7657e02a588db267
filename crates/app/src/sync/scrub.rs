//! The last guard before a push leaves this machine: no secret travels. Secrets never live in the
//! synced columns (they are in the vault, which the database names only by reference), but an
//! integration's or a setting's configuration is free-form JSON, and a key that names a secret
//! (`password`, `apiToken` …, at any depth — the workspace's own rule, `neuroflow_workspace_rules`)
//! is dropped from what is sent. The workspace would refuse the whole change otherwise; this copy
//! keeps its value.

use neuroflow_types::wire::PushRequest;
use neuroflow_workspace_rules::names_a_secret;
use serde_json::{Map, Value};

fn scrub_map(map: &mut Map<String, Value>) -> usize {
    let before = map.len();
    map.retain(|k, _| !names_a_secret(k));
    let mut dropped = before - map.len();
    for v in map.values_mut() {
        if let Value::Object(inner) = v {
            dropped += scrub_map(inner);
        }
    }
    dropped
}

/// Drops secret-looking keys from the configuration of integrations and settings in a push.
pub(crate) fn push_request(body: &mut PushRequest) {
    for m in &mut body.mutations {
        if !matches!(m.entity.as_str(), "integration" | "setting") {
            continue;
        }
        for value in m.fields.values_mut() {
            if let Value::Object(map) = value {
                let dropped = scrub_map(map);
                if dropped > 0 {
                    tracing::debug!(entity = %m.entity, row = %m.row_id, dropped, "kept secret-looking keys out of a push");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_types::wire::{Mutation, Op};
    use serde_json::json;

    #[test]
    fn secret_looking_keys_are_dropped_at_any_depth_from_configuration_only() {
        let fields = |v: Value| v.as_object().unwrap().clone();
        let mut body = PushRequest {
            client_id: "c".into(),
            cursor: 0,
            author: String::new(),
            mutations: vec![
                Mutation {
                    id: 1,
                    entity: "integration".into(),
                    row_id: "i".into(),
                    op: Op::Create,
                    fields: fields(json!({ "name": "Mail", "config": { "host": "smtp.x", "tokenUrl": "https://t",
                        "apiToken": "t", "auth": { "API-Key": "k", "user": "ada" } } })),
                    hlc: Default::default(),
                    base_version: None,
                    message: None,
                },
                Mutation {
                    id: 2,
                    entity: "agent".into(),
                    row_id: "a".into(),
                    op: Op::Create,
                    fields: fields(json!({ "name": "Token counter", "memory": { "token": 1 } })),
                    hlc: Default::default(),
                    base_version: None,
                    message: None,
                },
            ],
        };
        push_request(&mut body);
        assert_eq!(
            body.mutations[0].fields["config"],
            json!({ "host": "smtp.x", "tokenUrl": "https://t", "auth": { "user": "ada" } }),
            "keys that hold a secret are dropped; tokenUrl names where to get one and is kept"
        );
        assert_eq!(body.mutations[1].fields["memory"], json!({ "token": 1 }), "agents are not configuration");
    }
}
