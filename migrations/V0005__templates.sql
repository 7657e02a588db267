-- V0005: the template library (issue 11).
--
-- workflow_templates gains what a template file carries beyond its document: a slug (its id across
-- versions) and version, where it came from (shipped in the app, published from one of the
-- organization's workflows, imported from a file), its icon, the providers of the integrations it
-- needs (searched and counted as a facet), the rest of its manifest (requirements, sample input,
-- estimate, compliance) as JSON, the estimate as integer tokens and micro-dollars, ratings as a sum
-- and a count (the old `rating` keeps the average), when it was last deployed (for the 180-day
-- cleanup flag) and the workflow a private template was published from.
ALTER TABLE workflow_templates ADD COLUMN slug TEXT NOT NULL DEFAULT '';
ALTER TABLE workflow_templates ADD COLUMN version TEXT NOT NULL DEFAULT '1.0.0';
ALTER TABLE workflow_templates ADD COLUMN source TEXT NOT NULL DEFAULT 'PRIVATE'
    CHECK (source IN ('BUILTIN', 'PRIVATE', 'IMPORTED'));
ALTER TABLE workflow_templates ADD COLUMN icon TEXT NOT NULL DEFAULT 'bolt';
ALTER TABLE workflow_templates ADD COLUMN integrations TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(integrations) AND json_type(integrations) = 'array');
ALTER TABLE workflow_templates ADD COLUMN manifest TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(manifest) AND json_type(manifest) = 'object');
ALTER TABLE workflow_templates ADD COLUMN estimate_tokens INTEGER NOT NULL DEFAULT 0 CHECK (estimate_tokens >= 0);
ALTER TABLE workflow_templates ADD COLUMN estimate_cost INTEGER NOT NULL DEFAULT 0 CHECK (estimate_cost >= 0);
ALTER TABLE workflow_templates ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0 CHECK (rating_sum >= 0);
ALTER TABLE workflow_templates ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0 CHECK (rating_count >= 0);
ALTER TABLE workflow_templates ADD COLUMN last_used_at TEXT;
ALTER TABLE workflow_templates ADD COLUMN source_workflow_id TEXT REFERENCES automation_workflows (id) ON DELETE SET NULL;
UPDATE workflow_templates SET slug = id WHERE slug = '';
CREATE UNIQUE INDEX workflow_templates_slug ON workflow_templates (organization_id, slug);
CREATE INDEX workflow_templates_source_workflow ON workflow_templates (source_workflow_id)
    WHERE source_workflow_id IS NOT NULL;

-- Two covering indexes for search: a row holds its whole document, and columns stored after it are
-- reached only through its overflow pages, so a search that read rows would read every document.
-- With these, counting, filtering, sorting and the facets read only index pages — the first scans an
-- organization's templates, the second is looked up by id for each full-text hit — and only the
-- page's two dozen cards are read from the table.
-- The first leads with the facets' columns, so the grouped pass that counts them reads it in order; it
-- makes V0001's (organization_id, category) index redundant.
DROP INDEX workflow_templates_category;
CREATE INDEX workflow_templates_search ON workflow_templates (organization_id, category, difficulty, integrations,
    is_featured, usage_count, source, rating_sum, rating_count, created_at, last_used_at, name, id);
CREATE INDEX workflow_templates_search_by_id ON workflow_templates (id, organization_id, is_featured, usage_count,
    category, difficulty, source, rating_sum, rating_count, created_at, last_used_at, integrations, name);

-- Full-text search (FTS5, ranked with bm25) over name, description, tags and integrations. The index
-- keeps its own copy of the text and names its template by id: an external-content index keyed by
-- rowid would break if a VACUUM renumbered this table's rowids (its key is TEXT). Triggers keep it
-- in step with every write, whichever code path makes it.
CREATE VIRTUAL TABLE workflow_templates_fts USING fts5(
    template_id UNINDEXED, name, description, tags, integrations,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO workflow_templates_fts (template_id, name, description, tags, integrations)
    SELECT id, name, description, tags, integrations FROM workflow_templates;
CREATE TRIGGER workflow_templates_fts_insert AFTER INSERT ON workflow_templates
BEGIN
    INSERT INTO workflow_templates_fts (template_id, name, description, tags, integrations)
    VALUES (NEW.id, NEW.name, NEW.description, NEW.tags, NEW.integrations);
END;
CREATE TRIGGER workflow_templates_fts_update AFTER UPDATE OF name, description, tags, integrations
    ON workflow_templates
BEGIN
    DELETE FROM workflow_templates_fts WHERE template_id = OLD.id;
    INSERT INTO workflow_templates_fts (template_id, name, description, tags, integrations)
    VALUES (NEW.id, NEW.name, NEW.description, NEW.tags, NEW.integrations);
END;
CREATE TRIGGER workflow_templates_fts_delete AFTER DELETE ON workflow_templates
BEGIN
    DELETE FROM workflow_templates_fts WHERE template_id = OLD.id;
END;

-- A workflow deployed from a template remembers which one, which version, and the choices made for
-- its requirements (integrations, agents, teams, variables), so that a newer version can be filled
-- the same way and shown as a difference before it is taken.
CREATE TABLE workflow_template_links (
    workflow_id     TEXT PRIMARY KEY NOT NULL REFERENCES automation_workflows (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    template_id     TEXT REFERENCES workflow_templates (id) ON DELETE SET NULL,
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    version         TEXT NOT NULL,
    choices         TEXT NOT NULL CHECK (json_valid(choices) AND json_type(choices) = 'object'),
    deployed_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX workflow_template_links_organization ON workflow_template_links (organization_id);
CREATE INDEX workflow_template_links_template ON workflow_template_links (template_id);

-- One rating per organization and template, 1 to 5; the template row keeps their sum and count.
CREATE TABLE workflow_template_ratings (
    template_id     TEXT NOT NULL REFERENCES workflow_templates (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    stars           INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_at        TEXT NOT NULL,
    PRIMARY KEY (template_id, organization_id)
) WITHOUT ROWID;
CREATE INDEX workflow_template_ratings_organization ON workflow_template_ratings (organization_id);

-- Taking a template's update replaces a link's version: an open workflow page must hear of it.
CREATE TRIGGER changes_template_link_update AFTER UPDATE ON workflow_template_links
BEGIN INSERT INTO changes (model, model_id, action) VALUES ('workflow', NEW.workflow_id, 'updated'); END;
