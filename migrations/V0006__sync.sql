-- V0006: sync with the organization's workspace (issue 14), and the workspace's plan names.
--
-- Plans: the workspace names them FREE, STARTER, GROWTH, ELITE and ENTERPRISE; V0001 allowed FREE,
-- PRO, TEAM and ENTERPRISE. SQLite cannot alter a CHECK, and rebuilding `organizations` would
-- cascade-delete everything that references it (foreign keys are on inside a migration), so the
-- CHECK is rewritten in the schema itself — the procedure SQLite documents for changing a CHECK
-- (writable_schema; the tables created below change the schema cookie, so every connection reads
-- the new schema, and the store reopens the migrating one). No value changes: the app only ever
-- wrote FREE.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (plan IN (''FREE'', ''PRO'', ''TEAM'', ''ENTERPRISE''))',
                                            'CHECK (plan IN (''FREE'', ''STARTER'', ''GROWTH'', ''ELITE'', ''ENTERPRISE''))')
 WHERE type = 'table' AND name = 'organizations';
PRAGMA writable_schema = OFF;

-- Where this copy of the organization stands with its workspace: one row, made when it is
-- connected. The capture triggers below read `connected` and `applying`: changes are recorded only
-- while connected, and never while pulled changes are being applied (`applying` is set and reset
-- inside the applying transaction, so no other connection ever sees it set).
-- The hybrid logical clock (hlc_ms, hlc_ctr) is kept here too: each captured change takes
-- max(wall clock, last clock) — with a counter for ties — and each pull moves it past the clocks
-- it brings, so an edit made after seeing another's always has the later clock.
CREATE TABLE sync_state (
    organization_id         TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connected               INTEGER NOT NULL DEFAULT 0 CHECK (connected IN (0, 1)),
    applying                INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    client_id               TEXT NOT NULL,
    workspace_url           TEXT,
    -- The workspace's id of this organization (this copy's own id when it was downloaded from
    -- there; another when a local organization was uploaded).
    workspace_org_id        TEXT,
    -- The workspace account that connected it (its id and email; never a token).
    account_id              TEXT,
    account_email           TEXT,
    cursor                  INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
    -- Set while syncing again from the start (the cursor fell below the workspace's tombstone
    -- horizon): rows the workspace does not send again are removed when it ends. Kept here so that
    -- a crash mid-resync carries on with it.
    resyncing               INTEGER NOT NULL DEFAULT 0 CHECK (resyncing IN (0, 1)),
    next_mutation           INTEGER NOT NULL DEFAULT 1 CHECK (next_mutation >= 1),
    hlc_ms                  INTEGER NOT NULL DEFAULT 0,
    hlc_ctr                 INTEGER NOT NULL DEFAULT 0,
    -- The last-synced session: what the app enforces offline.
    role                    TEXT CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    plan                    TEXT CHECK (plan IN ('FREE', 'STARTER', 'GROWTH', 'ELITE', 'ENTERPRISE')),
    executions_this_month   INTEGER NOT NULL DEFAULT 0,
    usage_month             TEXT,
    session_at              TEXT,
    last_sync_at            TEXT,
    last_error              TEXT,
    last_error_at           TEXT,
    failures                INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    next_attempt_at         TEXT
);

-- The outbox: every change to a synced record, captured by trigger in the transaction that makes
-- it. `fields` names the changed columns ('*': all); values are read when the change is pushed, so
-- several changes of one row travel as one mutation. `mutation_id` is set when a change is put in a
-- push and kept until the workspace has it: a push retried after a crash resends exactly that.
CREATE TABLE sync_outbox (
    seq         INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'upsert')),
    fields      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(fields) AND json_type(fields) = 'array'),
    hlc         TEXT NOT NULL,
    mutation_id INTEGER,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX sync_outbox_row ON sync_outbox (entity, row_id);
CREATE INDEX sync_outbox_in_flight ON sync_outbox (mutation_id) WHERE mutation_id IS NOT NULL;

-- What the workspace has of each synced row: the feed version last seen, and for workflows the
-- workspace's document version this copy's document is based on (a push's merge base).
CREATE TABLE sync_rows (
    entity       TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    version      INTEGER NOT NULL,
    base_version INTEGER,
    PRIMARY KEY (entity, row_id)
) WITHOUT ROWID;

-- Pulled rows that could not be applied yet (a team member before its agent): retried after
-- every page until what they need arrives.
CREATE TABLE sync_inbox (
    entity      TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    data        TEXT NOT NULL CHECK (json_valid(data)),
    field_hlc   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_hlc)),
    reason      TEXT NOT NULL,
    PRIMARY KEY (entity, row_id)
) WITHOUT ROWID;

-- Changes the workspace refused (a role, a plan limit, a deleted row), for the person to see.
CREATE TABLE sync_rejections (
    mutation_id INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Conflict copies kept by the workspace's merge: the other side's whole document, the nodes both
-- changed, and whether someone resolved it (in the editor's compare view).
CREATE TABLE sync_conflicts (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id     TEXT NOT NULL REFERENCES automation_workflows (id) ON DELETE CASCADE,
    base_version    INTEGER,
    merged_version  INTEGER NOT NULL,
    document        TEXT NOT NULL CHECK (json_valid(document) AND json_type(document) = 'object'),
    nodes           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(nodes) AND json_type(nodes) = 'array'),
    edges           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(edges) AND json_type(edges) = 'array'),
    author_name     TEXT NOT NULL DEFAULT '',
    resolved        INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    created_at      TEXT NOT NULL
);
CREATE INDEX sync_conflicts_workflow ON sync_conflicts (workflow_id);

-- Open windows hear of connection, role and plan changes through the change feed.
CREATE TRIGGER changes_sync_state AFTER UPDATE OF connected, role, plan, last_sync_at, last_error ON sync_state
WHEN NEW.connected IS NOT OLD.connected OR NEW.role IS NOT OLD.role OR NEW.plan IS NOT OLD.plan
     OR NEW.last_sync_at IS NOT OLD.last_sync_at OR NEW.last_error IS NOT OLD.last_error
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('organization', NEW.organization_id, 'updated'); END;
CREATE TRIGGER changes_sync_conflict AFTER INSERT ON sync_conflicts
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', NEW.workflow_id, 'updated'); END;

-- The capture triggers: one per synced table and change (generated from one list; see
-- crates/store/src/table/sync_entities.rs for the same list in Rust).
CREATE TRIGGER sync_agent_insert AFTER INSERT ON ai_agents
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'agent', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_agent_update AFTER UPDATE ON ai_agents
WHEN (NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description OR NEW.avatar IS NOT OLD.avatar OR NEW.personality IS NOT OLD.personality OR NEW.model_config IS NOT OLD.model_config OR NEW.capabilities IS NOT OLD.capabilities OR NEW.memory IS NOT OLD.memory OR NEW.budget IS NOT OLD.budget OR NEW.is_active IS NOT OLD.is_active) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'agent', NEW.id, 'update', json_array(CASE WHEN NEW.name IS NOT OLD.name THEN 'name' END, CASE WHEN NEW.description IS NOT OLD.description THEN 'description' END, CASE WHEN NEW.avatar IS NOT OLD.avatar THEN 'avatar' END, CASE WHEN NEW.personality IS NOT OLD.personality THEN 'personality' END, CASE WHEN NEW.model_config IS NOT OLD.model_config THEN 'model_config' END, CASE WHEN NEW.capabilities IS NOT OLD.capabilities THEN 'capabilities' END, CASE WHEN NEW.memory IS NOT OLD.memory THEN 'memory' END, CASE WHEN NEW.budget IS NOT OLD.budget THEN 'budget' END, CASE WHEN NEW.is_active IS NOT OLD.is_active THEN 'is_active' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_agent_delete AFTER DELETE ON ai_agents
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'agent', OLD.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_insert AFTER INSERT ON agent_teams
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_update AFTER UPDATE ON agent_teams
WHEN (NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description OR NEW.structure IS NOT OLD.structure OR NEW.budget IS NOT OLD.budget OR NEW.is_active IS NOT OLD.is_active) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team', NEW.id, 'update', json_array(CASE WHEN NEW.name IS NOT OLD.name THEN 'name' END, CASE WHEN NEW.description IS NOT OLD.description THEN 'description' END, CASE WHEN NEW.structure IS NOT OLD.structure THEN 'structure' END, CASE WHEN NEW.budget IS NOT OLD.budget THEN 'budget' END, CASE WHEN NEW.is_active IS NOT OLD.is_active THEN 'is_active' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_delete AFTER DELETE ON agent_teams
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team', OLD.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_member_insert AFTER INSERT ON team_members
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team_member', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_member_update AFTER UPDATE ON team_members
WHEN (NEW.team_id IS NOT OLD.team_id OR NEW.agent_id IS NOT OLD.agent_id OR NEW.role IS NOT OLD.role OR NEW.priority IS NOT OLD.priority) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team_member', NEW.id, 'update', json_array(CASE WHEN NEW.team_id IS NOT OLD.team_id THEN 'team_id' END, CASE WHEN NEW.agent_id IS NOT OLD.agent_id THEN 'agent_id' END, CASE WHEN NEW.role IS NOT OLD.role THEN 'role' END, CASE WHEN NEW.priority IS NOT OLD.priority THEN 'priority' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_member_delete AFTER DELETE ON team_members
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team_member', OLD.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_integration_insert AFTER INSERT ON integrations
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'integration', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_integration_update AFTER UPDATE ON integrations
WHEN (NEW.name IS NOT OLD.name OR NEW.provider IS NOT OLD.provider OR NEW.config IS NOT OLD.config OR NEW.is_active IS NOT OLD.is_active) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'integration', NEW.id, 'update', json_array(CASE WHEN NEW.name IS NOT OLD.name THEN 'name' END, CASE WHEN NEW.provider IS NOT OLD.provider THEN 'provider' END, CASE WHEN NEW.config IS NOT OLD.config THEN 'config' END, CASE WHEN NEW.is_active IS NOT OLD.is_active THEN 'is_active' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_integration_delete AFTER DELETE ON integrations
WHEN (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'integration', OLD.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_setting_insert AFTER INSERT ON settings
WHEN NEW.key IN ('limits') AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'setting', NEW.key, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_setting_update AFTER UPDATE ON settings
WHEN NEW.key IN ('limits') AND (NEW.value IS NOT OLD.value) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'setting', NEW.key, 'update', json_array(CASE WHEN NEW.value IS NOT OLD.value THEN 'value' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_setting_delete AFTER DELETE ON settings
WHEN OLD.key IN ('limits') AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'setting', OLD.key, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_insert AFTER INSERT ON automation_workflows
WHEN NEW.deleted_at IS NULL AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_update AFTER UPDATE ON automation_workflows
WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NULL AND (NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description OR NEW.nodes IS NOT OLD.nodes OR NEW.edges IS NOT OLD.edges OR NEW.variables IS NOT OLD.variables OR NEW.is_active IS NOT OLD.is_active OR NEW.tags IS NOT OLD.tags OR NEW.template_id IS NOT OLD.template_id) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow', NEW.id, 'update', json_array(CASE WHEN NEW.name IS NOT OLD.name THEN 'name' END, CASE WHEN NEW.description IS NOT OLD.description THEN 'description' END, CASE WHEN NEW.nodes IS NOT OLD.nodes THEN 'nodes' END, CASE WHEN NEW.edges IS NOT OLD.edges THEN 'edges' END, CASE WHEN NEW.variables IS NOT OLD.variables THEN 'variables' END, CASE WHEN NEW.is_active IS NOT OLD.is_active THEN 'is_active' END, CASE WHEN NEW.tags IS NOT OLD.tags THEN 'tags' END, CASE WHEN NEW.template_id IS NOT OLD.template_id THEN 'template_id' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_soft_delete AFTER UPDATE OF deleted_at ON automation_workflows
WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow', NEW.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_undelete AFTER UPDATE OF deleted_at ON automation_workflows
WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_delete AFTER DELETE ON automation_workflows
WHEN OLD.deleted_at IS NULL AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow', OLD.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_conflict_update AFTER UPDATE OF resolved ON sync_conflicts
WHEN NEW.resolved IS NOT OLD.resolved AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'conflict', NEW.id, 'update', '["resolved"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_execution_insert AFTER INSERT ON workflow_executions
WHEN NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow_execution', NEW.id, 'upsert', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_workflow_execution_update AFTER UPDATE ON workflow_executions
WHEN NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND (NEW.status IS NOT OLD.status OR NEW.output IS NOT OLD.output
     OR NEW.completed_at IS NOT OLD.completed_at) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow_execution', NEW.id, 'upsert', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_execution_insert AFTER INSERT ON team_executions
WHEN NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team_execution', NEW.id, 'upsert', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_team_execution_update AFTER UPDATE ON team_executions
WHEN NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND (NEW.status IS NOT OLD.status OR NEW.output IS NOT OLD.output
     OR NEW.completed_at IS NOT OLD.completed_at) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'team_execution', NEW.id, 'upsert', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_agent_execution_insert AFTER INSERT ON agent_executions
WHEN NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'agent_execution', NEW.id, 'upsert', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_agent_execution_update AFTER UPDATE ON agent_executions
WHEN NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND (NEW.status IS NOT OLD.status OR NEW.output IS NOT OLD.output
     OR NEW.completed_at IS NOT OLD.completed_at) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'agent_execution', NEW.id, 'upsert', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
