-- Row-level security: the isolation between organizations, enforced by PostgreSQL itself.
--
-- Every tenant table (every table with organization_id) has RLS ENABLEd and FORCEd, and policies
-- for reads (USING) and writes (WITH CHECK). The service's role neuroflow_app owns nothing and has
-- NOBYPASSRLS, so these policies bind every query it runs; a forgotten WHERE clause in the service
-- returns nothing of another organization rather than leaking it.
--
-- The rule, for the organization's data: the row belongs to the organization the transaction is
-- working in (app.org_id) AND the transaction's user (app.user_id) is a member of it. Both come
-- from set_config(…, true) at the start of each request's transaction; unset, both are NULL and
-- nothing matches. The rule is written out in each policy (not wrapped in a function) so that
-- PostgreSQL inlines app.current_org() and uses the organization_id indexes; the membership test
-- is a scalar subquery, which PostgreSQL runs once per statement (an InitPlan), not once per row.

-- The current user's role in an organization, or NULL. SECURITY DEFINER (owned by the
-- neuroflow_membership role, which may read organization_members and nothing else) only because a
-- policy on organization_members cannot read organization_members under that same policy.
CREATE FUNCTION app.member_role(org uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT m.role FROM public.organization_members m
          WHERE m.organization_id = org AND m.user_id = app.current_user_id() $$;
-- Whether an organization has any member yet: its creator may then add themselves as OWNER.
CREATE FUNCTION app.org_has_members(org uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM public.organization_members m WHERE m.organization_id = org) $$;
GRANT SELECT ON organization_members TO neuroflow_membership;
ALTER FUNCTION app.member_role(uuid) OWNER TO neuroflow_membership;
ALTER FUNCTION app.org_has_members(uuid) OWNER TO neuroflow_membership;
REVOKE ALL ON FUNCTION app.member_role(uuid), app.org_has_members(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.member_role(uuid), app.org_has_members(uuid) TO neuroflow_app;

-- Whether the invitation the request presents lets the current user join this organization in
-- this role (unexpired, unused, unrevoked).
CREATE FUNCTION app.invitation_allows(org uuid, wanted_role text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$ SELECT EXISTS (SELECT 1 FROM public.invitations i
                         WHERE i.organization_id = org AND i.token_hash = app.current_invitation()
                           AND i.role = wanted_role AND i.accepted_at IS NULL AND i.revoked_at IS NULL
                           AND i.expires_at > now()) $$;

-- organizations: visible to members (every organization they belong to, for "my organizations"),
-- and to its creator until it has a first member; changed only from inside it.
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY organizations_read ON organizations FOR SELECT
    USING (app.member_role(id) IS NOT NULL
           OR (created_by = app.current_user_id() AND NOT app.org_has_members(id)));
CREATE POLICY organizations_create ON organizations FOR INSERT
    WITH CHECK (created_by = app.current_user_id());
CREATE POLICY organizations_update ON organizations FOR UPDATE
    USING ((id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));
CREATE POLICY organizations_delete ON organizations FOR DELETE
    USING ((id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

-- organization_members: members see the people of their organizations. A row is added by a member
-- (the service checks the role), by the creator of an organization with no members yet (as its
-- OWNER), or by the holder of a valid invitation (in the invited role).
ALTER TABLE organization_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_members FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_members_membership ON organization_members FOR SELECT TO neuroflow_membership
    USING (true);
CREATE POLICY organization_members_read ON organization_members FOR SELECT
    USING (app.member_role(organization_id) IS NOT NULL);
CREATE POLICY organization_members_add ON organization_members FOR INSERT
    WITH CHECK (organization_id = app.current_org() AND (
        (organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL)
        OR (user_id = app.current_user_id() AND role = 'OWNER' AND NOT app.org_has_members(organization_id)
            AND EXISTS (SELECT 1 FROM public.organizations o
                        WHERE o.id = organization_id AND o.created_by = app.current_user_id()))
        OR (user_id = app.current_user_id() AND app.invitation_allows(organization_id, role))));
CREATE POLICY organization_members_change ON organization_members FOR UPDATE
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));
CREATE POLICY organization_members_remove ON organization_members FOR DELETE
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

-- invitations: the organization's members, or whoever presents the token (to read and accept it).
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_members ON invitations
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));
CREATE POLICY invitations_holder_read ON invitations FOR SELECT
    USING (token_hash = app.current_invitation());
CREATE POLICY invitations_holder_accept ON invitations FOR UPDATE
    USING (token_hash = app.current_invitation()) WITH CHECK (token_hash = app.current_invitation());

-- workflow_templates: public ones to every signed-in user, the rest to the owning organization.
ALTER TABLE workflow_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY workflow_templates_public ON workflow_templates FOR SELECT
    USING (is_public AND app.current_user_id() IS NOT NULL);
CREATE POLICY workflow_templates_own ON workflow_templates
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

-- The rest of the organization's data: the one rule, for reads and writes.
ALTER TABLE ai_agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_agents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ai_agents
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE agent_teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_teams FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON agent_teams
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE team_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE team_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON team_members
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE automation_workflows ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_workflows FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON automation_workflows
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE workflow_executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_executions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON workflow_executions
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE agent_executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_executions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON agent_executions
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE team_executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE team_executions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON team_executions
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE integrations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON integrations
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

ALTER TABLE usage_monthly ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_monthly FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON usage_monthly
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

-- The audit log: appended and read from inside the organization; never changed (no grant).
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_log FOR SELECT USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));
CREATE POLICY audit_append ON audit_log FOR INSERT WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));

-- What the service may do: DML on what it needs, nothing it could own.
GRANT SELECT, INSERT, UPDATE, DELETE ON
    users, auth_sessions, access_tokens, refresh_tokens, sign_in_failures, desktop_grants,
    organizations, organization_members, invitations, usage_monthly,
    ai_agents, agent_teams, team_members, workflow_templates, automation_workflows,
    workflow_executions, agent_executions, team_executions, integrations
    TO neuroflow_app;
GRANT SELECT, INSERT ON audit_log TO neuroflow_app;
GRANT EXECUTE ON FUNCTION app.current_user_id(), app.current_org(), app.current_invitation(),
    app.invitation_allows(uuid, text) TO neuroflow_app;
