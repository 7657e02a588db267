-- Sync with the desktops (issue 14): a per-organization change feed that a pull can follow without
-- ever skipping a commit, tombstones for deletes, per-field clocks for last-writer-wins, idempotent
-- pushes, workflow versions (the base of a three-way merge) and the conflicts a merge keeps.
--
-- The feed. Every synced row carries `sync_version`, stamped from one sequence by a BEFORE ROW
-- trigger on every insert and update, whichever path writes (a push, the REST API). A sequence
-- alone can commit out of order — transaction A takes 5, B takes 6, B commits first, a pull sees 6
-- and moves its cursor past 5 before A commits. So a BEFORE STATEMENT trigger first locks the
-- organization's row (FOR NO KEY UPDATE, once per transaction): writers of one organization then
-- take versions and commit one after another, and a row of version v is visible only once every
-- smaller version of its organization is. Statement triggers fire before any row is touched, so
-- the organization's lock is always the first one a writer holds: no lock-order deadlocks with the
-- row locks of updates. Other organizations never wait.
--
-- Deletes leave a tombstone (entity, row id, version) so that a pull can tell clients; tombstones
-- older than the horizon are purged (`neuroflow-server admin compact-sync`) and the organization's
-- `sync_horizon` remembers the newest version purged: a client whose cursor is below it must
-- re-sync from the start, or it would never hear of those deletes and could bring them back.

CREATE SEQUENCE app.sync_version_seq AS bigint;
GRANT USAGE ON SEQUENCE app.sync_version_seq TO neuroflow_app;

ALTER TABLE organizations ADD COLUMN sync_horizon bigint NOT NULL DEFAULT 0;

-- Settings an organization shares (a key and a JSON value each).
CREATE TABLE org_settings (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    value           jsonb NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, key)
);

-- Every document a workflow has had on the service (the base of a merge is one of these).
CREATE TABLE workflow_versions (
    organization_id uuid NOT NULL,
    workflow_id     uuid NOT NULL,
    version         bigint NOT NULL CHECK (version >= 1),
    document        jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    message         text,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, version),
    FOREIGN KEY (organization_id, workflow_id) REFERENCES automation_workflows (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX workflow_versions_organization ON workflow_versions (organization_id);

-- When two people changed the same node of a workflow, the merge keeps the first to arrive in the
-- workflow and the other's whole document here: nothing is lost, and someone resolves it in the
-- editor's compare view (`resolved` is then set, last writer wins like any field).
CREATE TABLE sync_conflicts (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id     uuid NOT NULL,
    base_version    bigint,
    merged_version  bigint NOT NULL,
    document        jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    nodes           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(nodes) = 'array'),
    edges           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(edges) = 'array'),
    author_id       uuid REFERENCES users (id) ON DELETE SET NULL,
    author_name     text NOT NULL DEFAULT '',
    resolved        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, workflow_id) REFERENCES automation_workflows (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX sync_conflicts_organization ON sync_conflicts (organization_id);
CREATE INDEX sync_conflicts_workflow ON sync_conflicts (workflow_id);

CREATE TABLE sync_tombstones (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    entity          text NOT NULL,
    row_id          text NOT NULL,
    sync_version    bigint NOT NULL,
    deleted_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, entity, row_id)
);
CREATE INDEX sync_tombstones_version ON sync_tombstones (organization_id, sync_version);
CREATE INDEX sync_tombstones_deleted ON sync_tombstones (deleted_at);

-- Each desktop copy of an organization is a client with its own mutation counter: a push applies
-- only mutations numbered above the last one applied, so a retried push is never applied twice.
CREATE TABLE sync_clients (
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    client_id        uuid NOT NULL,
    user_id          uuid REFERENCES users (id) ON DELETE SET NULL,
    last_mutation_id bigint NOT NULL DEFAULT 0 CHECK (last_mutation_id >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, client_id)
);

-- Why a mutation was refused, so that a retried push (its first answer lost) reports the same.
CREATE TABLE sync_rejections (
    organization_id uuid NOT NULL,
    client_id       uuid NOT NULL,
    mutation_id     bigint NOT NULL,
    entity          text NOT NULL,
    row_id          text NOT NULL,
    code            text NOT NULL,
    message         text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, client_id, mutation_id),
    FOREIGN KEY (organization_id, client_id) REFERENCES sync_clients (organization_id, client_id) ON DELETE CASCADE
);

-- The columns every synced table gains: its place in the feed and the clock of each field's last
-- write (hybrid logical clocks as fixed-width text, so that text order is clock order).
ALTER TABLE ai_agents ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE agent_teams ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE team_members ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE automation_workflows ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE integrations ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE workflow_templates ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE org_settings ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';
ALTER TABLE sync_conflicts ADD COLUMN sync_version bigint NOT NULL DEFAULT 0, ADD COLUMN field_hlc jsonb NOT NULL DEFAULT '{}';

-- Rows that exist already join the feed.
UPDATE ai_agents SET sync_version = nextval('app.sync_version_seq');
UPDATE agent_teams SET sync_version = nextval('app.sync_version_seq');
UPDATE team_members SET sync_version = nextval('app.sync_version_seq');
UPDATE automation_workflows SET sync_version = nextval('app.sync_version_seq');
UPDATE integrations SET sync_version = nextval('app.sync_version_seq');
UPDATE workflow_templates SET sync_version = nextval('app.sync_version_seq');
INSERT INTO workflow_versions (organization_id, workflow_id, version, document, created_by, created_at)
    SELECT organization_id, id, version,
           jsonb_build_object('name', name, 'description', description, 'nodes', nodes, 'edges', edges,
                              'variables', variables, 'tags', tags),
           created_by, updated_at
    FROM automation_workflows;

CREATE INDEX ai_agents_sync ON ai_agents (organization_id, sync_version);
CREATE INDEX agent_teams_sync ON agent_teams (organization_id, sync_version);
CREATE INDEX team_members_sync ON team_members (organization_id, sync_version);
CREATE INDEX automation_workflows_sync ON automation_workflows (organization_id, sync_version);
CREATE INDEX integrations_sync ON integrations (organization_id, sync_version);
CREATE INDEX workflow_templates_sync ON workflow_templates (organization_id, sync_version);
CREATE INDEX org_settings_sync ON org_settings (organization_id, sync_version);
CREATE INDEX sync_conflicts_sync ON sync_conflicts (organization_id, sync_version);

-- The organization's lock, once per transaction (see the top of this file).
CREATE FUNCTION app.sync_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    IF app.current_org() IS NOT NULL
       AND coalesce(current_setting('app.sync_locked', true), '') IS DISTINCT FROM app.current_org()::text THEN
        PERFORM 1 FROM organizations WHERE id = app.current_org() FOR NO KEY UPDATE;
        PERFORM set_config('app.sync_locked', app.current_org()::text, true);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION app.sync_stamp() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    NEW.sync_version := nextval('app.sync_version_seq');
    RETURN NEW;
END $$;

-- TG_ARGV[0]: the entity's name on the wire; TG_ARGV[1]: the column that identifies a row.
CREATE FUNCTION app.sync_tombstone() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    -- Deleting the organization itself deletes everything: nobody is left to tell.
    IF EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN
        INSERT INTO sync_tombstones (organization_id, entity, row_id, sync_version)
        VALUES (OLD.organization_id, TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1], nextval('app.sync_version_seq'))
        ON CONFLICT (organization_id, entity, row_id)
            DO UPDATE SET sync_version = EXCLUDED.sync_version, deleted_at = now();
    END IF;
    RETURN OLD;
END $$;

-- A row created again (an undone delete) is no longer deleted.
CREATE FUNCTION app.sync_revive() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    DELETE FROM sync_tombstones
    WHERE organization_id = NEW.organization_id AND entity = TG_ARGV[0] AND row_id = to_jsonb(NEW) ->> TG_ARGV[1];
    RETURN NULL;
END $$;

-- Wakes the pulls that wait for this organization (delivered at commit, once per transaction).
CREATE FUNCTION app.sync_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    IF app.current_org() IS NOT NULL THEN
        PERFORM pg_notify('neuroflow_sync', app.current_org()::text);
    END IF;
    RETURN NULL;
END $$;

-- Every document a workflow gets is kept as a version.
CREATE FUNCTION app.keep_workflow_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version THEN
        INSERT INTO workflow_versions (organization_id, workflow_id, version, document, message, created_by)
        VALUES (NEW.organization_id, NEW.id, NEW.version,
                jsonb_build_object('name', NEW.name, 'description', NEW.description, 'nodes', NEW.nodes,
                                   'edges', NEW.edges, 'variables', NEW.variables, 'tags', NEW.tags),
                nullif(current_setting('app.version_message', true), ''), app.current_user_id())
        ON CONFLICT (workflow_id, version) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER automation_workflows_versions AFTER INSERT OR UPDATE ON automation_workflows
    FOR EACH ROW EXECUTE FUNCTION app.keep_workflow_version();

-- The triggers of each synced table: (table, entity, id column).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('ai_agents', 'agent', 'id'), ('agent_teams', 'team', 'id'), ('team_members', 'team_member', 'id'),
        ('automation_workflows', 'workflow', 'id'), ('integrations', 'integration', 'id'),
        ('workflow_templates', 'template', 'id'), ('org_settings', 'setting', 'key'),
        ('sync_conflicts', 'conflict', 'id')) AS v (tab, entity, key)
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION app.sync_lock()', t.tab || '_sync_lock', t.tab);
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I
                        FOR EACH ROW EXECUTE FUNCTION app.sync_stamp()', t.tab || '_sync_stamp', t.tab);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION app.sync_tombstone(%L, %L)', t.tab || '_sync_tombstone',
                       t.tab, t.entity, t.key);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I
                        FOR EACH ROW EXECUTE FUNCTION app.sync_revive(%L, %L)', t.tab || '_sync_revive',
                       t.tab, t.entity, t.key);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION app.sync_notify()', t.tab || '_sync_notify', t.tab);
    END LOOP;
END $$;

-- Row-level security: the one tenant rule, for reads and writes, on every new table.
DO $$
DECLARE
    tab text;
BEGIN
    FOREACH tab IN ARRAY ARRAY['org_settings', 'workflow_versions', 'sync_conflicts', 'sync_tombstones',
                               'sync_clients', 'sync_rejections']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tab);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tab);
        EXECUTE format('CREATE POLICY tenant ON %I
            USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
            WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))',
            tab);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO neuroflow_app', tab);
    END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION app.sync_lock(), app.sync_stamp(), app.sync_tombstone(), app.sync_revive(),
    app.sync_notify(), app.keep_workflow_version() TO neuroflow_app;
