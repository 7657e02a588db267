-- The sync triggers that wrote to another table once per row now do it once per statement, over
-- the statement's transition tables: a push applies its changes set-wise (one INSERT or UPDATE for
-- hundreds of rows, server/src/sync/batch.rs), and a per-row trigger ran its own statement, with
-- its own row-level security check, for every one of them — most of a change's cost (issue 14:
-- 0.93 ms a change, against the 0.33 ms that 3,000 changes/s allows). What they do is unchanged:
-- a row created again is no longer deleted, and every document a workflow gets is kept as a
-- version. Transition tables allow one event per trigger, so inserts and updates each get theirs.

-- TG_ARGV[0]: the entity's name on the wire; TG_ARGV[1]: the column that identifies a row.
CREATE FUNCTION app.sync_revive_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    DELETE FROM sync_tombstones t
    USING new_rows n
    WHERE t.organization_id = n.organization_id AND t.entity = TG_ARGV[0]
      AND t.row_id = to_jsonb(n) ->> TG_ARGV[1];
    RETURN NULL;
END $$;

-- A version for every row inserted, and for every row updated whose version moved.
CREATE FUNCTION app.keep_workflow_versions() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO workflow_versions (organization_id, workflow_id, version, document, message, created_by)
        SELECT n.organization_id, n.id, n.version,
               jsonb_build_object('name', n.name, 'description', n.description, 'nodes', n.nodes,
                                  'edges', n.edges, 'variables', n.variables, 'tags', n.tags),
               nullif(current_setting('app.version_message', true), ''), app.current_user_id()
        FROM new_rows n
        ON CONFLICT (workflow_id, version) DO NOTHING;
    ELSE
        INSERT INTO workflow_versions (organization_id, workflow_id, version, document, message, created_by)
        SELECT n.organization_id, n.id, n.version,
               jsonb_build_object('name', n.name, 'description', n.description, 'nodes', n.nodes,
                                  'edges', n.edges, 'variables', n.variables, 'tags', n.tags),
               nullif(current_setting('app.version_message', true), ''), app.current_user_id()
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.version IS DISTINCT FROM o.version
        ON CONFLICT (workflow_id, version) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER automation_workflows_versions ON automation_workflows;
CREATE TRIGGER automation_workflows_versions_insert AFTER INSERT ON automation_workflows
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION app.keep_workflow_versions();
CREATE TRIGGER automation_workflows_versions_update AFTER UPDATE ON automation_workflows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION app.keep_workflow_versions();

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
        EXECUTE format('DROP TRIGGER %I ON %I', t.tab || '_sync_revive', t.tab);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION app.sync_revive_rows(%L, %L)',
                       t.tab || '_sync_revive', t.tab, t.entity, t.key);
    END LOOP;
END $$;

DROP FUNCTION app.sync_revive();
DROP FUNCTION app.keep_workflow_version();
GRANT EXECUTE ON FUNCTION app.sync_revive_rows(), app.keep_workflow_versions() TO neuroflow_app;
