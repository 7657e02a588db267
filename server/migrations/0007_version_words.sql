-- A workflow says the words its current version was saved with, and who saved it (issue 14): a
-- desktop's push carries the message the person gave the version there, the service keeps it on the
-- version (workflow_versions.message, as before) and now on the row too, so that a pull hands it to
-- every other desktop with the document, and their history shows it. Set from the same transaction
-- settings the version's message is taken from; a version made without them (the web API) says
-- nothing, never an older version's words.
ALTER TABLE automation_workflows
    ADD COLUMN version_message text CHECK (char_length(version_message) <= 2000),
    ADD COLUMN version_author text CHECK (char_length(version_author) <= 200);

CREATE FUNCTION app.stamp_version_words() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version THEN
        NEW.version_message := nullif(current_setting('app.version_message', true), '');
        NEW.version_author := nullif(current_setting('app.version_author', true), '');
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER automation_workflows_version_words BEFORE INSERT OR UPDATE ON automation_workflows
    FOR EACH ROW EXECUTE FUNCTION app.stamp_version_words();
