//! Members and roles from the desktop, against the real workspace service: an OWNER lists the
//! members, invites and revokes, makes a MEMBER an ADMIN (whose desktop enforces the new role after
//! its next sync) and removes someone; an ADMIN cannot make an OWNER (the workspace's refusal comes
//! back in words); an OWNER who steps down enforces the weaker role after the next sync; a VIEWER
//! may leave but not remove anyone else, and is refused here before any request (the service is
//! down by then).

use crate::workspace_service;

use neuroflow_app::Hub;
use neuroflow_types::*;
use neuroflow_vault::{Secret, StoreKind};
use workspace_service::{PASSWORD, Workspace};

async fn hub(dir: &tempfile::TempDir) -> Hub {
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("test passphrase"))).await.unwrap();
    hub
}

fn find<'a>(list: &'a WorkspaceMembers, email: &str) -> &'a WorkspaceMember {
    list.members.iter().find(|m| m.email == email).unwrap_or_else(|| panic!("{email} in {list:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_and_admins_manage_members_and_a_viewer_is_refused_here() {
    let mut ws = Workspace::start().await;
    let olga = ws.sign_up("olga@acme.io", "Olga").await;
    let ada = ws.sign_up("ada@acme.io", "Ada").await;
    let vic = ws.sign_up("vic@acme.io", "Vic").await;
    let max = ws.sign_up("max@acme.io", "Max").await;
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (owner, admin, viewer) = (hub(&dirs[0]).await, hub(&dirs[1]).await, hub(&dirs[2]).await);

    // A local organization has no members to manage.
    let org = owner.create_org("Acme Realty").await.unwrap().id;
    let local = owner.workspace_members(org).await.unwrap_err();
    assert_eq!(local.code, ErrorCode::InvalidInput, "{local:?}");
    assert!(local.message.contains("not connected"), "{}", local.message);

    ws.create_org(&olga, org, "Acme Realty", "GROWTH").await;
    owner.workspace_login(&ws.url, "olga@acme.io", Secret::new(PASSWORD)).await.unwrap();
    owner.connect_org(org).await.unwrap();
    let id = org.to_string();
    ws.add_member(&olga, &id, "ada@acme.io", &ada, "MEMBER").await;
    ws.add_member(&olga, &id, "vic@acme.io", &vic, "VIEWER").await;
    ws.add_member(&olga, &id, "max@acme.io", &max, "MEMBER").await;

    // The OWNER sees everyone, with names, roles, themselves marked, and every choice.
    let list = owner.workspace_members(org).await.unwrap();
    let mut seen: Vec<(&str, &str, MemberRole, bool)> =
        list.members.iter().map(|m| (m.email.as_str(), m.name.as_str(), m.role, m.is_you)).collect();
    seen.sort_by_key(|s| s.0);
    assert_eq!(
        seen,
        vec![
            ("ada@acme.io", "Ada", MemberRole::Member, false),
            ("max@acme.io", "Max", MemberRole::Member, false),
            ("olga@acme.io", "Olga", MemberRole::Owner, true),
            ("vic@acme.io", "Vic", MemberRole::Viewer, false),
        ]
    );
    assert_eq!((list.your_role, list.can_manage), (MemberRole::Owner, true));
    assert_eq!(list.invitable_roles, vec![MemberRole::Admin, MemberRole::Member, MemberRole::Viewer]);
    assert_eq!(find(&list, "ada@acme.io").assignable_roles, MemberRole::ALL.to_vec());

    // Invitations: one made (its token once), listed, revoked; OWNER is never invited.
    let made = owner.invite_member(org, " ivy@acme.io ", MemberRole::Viewer).await.unwrap();
    assert!(made.token.starts_with("nfi_"), "{made:?}");
    assert_eq!((made.invitation.email.as_str(), made.invitation.role), ("ivy@acme.io", MemberRole::Viewer));
    let pending = owner.workspace_invitations(org).await.unwrap();
    // The three accepted invitations of add_member are not pending.
    assert_eq!(pending.iter().map(|i| i.email.as_str()).collect::<Vec<_>>(), vec!["ivy@acme.io"]);
    owner.revoke_invitation(org, &made.invitation.id).await.unwrap();
    assert_eq!(owner.workspace_invitations(org).await.unwrap(), vec![]);
    let as_owner = owner.invite_member(org, "ivy@acme.io", MemberRole::Owner).await.unwrap_err();
    assert_eq!(as_owner.code, ErrorCode::InvalidInput, "{as_owner:?}");
    assert!(
        as_owner.message.contains("inviting ivy@acme.io as OWNER") && as_owner.message.contains("make someone OWNER"),
        "{}",
        as_owner.message
    );

    // Ada, a MEMBER, is made ADMIN: her desktop enforces it after its next sync.
    admin.workspace_login(&ws.url, "ada@acme.io", Secret::new(PASSWORD)).await.unwrap();
    admin.download_org(org).await.unwrap();
    assert_eq!(admin.sync_status(org).await.unwrap().role, Some(MemberRole::Member));
    let ada_id = find(&list, "ada@acme.io").id.clone();
    let after = owner.set_member_role(org, &ada_id, MemberRole::Admin).await.unwrap();
    assert_eq!(find(&after, "ada@acme.io").role, MemberRole::Admin);
    admin.sync_now(org).await.unwrap();
    assert_eq!(admin.sync_status(org).await.unwrap().role, Some(MemberRole::Admin));

    // The ADMIN manages others but not the OWNER, and cannot make an OWNER: the workspace says why.
    let seen_by_admin = admin.workspace_members(org).await.unwrap();
    assert_eq!((seen_by_admin.your_role, seen_by_admin.can_manage), (MemberRole::Admin, true));
    let olga_row = find(&seen_by_admin, "olga@acme.io");
    assert!(olga_row.assignable_roles.is_empty() && !olga_row.removable, "{olga_row:?}");
    let max_id = find(&seen_by_admin, "max@acme.io").id.clone();
    assert_eq!(find(&seen_by_admin, "max@acme.io").assignable_roles.len(), 3, "ADMIN, MEMBER, VIEWER");
    let refused = admin.set_member_role(org, &max_id, MemberRole::Owner).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unauthorized, "{refused:?}");
    assert!(refused.message.contains("only an OWNER can change, add or remove an OWNER"), "{}", refused.message);
    assert_eq!(find(&owner.workspace_members(org).await.unwrap(), "max@acme.io").role, MemberRole::Member);

    // The OWNER removes Max.
    owner.remove_member(org, &max_id).await.unwrap();
    let left = owner.workspace_members(org).await.unwrap();
    assert!(left.members.iter().all(|m| m.email != "max@acme.io"), "{left:?}");
    assert_eq!(left.members.len(), 3);
    let again = owner.remove_member(org, &max_id).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::NotFound, "{again:?}");

    // An OWNER who steps down (after making Ada OWNER) enforces ADMIN here after the next sync.
    let olga_id = find(&left, "olga@acme.io").id.clone();
    owner.set_member_role(org, &ada_id, MemberRole::Owner).await.unwrap();
    let stepped = owner.set_member_role(org, &olga_id, MemberRole::Admin).await.unwrap();
    assert_eq!(stepped.your_role, MemberRole::Admin);
    assert_eq!(owner.sync_status(org).await.unwrap().role, Some(MemberRole::Owner), "not synced yet");
    owner.sync_now(org).await.unwrap();
    assert_eq!(owner.sync_status(org).await.unwrap().role, Some(MemberRole::Admin));

    // The VIEWER sees the list, read-only; with the service down, a change is still refused at
    // once for the role (not for the network): it was refused here, before any request.
    viewer.workspace_login(&ws.url, "vic@acme.io", Secret::new(PASSWORD)).await.unwrap();
    viewer.download_org(org).await.unwrap();
    let seen_by_viewer = viewer.workspace_members(org).await.unwrap();
    assert!(!seen_by_viewer.can_manage && seen_by_viewer.invitable_roles.is_empty(), "{seen_by_viewer:?}");
    let (own, others): (Vec<_>, Vec<_>) = seen_by_viewer.members.iter().partition(|m| m.is_you);
    assert!(others.iter().all(|m| m.assignable_roles.is_empty() && !m.removable), "{seen_by_viewer:?}");
    assert!(own[0].removable && own[0].assignable_roles.is_empty(), "a VIEWER may leave: {:?}", own[0]);
    let vic_id = own[0].id.clone();

    // Vic may not remove Ada (refused here), but may leave.
    let not_yours = viewer.remove_member(org, &ada_id).await.unwrap_err();
    assert_eq!(not_yours.code, ErrorCode::Unauthorized, "{not_yours:?}");
    viewer.remove_member(org, &vic_id).await.unwrap();
    let after = owner.workspace_members(org).await.unwrap();
    assert!(after.members.iter().all(|m| m.email != "vic@acme.io"), "Vic left: {after:?}");
    ws.kill();
    let offline = viewer.set_member_role(org, &ada_id, MemberRole::Viewer).await.unwrap_err();
    assert_eq!(offline.code, ErrorCode::Unauthorized, "{offline:?}");
    assert!(offline.message.contains("VIEWER") && offline.message.contains("manage members"), "{}", offline.message);
    let invite = viewer.invite_member(org, "eve@acme.io", MemberRole::Viewer).await.unwrap_err();
    assert!(invite.message.contains("cannot manage members"), "{}", invite.message);
    let unreachable = owner.workspace_members(org).await.unwrap_err();
    assert!(unreachable.message.contains("could not be reached"), "the control: {}", unreachable.message);
}
