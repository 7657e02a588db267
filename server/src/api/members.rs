//! The people of an organization: members and their roles, invitations by email (expiring, single
//! use), and accepting one. Every change is written to the audit log in its own transaction.

use crate::api::{AppState, Body, Ids, OrgScope};
use crate::auth::{Authed, secret};
use crate::db;
use crate::error::{Error, ErrorBody, ErrorCode, Result};
use crate::permissions::{Permission, Role, may_change_member, may_invite};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_members))
        .routes(routes!(change_member, remove_member))
        .routes(routes!(list_invitations, invite))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept_invitation))
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    #[schema(value_type = Role)]
    pub role: String,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeRole {
    pub role: Role,
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    #[schema(value_type = Role)]
    pub role: String,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invite {
    pub email: String,
    pub role: Role,
    /// Hours until it expires: 1 to 720, 168 (a week) when absent.
    #[serde(default)]
    pub expires_in_hours: Option<i64>,
}

/// The invitation, and its token: shown once, to send to the invitee.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedInvitation {
    pub invitation: Invitation,
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptInvitation {
    pub token: String,
}

const SELECT_MEMBER: &str = "SELECT m.id, m.user_id, u.email, u.name, m.role, m.joined_at
     FROM organization_members m JOIN users u ON u.id = m.user_id";
const SELECT_INVITATION: &str = "SELECT id, organization_id, email, role, invited_by, created_at, expires_at,
     accepted_at, revoked_at FROM invitations";

/// The organization's members.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/members", tag = "members", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = Vec<Member>), (status = 404, body = ErrorBody)))]
async fn list_members(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<Json<Vec<Member>>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let members: Vec<Member> =
        sqlx::query_as(&format!("{SELECT_MEMBER} WHERE m.organization_id = $1 ORDER BY m.joined_at, m.id"))
            .bind(org)
            .fetch_all(&mut *scope.tx)
            .await?;
    scope.commit().await?;
    Ok(Json(members))
}

/// Loads a member for a change, and refuses to leave the organization without an OWNER.
async fn member_for_change(scope: &mut OrgScope, member: Uuid, new: Option<Role>) -> Result<Member> {
    let target: Member =
        sqlx::query_as(&format!("{SELECT_MEMBER} WHERE m.organization_id = $1 AND m.id = $2 FOR UPDATE OF m"))
            .bind(scope.org)
            .bind(member)
            .fetch_optional(&mut *scope.tx)
            .await?
            .ok_or_else(|| Error::not_found("member"))?;
    let role: Role = target.role.parse()?;
    may_change_member(scope.role, scope.plan, role, new, target.user_id == scope.user)?;
    if role == Role::Owner && new != Some(Role::Owner) {
        let owners: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM organization_members WHERE organization_id = $1 AND role = 'OWNER'",
        )
        .bind(scope.org)
        .fetch_one(&mut *scope.tx)
        .await?;
        if owners <= 1 {
            return Err(Error::api(
                ErrorCode::LastOwner,
                "the organization's last OWNER cannot leave or step down; make someone else OWNER first",
            ));
        }
    }
    Ok(target)
}

/// Changes a member's role.
#[utoipa::path(patch, path = "/api/v1/organizations/{org_id}/members/{member_id}", tag = "members", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = ChangeRole,
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn change_member(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, member)): Ids<(Uuid, Uuid)>,
    Body(body): Body<ChangeRole>,
) -> Result<Json<Member>> {
    // Locked: two owners stepping down at once must not leave none.
    let mut scope = OrgScope::enter_locked(&state, authed, org, Permission::ViewWorkflows).await?;
    let target = member_for_change(&mut scope, member, Some(body.role)).await?;
    sqlx::query("UPDATE organization_members SET role = $2 WHERE id = $1")
        .bind(member)
        .bind(body.role.as_str())
        .execute(&mut *scope.tx)
        .await?;
    scope
        .audit(
            "member.role_changed",
            ("member", Some(member.to_string())),
            json!({ "userId": target.user_id, "from": target.role, "to": body.role }),
        )
        .await?;
    let updated: Member =
        sqlx::query_as(&format!("{SELECT_MEMBER} WHERE m.id = $1")).bind(member).fetch_one(&mut *scope.tx).await?;
    scope.commit().await?;
    Ok(Json(updated))
}

/// Removes a member (or leaves, when it is oneself).
#[utoipa::path(delete, path = "/api/v1/organizations/{org_id}/members/{member_id}", tag = "members", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("member_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn remove_member(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, member)): Ids<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    let mut scope = OrgScope::enter_locked(&state, authed, org, Permission::ViewWorkflows).await?;
    let target = member_for_change(&mut scope, member, None).await?;
    scope
        .audit(
            "member.removed",
            ("member", Some(member.to_string())),
            json!({ "userId": target.user_id, "role": target.role }),
        )
        .await?;
    sqlx::query("DELETE FROM organization_members WHERE id = $1").bind(member).execute(&mut *scope.tx).await?;
    scope.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization's invitations, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/invitations", tag = "members", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = Vec<Invitation>), (status = 403, body = ErrorBody)))]
async fn list_invitations(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
) -> Result<Json<Vec<Invitation>>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageMembers).await?;
    let list: Vec<Invitation> =
        sqlx::query_as(&format!("{SELECT_INVITATION} WHERE organization_id = $1 ORDER BY created_at DESC"))
            .bind(org)
            .fetch_all(&mut *scope.tx)
            .await?;
    scope.commit().await?;
    Ok(Json(list))
}

/// Invites someone by email. The answer carries the token once; it works once, until it expires.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/invitations", tag = "members", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = Invite,
    responses((status = 201, body = CreatedInvitation), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn invite(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<Invite>,
) -> Result<(StatusCode, Json<CreatedInvitation>)> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageMembers).await?;
    may_invite(scope.role, scope.plan, body.role)?;
    let email = crate::api::account::normalize_email(&body.email)?;
    let hours = body.expires_in_hours.unwrap_or(168);
    if !(1..=720).contains(&hours) {
        return Err(Error::bad_request("expiresInHours must be between 1 and 720"));
    }
    let token = secret::new_token("nfi_");
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO invitations (id, organization_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))",
    )
    .bind(id)
    .bind(org)
    .bind(&email)
    .bind(body.role.as_str())
    .bind(secret::token_hash(&token))
    .bind(scope.user)
    .bind(hours as i32)
    .execute(&mut *scope.tx)
    .await?;
    scope
        .audit("invitation.created", ("invitation", Some(id.to_string())), json!({ "email": email, "role": body.role }))
        .await?;
    let invitation: Invitation =
        sqlx::query_as(&format!("{SELECT_INVITATION} WHERE id = $1")).bind(id).fetch_one(&mut *scope.tx).await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(CreatedInvitation { invitation, token })))
}

/// Revokes an invitation that has not been accepted.
#[utoipa::path(delete, path = "/api/v1/organizations/{org_id}/invitations/{invitation_id}", tag = "members", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("invitation_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_invitation(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageMembers).await?;
    let revoked = sqlx::query(
        "UPDATE invitations SET revoked_at = now() WHERE id = $1 AND organization_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(org)
    .execute(&mut *scope.tx)
    .await?;
    if revoked.rows_affected() == 0 {
        return Err(Error::not_found("pending invitation"));
    }
    scope.audit("invitation.revoked", ("invitation", Some(id.to_string())), json!({})).await?;
    scope.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Joins the organization of an invitation addressed to the signed-in user's email.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "members", security(("bearer" = [])),
    request_body = AcceptInvitation,
    responses((status = 200, body = Member), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn accept_invitation(
    State(state): State<AppState>,
    authed: Authed,
    Body(body): Body<AcceptInvitation>,
) -> Result<Json<Member>> {
    let invalid =
        |why: &str| Error::api(ErrorCode::InvitationInvalid, format!("this invitation cannot be used: {why}"));
    let mut tx = db::begin(&state.pool, Some(authed.user_id), None).await?;
    db::present_invitation(&mut tx, &secret::token_hash(body.token.trim())).await?;
    let found: Option<Invitation> =
        sqlx::query_as(&format!("{SELECT_INVITATION} WHERE token_hash = app.current_invitation() FOR UPDATE"))
            .fetch_optional(&mut *tx)
            .await?;
    let inv = found.ok_or_else(|| invalid("no invitation has this token"))?;
    if inv.accepted_at.is_some() {
        return Err(invalid("it has already been used"));
    }
    if inv.revoked_at.is_some() {
        return Err(invalid("it was revoked"));
    }
    if inv.expires_at <= Utc::now() {
        return Err(invalid("it has expired; ask for a new one"));
    }
    let email: String =
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(authed.user_id).fetch_one(&mut *tx).await?;
    if email != inv.email {
        return Err(invalid("it was sent to another email address"));
    }
    db::set_org(&mut tx, inv.organization_id).await?;
    // Not ON CONFLICT: that makes PostgreSQL check the new row against the read policy, which an
    // invitee (not yet a member) cannot pass.
    let already: Option<String> =
        sqlx::query_scalar("SELECT app.member_role($1)").bind(inv.organization_id).fetch_one(&mut *tx).await?;
    if already.is_some() {
        return Err(Error::api(ErrorCode::Conflict, "you are already a member of this organization"));
    }
    let member = Uuid::now_v7();
    sqlx::query("INSERT INTO organization_members (id, organization_id, user_id, role) VALUES ($1, $2, $3, $4)")
        .bind(member)
        .bind(inv.organization_id)
        .bind(authed.user_id)
        .bind(&inv.role)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1")
        .bind(inv.id)
        .bind(authed.user_id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut tx,
        inv.organization_id,
        Some(authed.user_id),
        "member.joined",
        ("member", Some(member.to_string())),
        json!({ "invitationId": inv.id, "role": inv.role }),
    )
    .await?;
    let joined: Member =
        sqlx::query_as(&format!("{SELECT_MEMBER} WHERE m.id = $1")).bind(member).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(Json(joined))
}
