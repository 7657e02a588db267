-- V0014: a workflow's whole history syncs with its workspace (issue 14), not only the versions that
-- were published: every version saved here, with its words, reaches the other desktops' histories.
--
-- A version saved here gets an id that names it everywhere (its number is each copy's own: two
-- desktops number their saves apart). One taken from the workspace's document (a published version,
-- or a merge) has none: it was not saved by a person; when the version saved on another desktop that
-- it is arrives, it takes that version's id (crates/store/src/table/sync_versions.rs). Versions never
-- change, so only their making is captured; they go with their workflow.
ALTER TABLE workflow_versions ADD COLUMN id TEXT;
UPDATE workflow_versions
SET id = lower(printf('%s-%s-4%s-%s%s-%s', hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
                      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
WHERE pulled = 0;
-- Partial: a lookup of the versions without one (by workflow, sync_versions) must never walk them all.
CREATE UNIQUE INDEX workflow_versions_id ON workflow_versions (id) WHERE id IS NOT NULL;

CREATE TRIGGER sync_workflow_version_insert AFTER INSERT ON workflow_versions
WHEN NEW.pulled = 0 AND NEW.id IS NOT NULL AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'workflow_version', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;

-- An organization connected already sends the history it saved so far, as connecting now does.
INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
SELECT 'workflow_version', v.id, 'create', '["*"]',
       printf('%015d-%05d-%s', CAST(round((julianday(v.created_at) - 2440587.5) * 86400000.0) AS INTEGER), 0, s.client_id)
FROM workflow_versions v JOIN sync_state s ON s.connected = 1
WHERE v.pulled = 0 AND v.id IS NOT NULL
  AND v.workflow_id IN (SELECT id FROM automation_workflows WHERE deleted_at IS NULL)
ORDER BY v.rowid;
