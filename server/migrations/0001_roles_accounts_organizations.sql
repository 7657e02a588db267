-- The hosted workspace: roles, accounts, organizations and their people.
--
-- Conventions (the desktop's migrations/V0001 in PostgreSQL terms):
--   * ids are UUIDs (v7 from clients); times are timestamptz (UTC on the wire);
--   * enum columns are TEXT under a CHECK naming the same values as the desktop schema;
--   * JSON is jsonb (with the shape checked where it is fixed);
--   * money is BIGINT micro-dollars (1 USD = 1,000,000), exactly as on the desktop, so a synced
--     value is the same integer on both sides and sums never round.
-- Migrations are forward-only: never edit a released file; add the next one.
--
-- Two roles take part besides the migrator that owns everything:
--   * neuroflow_app: the running service. LOGIN, NOSUPERUSER, NOBYPASSRLS, owns nothing, may only
--     SELECT/INSERT/UPDATE/DELETE what it is granted. `serve` refuses to start as anything else.
--   * neuroflow_membership: NOLOGIN, owns the two SECURITY DEFINER membership functions and may
--     only read organization_members. Policies on organization_members must ask "is the current
--     user a member?" without reading organization_members under its own policy (PostgreSQL
--     reports that as infinite recursion); this role answers that one question and nothing else.
DO $$ BEGIN
  CREATE ROLE neuroflow_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- (A role that already exists keeps its attributes; `serve` checks them and refuses a bad one.)
DO $$ BEGIN
  CREATE ROLE neuroflow_membership NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- The migrator must be a member to hand the membership functions to this role.
DO $$ BEGIN
  IF NOT pg_has_role(current_user, 'neuroflow_membership', 'MEMBER') THEN
    EXECUTE format('GRANT neuroflow_membership TO %I', current_user);
  END IF;
END $$;

CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO neuroflow_app, neuroflow_membership;
GRANT CREATE ON SCHEMA app TO neuroflow_membership;
GRANT SELECT ON _sqlx_migrations TO neuroflow_app;

-- Who and where a request is: set per transaction by the service with set_config(…, true).
-- An unset or empty setting is NULL, and every policy compares with it, so a transaction that
-- set nothing sees nothing.
CREATE FUNCTION app.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
CREATE FUNCTION app.current_org() RETURNS uuid
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
-- The SHA-256 (hex) of the invitation token a request presents: holding the token is what lets
-- an invitee, not yet a member, read that one invitation and join.
CREATE FUNCTION app.current_invitation() RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$ SELECT nullif(current_setting('app.invitation', true), '') $$;

-- Accounts. These carry no organization's data; the service reads them before it knows who is
-- asking (sign-in by email, token lookup), so they are not under row-level security.
CREATE TABLE users (
    id              uuid PRIMARY KEY,
    email           text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
    name            text NOT NULL DEFAULT '',
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (email)
);

-- A sign-in: one family of rotating refresh tokens. Revoking it ends every token of the family.
CREATE TABLE auth_sessions (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client          text NOT NULL CHECK (client IN ('WEB', 'DESKTOP', 'CLI')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    revoked_reason  text
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

-- Tokens are random and stored only as SHA-256 hashes; a leaked table holds no usable token.
CREATE TABLE access_tokens (
    token_hash      text PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX access_tokens_session ON access_tokens (session_id);
CREATE INDEX access_tokens_expires ON access_tokens (expires_at);

CREATE TABLE refresh_tokens (
    token_hash      text PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
    issued_at       timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    -- Set when the token is exchanged; presenting it again revokes the whole session.
    used_at         timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed sign-ins, in the database so that the limit holds across every instance.
CREATE TABLE sign_in_failures (
    email           text NOT NULL,
    ip              text NOT NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (email, ip, at);

-- The desktop's sign-in through the system browser: a one-time code bound to a PKCE challenge and
-- a loopback redirect.
CREATE TABLE desktop_grants (
    code_hash       text PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_challenge  text NOT NULL,
    redirect_uri    text NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);

-- Tenants.
CREATE TABLE organizations (
    id              uuid PRIMARY KEY,
    name            text NOT NULL CHECK (length(trim(name)) > 0),
    slug            text NOT NULL,
    plan            text NOT NULL DEFAULT 'FREE'
                        CHECK (plan IN ('FREE', 'STARTER', 'GROWTH', 'ELITE', 'ENTERPRISE')),
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_created_by ON organizations (created_by);

CREATE TABLE organization_members (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    joined_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);

CREATE TABLE invitations (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text NOT NULL CHECK (email = lower(email)),
    role            text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'VIEWER')),
    token_hash      text NOT NULL UNIQUE,
    invited_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    accepted_at     timestamptz,
    accepted_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    revoked_at      timestamptz
);
CREATE INDEX invitations_organization ON invitations (organization_id);

-- Executions and agent executions per organization and calendar month (UTC), kept by triggers on
-- the execution tables so that every path that records one counts it.
CREATE TABLE usage_monthly (
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    month            date NOT NULL CHECK (extract(day FROM month) = 1),
    executions       bigint NOT NULL DEFAULT 0 CHECK (executions >= 0),
    agent_executions bigint NOT NULL DEFAULT 0 CHECK (agent_executions >= 0),
    PRIMARY KEY (organization_id, month)
);

-- Who did what. No foreign key to organizations: the record of a deletion outlives what it deleted.
-- The service may append and read, never change or remove.
CREATE TABLE audit_log (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    actor_user_id   uuid,
    action          text NOT NULL,
    target_type     text NOT NULL,
    target_id       text,
    details         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_organization ON audit_log (organization_id, created_at);
