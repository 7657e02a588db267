-- V0003: the workflow editor — drafts saved as people edit, versions with messages, the published
-- version (what triggers and `neuroflow run` use: the document kept on automation_workflows, whose
-- `version` says which one it is), deletes that can be undone, and test runs of drafts.

ALTER TABLE workflow_versions ADD COLUMN message TEXT;
ALTER TABLE automation_workflows ADD COLUMN deleted_at TEXT;
ALTER TABLE workflow_executions ADD COLUMN test_run INTEGER NOT NULL DEFAULT 0 CHECK (test_run IN (0, 1));
CREATE INDEX automation_workflows_deleted ON automation_workflows (deleted_at) WHERE deleted_at IS NOT NULL;

-- What is being edited, saved within a second of every change: the document (valid or not), the
-- version it was based on (so a save never silently overwrites someone else's), the editor's
-- undo/redo history (its own format, opaque here), the sample input and pinned node outputs.
CREATE TABLE workflow_drafts (
    workflow_id     TEXT PRIMARY KEY NOT NULL REFERENCES automation_workflows (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    document        TEXT NOT NULL CHECK (json_valid(document) AND json_type(document) = 'object'),
    base_version    INTEGER NOT NULL CHECK (base_version >= 1),
    history         TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(history)),
    sample_input    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sample_input)),
    pins            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(pins) AND json_type(pins) = 'object'),
    updated_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX workflow_drafts_organization ON workflow_drafts (organization_id);

-- A saved version, a publish, a delete or its undo is a change an open editor must hear of.
DROP TRIGGER changes_workflow_update;
CREATE TRIGGER changes_workflow_update AFTER UPDATE ON automation_workflows
WHEN NEW.version IS NOT OLD.version OR NEW.is_active IS NOT OLD.is_active OR NEW.name IS NOT OLD.name
     OR NEW.deleted_at IS NOT OLD.deleted_at
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', NEW.id,
    CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'deleted' ELSE 'updated' END); END;
CREATE TRIGGER changes_workflow_version AFTER INSERT ON workflow_versions
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', NEW.workflow_id, 'updated'); END;
