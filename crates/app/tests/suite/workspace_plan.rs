//! The plan from the desktop, against the real workspace service: anyone connected sees the plan,
//! its limits and the month's usage as the workspace counts them; only the OWNER changes it (an
//! ADMIN is refused here, before any request); the new plan's limits hold on the OWNER's desktop at
//! once and on another desktop after its next sync; a smaller plan keeps what exists and refuses
//! what would go past it.

use crate::workspace_roles::{doc, hub};
use crate::workspace_service::{PASSWORD, Workspace};
use crate::workspace_sync::agent;
use neuroflow_types::*;
use neuroflow_vault::Secret;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_changes_the_plan_and_its_limits_hold_at_once() {
    let ws = Workspace::start().await;
    let olga = ws.sign_up("olga@acme.io", "Olga").await;
    let ada = ws.sign_up("ada@acme.io", "Ada").await;
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (owner, admin) = (hub(&d1).await, hub(&d2).await);

    // A local organization has no plan to manage.
    let org = owner.create_org("Acme Realty").await.unwrap().id;
    let local = owner.workspace_plan(org).await.unwrap_err();
    assert_eq!(local.code, ErrorCode::InvalidInput, "{local:?}");
    assert!(local.message.contains("not connected"), "{}", local.message);

    for i in 0..4 {
        owner.create_workflow(org, doc(&format!("Flow {i}"))).await.unwrap();
    }
    owner.create_agent(org, agent("Scout")).await.unwrap();
    ws.create_org(&olga, org, "Acme Realty", "GROWTH").await;
    owner.workspace_login(&ws.url, "olga@acme.io", Secret::new(PASSWORD)).await.unwrap();
    owner.connect_org(org).await.unwrap();
    owner.sync_now(org).await.unwrap();
    ws.add_member(&olga, &org.to_string(), "ada@acme.io", &ada, "ADMIN").await;

    // The OWNER sees the plan, its figures, what the workspace holds, and every plan to move to.
    let seen = owner.workspace_plan(org).await.unwrap();
    assert_eq!((seen.plan, seen.your_role, seen.can_change), (Plan::Growth, Some(MemberRole::Owner), true));
    assert_eq!(
        (seen.limits.workflows, seen.limits.agents, seen.limits.executions_per_month),
        (Some(10), Some(5), Some(1000))
    );
    assert_eq!((seen.usage.workflows, seen.usage.agents, seen.usage.executions), (4, 1, 0), "{seen:?}");
    assert!(seen.usage.month.len() == 10 && seen.usage.month.ends_with("-01"), "{}", seen.usage.month);
    assert_eq!(seen.plans.iter().map(|p| p.plan).collect::<Vec<_>>(), Plan::ALL.to_vec());
    assert_eq!(seen.plans[2].limits, Plan::Growth.limits());

    // An ADMIN sees it too but may not change it: refused here, before any request.
    admin.workspace_login(&ws.url, "ada@acme.io", Secret::new(PASSWORD)).await.unwrap();
    admin.download_org(org).await.unwrap();
    let by_admin = admin.workspace_plan(org).await.unwrap();
    assert_eq!(
        (by_admin.plan, by_admin.your_role, by_admin.can_change),
        (Plan::Growth, Some(MemberRole::Admin), false)
    );
    let refused = admin.set_workspace_plan(org, Plan::Elite).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unauthorized, "{refused:?}");
    assert!(refused.message.contains("change the plan") && refused.message.contains("OWNER"), "{}", refused.message);
    assert_eq!(owner.workspace_plan(org).await.unwrap().plan, Plan::Growth, "the workspace was not asked");

    // Down to FREE (3 workflows, no agents): what exists stays, and this desktop refuses more at once.
    let free = owner.set_workspace_plan(org, Plan::Free).await.unwrap();
    assert_eq!((free.plan, free.limits), (Plan::Free, Plan::Free.limits()));
    assert_eq!(free.usage.workflows, 4, "a smaller plan keeps what exists");
    assert_eq!(owner.sync_status(org).await.unwrap().plan, Some(Plan::Free), "recorded before any sync");
    let err = owner.create_workflow(org, doc("Flow 4")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PlanLimit, "{err:?}");
    assert!(err.message.contains("FREE") && err.message.contains("3 workflows"), "{}", err.message);
    assert!(owner.create_agent(org, agent("Closer")).await.is_err(), "FREE has no agents");

    // The other desktop enforces it after its next sync.
    admin.sync_now(org).await.unwrap();
    assert_eq!(admin.sync_status(org).await.unwrap().plan, Some(Plan::Free));
    assert_eq!(admin.create_workflow(org, doc("Ada's")).await.unwrap_err().code, ErrorCode::PlanLimit);

    // Up to ELITE: no limits, here at once.
    let elite = owner.set_workspace_plan(org, Plan::Elite).await.unwrap();
    assert_eq!((elite.plan, elite.limits.workflows, elite.limits.agents), (Plan::Elite, None, None));
    owner.create_workflow(org, doc("Flow 4")).await.unwrap();
    owner.create_agent(org, agent("Closer")).await.unwrap();
    owner.sync_now(org).await.unwrap();
    let after = owner.workspace_plan(org).await.unwrap();
    assert_eq!((after.plan, after.usage.workflows, after.usage.agents), (Plan::Elite, 5, 2), "{after:?}");
}
