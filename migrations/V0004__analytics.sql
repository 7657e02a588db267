-- V0004: analytics and retention.
--
-- Rollups: what ran, how it ended, how long it took (a latency histogram, see
-- crates/store/src/histogram.rs), what it spent — per hour and per UTC day, per workflow, agent,
-- team and integration action. They are written by the store in the same transaction that closes
-- the run, call or step they count, so they never drift from the records, and they are never pruned
-- with the records: analytics outlive retention. `period` is the bucket's start in whole hours since
-- 1970-01-01T00:00Z (a day row's period is its midnight's), an integer so a range is one index range.
-- Rollups name what they count by id without a foreign key (they outlive a deleted workflow, agent
-- or team); `rollup_labels` keeps the names of deleted ones.

-- A run can be pinned to keep it past retention.
ALTER TABLE workflow_executions ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
-- The error group a failed run belongs to (see error_groups), for the drill-down from a group.
ALTER TABLE workflow_executions ADD COLUMN error_group TEXT;
CREATE INDEX workflow_executions_error_group ON workflow_executions (error_group, started_at)
    WHERE error_group IS NOT NULL;
CREATE INDEX workflow_executions_pinned ON workflow_executions (started_at) WHERE pinned = 1;
-- An integration step's action (`slack.postMessage` …), for the breakdown by action.
ALTER TABLE execution_steps ADD COLUMN action TEXT;
-- The drill-down from an action, a provider or a model to the runs behind it reads these; the
-- partial index costs the steps that are not integration calls nothing.
CREATE INDEX execution_steps_action ON execution_steps (action, started_at) WHERE action IS NOT NULL;
CREATE INDEX agent_executions_model ON agent_executions (provider, model, started_at);

CREATE TABLE run_rollups (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    grain           TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
    period          INTEGER NOT NULL,
    workflow_id     TEXT NOT NULL,
    trigger_kind    TEXT NOT NULL CHECK (trigger_kind IN ('MANUAL', 'SCHEDULE', 'WEBHOOK', 'RERUN', 'SUB_WORKFLOW')),
    -- A sub-workflow's run (its cost is counted in its parent's too) and an editor's test run.
    nested          INTEGER NOT NULL CHECK (nested IN (0, 1)),
    test_run        INTEGER NOT NULL CHECK (test_run IN (0, 1)),
    runs            INTEGER NOT NULL CHECK (runs >= 0),
    completed       INTEGER NOT NULL CHECK (completed >= 0),
    failed          INTEGER NOT NULL CHECK (failed >= 0),
    cancelled       INTEGER NOT NULL CHECK (cancelled >= 0),
    duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0),
    nodes           INTEGER NOT NULL CHECK (nodes >= 0),
    tokens          INTEGER NOT NULL CHECK (tokens >= 0),
    cost            INTEGER NOT NULL CHECK (cost >= 0),
    latency         BLOB NOT NULL,
    PRIMARY KEY (organization_id, grain, period, workflow_id, trigger_kind, nested, test_run)
) WITHOUT ROWID;

-- Agent calls, wherever they were made: DIRECT (the playground, the CLI), in a WORKFLOW, in a TEAM.
CREATE TABLE agent_rollups (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    grain           TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
    period          INTEGER NOT NULL,
    agent_id        TEXT NOT NULL,
    provider        TEXT NOT NULL,
    model           TEXT NOT NULL,
    origin          TEXT NOT NULL CHECK (origin IN ('DIRECT', 'WORKFLOW', 'TEAM')),
    calls           INTEGER NOT NULL CHECK (calls >= 0),
    completed       INTEGER NOT NULL CHECK (completed >= 0),
    failed          INTEGER NOT NULL CHECK (failed >= 0),
    cancelled       INTEGER NOT NULL CHECK (cancelled >= 0),
    duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0),
    tokens_in       INTEGER NOT NULL CHECK (tokens_in >= 0),
    tokens_out      INTEGER NOT NULL CHECK (tokens_out >= 0),
    cost            INTEGER NOT NULL CHECK (cost >= 0),
    latency         BLOB NOT NULL,
    PRIMARY KEY (organization_id, grain, period, agent_id, provider, model, origin)
) WITHOUT ROWID;

CREATE TABLE team_rollups (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    grain           TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
    period          INTEGER NOT NULL,
    team_id         TEXT NOT NULL,
    origin          TEXT NOT NULL CHECK (origin IN ('DIRECT', 'WORKFLOW')),
    runs            INTEGER NOT NULL CHECK (runs >= 0),
    completed       INTEGER NOT NULL CHECK (completed >= 0),
    failed          INTEGER NOT NULL CHECK (failed >= 0),
    cancelled       INTEGER NOT NULL CHECK (cancelled >= 0),
    duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0),
    tokens          INTEGER NOT NULL CHECK (tokens >= 0),
    cost            INTEGER NOT NULL CHECK (cost >= 0),
    latency         BLOB NOT NULL,
    PRIMARY KEY (organization_id, grain, period, team_id, origin)
) WITHOUT ROWID;

-- Integration actions run by workflow steps (a reused or pinned output is not a call).
CREATE TABLE action_rollups (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    grain           TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
    period          INTEGER NOT NULL,
    action          TEXT NOT NULL,
    calls           INTEGER NOT NULL CHECK (calls >= 0),
    completed       INTEGER NOT NULL CHECK (completed >= 0),
    failed          INTEGER NOT NULL CHECK (failed >= 0),
    cancelled       INTEGER NOT NULL CHECK (cancelled >= 0),
    duration_us     INTEGER NOT NULL CHECK (duration_us >= 0),
    latency         BLOB NOT NULL,
    PRIMARY KEY (organization_id, grain, period, action)
) WITHOUT ROWID;

-- Failed runs grouped by workflow, node and message (ids, numbers and times in the message replaced,
-- so "timeout after 30012 ms" and "timeout after 30450 ms" are one group). The id is a hash of the
-- three, so a group is found without a lookup table.
CREATE TABLE error_groups (
    id                  TEXT PRIMARY KEY NOT NULL,
    organization_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id         TEXT NOT NULL,
    -- NULL when the run failed outside any node (interrupted, a budget reached).
    node_id             TEXT,
    node_name           TEXT,
    signature           TEXT NOT NULL,
    -- The latest failure's own message and run.
    sample              TEXT NOT NULL,
    sample_execution_id TEXT NOT NULL,
    failures            INTEGER NOT NULL CHECK (failures >= 0),
    first_seen          TEXT NOT NULL,
    last_seen           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX error_groups_last_seen ON error_groups (organization_id, last_seen);

CREATE TABLE error_rollups (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    grain           TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
    period          INTEGER NOT NULL,
    group_id        TEXT NOT NULL,
    failures        INTEGER NOT NULL CHECK (failures >= 0),
    PRIMARY KEY (organization_id, grain, period, group_id)
) WITHOUT ROWID;

-- The names of deleted workflows, agents and teams, so analytics still say what they counted.
CREATE TABLE rollup_labels (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('workflow', 'agent', 'team')),
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TRIGGER rollup_label_workflow AFTER DELETE ON automation_workflows
BEGIN INSERT OR REPLACE INTO rollup_labels VALUES (OLD.organization_id, 'workflow', OLD.id, OLD.name); END;
CREATE TRIGGER rollup_label_agent AFTER DELETE ON ai_agents
BEGIN INSERT OR REPLACE INTO rollup_labels VALUES (OLD.organization_id, 'agent', OLD.id, OLD.name); END;
CREATE TRIGGER rollup_label_team AFTER DELETE ON agent_teams
BEGIN INSERT OR REPLACE INTO rollup_labels VALUES (OLD.organization_id, 'team', OLD.id, OLD.name); END;

-- Retention's own changes (a prune, a pin) reach other processes and windows as 'execution' changes.
DROP TRIGGER changes_execution_update;
CREATE TRIGGER changes_execution_update AFTER UPDATE OF status, pinned ON workflow_executions
WHEN (NEW.status IS NOT OLD.status AND NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED'))
     OR NEW.pinned IS NOT OLD.pinned
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('execution', NEW.id, 'updated'); END;
