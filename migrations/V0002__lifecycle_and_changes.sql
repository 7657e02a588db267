-- V0002: one lifecycle for runs, agent calls and team runs; and the change feed.
--
-- Agent calls and team runs name the runner (process) that made them, as executions already do, so
-- that recovery closes those a killed process left RUNNING. Unfinished rows of each kind are found by
-- partial indexes that cost finished rows nothing.
ALTER TABLE agent_executions ADD COLUMN runner_id TEXT;
ALTER TABLE team_executions ADD COLUMN runner_id TEXT;
CREATE INDEX workflow_executions_open ON workflow_executions (runner_id) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX agent_executions_open ON agent_executions (runner_id) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX team_executions_open ON team_executions (runner_id) WHERE status IN ('PENDING', 'RUNNING');

-- The change feed: every write that people see elsewhere (a list, a dashboard, the triggers served)
-- leaves a row here, in the same transaction, by trigger — so no code path can forget it. Other
-- processes (the desktop app while the CLI or `neuroflow serve` writes) watch the file and read the
-- rows after the last one they saw. Old rows are pruned; the newest is always kept so the sequence
-- never restarts.
CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    model     TEXT NOT NULL CHECK (model IN ('organization', 'workflow', 'execution', 'agent', 'team',
                                             'integration', 'template', 'settings')),
    model_id  TEXT,
    action    TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted'))
);

CREATE TRIGGER changes_workflow_insert AFTER INSERT ON automation_workflows
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', NEW.id, 'created'); END;
CREATE TRIGGER changes_workflow_update AFTER UPDATE ON automation_workflows
WHEN NEW.version IS NOT OLD.version OR NEW.is_active IS NOT OLD.is_active OR NEW.name IS NOT OLD.name
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', NEW.id, 'updated'); END;
CREATE TRIGGER changes_workflow_delete AFTER DELETE ON automation_workflows
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', OLD.id, 'deleted'); END;

CREATE TRIGGER changes_execution_insert AFTER INSERT ON workflow_executions
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('execution', NEW.id, 'created'); END;
CREATE TRIGGER changes_execution_update AFTER UPDATE OF status ON workflow_executions
WHEN NEW.status IS NOT OLD.status AND NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED')
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('execution', NEW.id, 'updated'); END;
CREATE TRIGGER changes_execution_delete AFTER DELETE ON workflow_executions
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('execution', OLD.id, 'deleted'); END;

CREATE TRIGGER changes_agent_insert AFTER INSERT ON ai_agents
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('agent', NEW.id, 'created'); END;
CREATE TRIGGER changes_agent_update AFTER UPDATE ON ai_agents
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('agent', NEW.id, 'updated'); END;
CREATE TRIGGER changes_agent_delete AFTER DELETE ON ai_agents
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('agent', OLD.id, 'deleted'); END;

CREATE TRIGGER changes_team_insert AFTER INSERT ON agent_teams
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('team', NEW.id, 'created'); END;
CREATE TRIGGER changes_team_update AFTER UPDATE ON agent_teams
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('team', NEW.id, 'updated'); END;
CREATE TRIGGER changes_team_delete AFTER DELETE ON agent_teams
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('team', OLD.id, 'deleted'); END;
CREATE TRIGGER changes_team_member_insert AFTER INSERT ON team_members
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('team', NEW.team_id, 'updated'); END;
CREATE TRIGGER changes_team_member_update AFTER UPDATE ON team_members
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('team', NEW.team_id, 'updated'); END;
CREATE TRIGGER changes_team_member_delete AFTER DELETE ON team_members
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('team', OLD.team_id, 'updated'); END;

CREATE TRIGGER changes_integration_insert AFTER INSERT ON integrations
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('integration', NEW.id, 'created'); END;
CREATE TRIGGER changes_integration_update AFTER UPDATE ON integrations
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('integration', NEW.id, 'updated'); END;
CREATE TRIGGER changes_integration_delete AFTER DELETE ON integrations
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('integration', OLD.id, 'deleted'); END;

CREATE TRIGGER changes_template_insert AFTER INSERT ON workflow_templates
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('template', NEW.id, 'created'); END;
CREATE TRIGGER changes_template_update AFTER UPDATE ON workflow_templates
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('template', NEW.id, 'updated'); END;
CREATE TRIGGER changes_template_delete AFTER DELETE ON workflow_templates
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('template', OLD.id, 'deleted'); END;

CREATE TRIGGER changes_settings_upsert AFTER INSERT ON settings
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('settings', NEW.key, 'updated'); END;
CREATE TRIGGER changes_settings_update AFTER UPDATE ON settings
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('settings', NEW.key, 'updated'); END;
CREATE TRIGGER changes_organization_update AFTER UPDATE ON organizations
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('organization', NEW.id, 'updated'); END;
