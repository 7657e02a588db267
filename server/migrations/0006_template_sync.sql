-- Templates published by an organization's desktops sync (issue 14): a desktop keeps the rest of a
-- template's file beside its document (`manifest`: slug, version, icon, what it requires, its
-- estimate), says where it came from (published from a workflow, or imported from a file) and which
-- workflow it was published from. Built-in templates ship with every app and never sync.
-- `source_workflow_id` has no foreign key: automation_workflows.template_id already points the other
-- way, and a key each way would make the order of a push circular.
ALTER TABLE workflow_templates
    ADD COLUMN manifest jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(manifest) = 'object'),
    ADD COLUMN source text NOT NULL DEFAULT 'PRIVATE' CHECK (source IN ('PRIVATE', 'IMPORTED')),
    ADD COLUMN source_workflow_id uuid;
