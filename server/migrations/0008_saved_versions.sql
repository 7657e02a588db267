-- Every version a desktop saves of a workflow syncs, published or not (issue 14): the workspace
-- keeps each one, with the words it was saved with and who saved it, and hands it to the other
-- desktops, whose histories then show it. These are the desktops' saves, named by an id each
-- desktop gives them (their numbers are each desktop's own); `workflow_versions` stays the
-- workspace's own record of every document a workflow has had, which merges are based on.
--
-- A saved version never changes. It goes with its workflow: deleting a workflow deletes its saved
-- versions without a tombstone each, since every desktop keeps or drops them with the workflow.
CREATE TABLE saved_versions (
    organization_id uuid NOT NULL,
    id              uuid PRIMARY KEY,
    workflow_id     uuid NOT NULL,
    document        jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    message         text CHECK (char_length(message) <= 2000),
    author_name     text CHECK (char_length(author_name) <= 200),
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sync_version    bigint NOT NULL DEFAULT 0,
    field_hlc       jsonb NOT NULL DEFAULT '{}',
    FOREIGN KEY (organization_id, workflow_id) REFERENCES automation_workflows (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX saved_versions_sync ON saved_versions (organization_id, sync_version);
CREATE INDEX saved_versions_workflow ON saved_versions (workflow_id);

CREATE TRIGGER saved_versions_sync_lock BEFORE INSERT OR UPDATE OR DELETE ON saved_versions
    FOR EACH STATEMENT EXECUTE FUNCTION app.sync_lock();
CREATE TRIGGER saved_versions_sync_stamp BEFORE INSERT OR UPDATE ON saved_versions
    FOR EACH ROW EXECUTE FUNCTION app.sync_stamp();
CREATE TRIGGER saved_versions_sync_notify AFTER INSERT OR UPDATE OR DELETE ON saved_versions
    FOR EACH STATEMENT EXECUTE FUNCTION app.sync_notify();

ALTER TABLE saved_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON saved_versions
    USING ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL))
    WITH CHECK ((organization_id = app.current_org() AND (SELECT app.member_role(app.current_org())) IS NOT NULL));
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_versions TO neuroflow_app;
