-- V0012: templates published by the organization sync with its workspace (issue 14). The outbox
-- captures a template made, changed or removed here, as V0006 does for the other synced tables,
-- except the built-in ones: every app ships them, so they never leave this computer. Usage and
-- ratings are this computer's own and change nothing that syncs.
CREATE TRIGGER sync_template_insert AFTER INSERT ON workflow_templates
WHEN NEW.source <> 'BUILTIN' AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'template', NEW.id, 'create', '["*"]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_template_update AFTER UPDATE ON workflow_templates
WHEN NEW.source <> 'BUILTIN' AND (NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description OR NEW.category IS NOT OLD.category OR NEW.difficulty IS NOT OLD.difficulty OR NEW.estimated_time IS NOT OLD.estimated_time OR NEW.document IS NOT OLD.document OR NEW.tags IS NOT OLD.tags OR NEW.is_public IS NOT OLD.is_public OR NEW.manifest IS NOT OLD.manifest OR NEW.source IS NOT OLD.source OR NEW.source_workflow_id IS NOT OLD.source_workflow_id) AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'template', NEW.id, 'update', json_array(CASE WHEN NEW.name IS NOT OLD.name THEN 'name' END, CASE WHEN NEW.description IS NOT OLD.description THEN 'description' END, CASE WHEN NEW.category IS NOT OLD.category THEN 'category' END, CASE WHEN NEW.difficulty IS NOT OLD.difficulty THEN 'difficulty' END, CASE WHEN NEW.estimated_time IS NOT OLD.estimated_time THEN 'estimated_time' END, CASE WHEN NEW.document IS NOT OLD.document THEN 'document' END, CASE WHEN NEW.tags IS NOT OLD.tags THEN 'tags' END, CASE WHEN NEW.is_public IS NOT OLD.is_public THEN 'is_public' END, CASE WHEN NEW.manifest IS NOT OLD.manifest THEN 'manifest' END, CASE WHEN NEW.source IS NOT OLD.source THEN 'source' END, CASE WHEN NEW.source_workflow_id IS NOT OLD.source_workflow_id THEN 'source_workflow_id' END), printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
CREATE TRIGGER sync_template_delete AFTER DELETE ON workflow_templates
WHEN OLD.source <> 'BUILTIN' AND (SELECT connected = 1 AND applying = 0 FROM sync_state)
BEGIN
    UPDATE sync_state SET hlc_ms = max(hlc_ms, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)),
        hlc_ctr = CASE WHEN CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER) > hlc_ms THEN 0 ELSE hlc_ctr + 1 END;
    INSERT INTO sync_outbox (entity, row_id, op, fields, hlc)
        SELECT 'template', OLD.id, 'delete', '[]', printf('%015d-%05d-%s', hlc_ms, hlc_ctr, client_id) FROM sync_state;
END;
