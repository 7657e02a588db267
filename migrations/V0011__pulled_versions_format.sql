-- A version kept from a pulled workflow document named its format 'neuroflow.workflow/v1' instead of
-- the format number every document carries (1), so the history could not open it ("a stored value is
-- damaged"), nor compare it. Pulls now write 1 (crates/store/src/table/sync_write.rs); the versions
-- written before are documents of format 1.
UPDATE workflow_versions SET document = json_set(document, '$.format', 1)
WHERE json_extract(document, '$.format') = 'neuroflow.workflow/v1';
