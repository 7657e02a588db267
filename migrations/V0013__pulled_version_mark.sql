-- V0013: a version kept from a pulled workflow document is marked (issue 14). A push sends the words
-- the workflow's current version was saved with here, so that the workspace's version, and every
-- other desktop's history, says them; a version that came from the workspace has its words there
-- already and sends none. Versions pulled before were all named 'From the workspace…' by the sync.
ALTER TABLE workflow_versions ADD COLUMN pulled INTEGER NOT NULL DEFAULT 0 CHECK (pulled IN (0, 1));
UPDATE workflow_versions SET pulled = 1 WHERE created_by IS NULL AND message LIKE 'From the workspace%';
