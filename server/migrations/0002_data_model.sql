-- The organization's data model, as the desktop stores it (migrations/V0001 at the repository root),
-- in PostgreSQL terms. Every table carries organization_id. References between an organization's
-- rows are composite (organization_id, id) foreign keys, so a row can never point at another
-- organization's row, whatever the service asks.

CREATE TABLE ai_agents (
    id                  uuid PRIMARY KEY,
    organization_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by          uuid REFERENCES users (id) ON DELETE SET NULL,
    name                text NOT NULL CHECK (length(trim(name)) > 0),
    description         text NOT NULL DEFAULT '',
    avatar              text,
    personality         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(personality) = 'object'),
    model_config        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(model_config) = 'object'),
    capabilities        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(capabilities) = 'array'),
    memory              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(memory) = 'object'),
    budget              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(budget) = 'object'),
    is_active           boolean NOT NULL DEFAULT true,
    status              text NOT NULL DEFAULT 'IDLE' CHECK (status IN ('IDLE', 'BUSY', 'OFFLINE', 'ERROR')),
    execution_count     bigint NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
    success_count       bigint NOT NULL DEFAULT 0 CHECK (success_count >= 0 AND success_count <= execution_count),
    total_response_ms   bigint NOT NULL DEFAULT 0 CHECK (total_response_ms >= 0),
    success_rate        double precision GENERATED ALWAYS AS
                            (CASE WHEN execution_count = 0 THEN 0.0
                                  ELSE success_count::double precision / execution_count END) STORED,
    avg_response_time   bigint GENERATED ALWAYS AS
                            (CASE WHEN execution_count = 0 THEN 0
                                  ELSE total_response_ms / execution_count END) STORED,
    tokens_used         bigint NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
    cost                bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE INDEX ai_agents_organization ON ai_agents (organization_id);
CREATE INDEX ai_agents_created_by ON ai_agents (created_by);
CREATE INDEX ai_agents_status ON ai_agents (organization_id, status);

CREATE TABLE agent_teams (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    name            text NOT NULL CHECK (length(trim(name)) > 0),
    description     text NOT NULL DEFAULT '',
    structure       text NOT NULL CHECK (structure IN ('HIERARCHICAL', 'COLLABORATIVE', 'PIPELINE', 'DEMOCRATIC')),
    budget          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(budget) = 'object'),
    is_active       boolean NOT NULL DEFAULT true,
    execution_count bigint NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE INDEX agent_teams_organization ON agent_teams (organization_id);
CREATE INDEX agent_teams_created_by ON agent_teams (created_by);

CREATE TABLE team_members (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    team_id         uuid NOT NULL,
    agent_id        uuid NOT NULL,
    role            text NOT NULL CHECK (role IN ('LEADER', 'WORKER', 'COORDINATOR', 'SPECIALIST')),
    priority        integer NOT NULL DEFAULT 0,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, agent_id),
    FOREIGN KEY (organization_id, team_id) REFERENCES agent_teams (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, agent_id) REFERENCES ai_agents (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_organization ON team_members (organization_id);
CREATE INDEX team_members_agent ON team_members (agent_id);

CREATE TABLE workflow_templates (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    name            text NOT NULL CHECK (length(trim(name)) > 0),
    description     text NOT NULL DEFAULT '',
    category        text NOT NULL CHECK (category IN ('SALES', 'SUPPORT', 'MARKETING', 'DATA_PROCESSING',
                                                      'AUTOMATION', 'ANALYTICS', 'CONTENT', 'COMMUNICATION')),
    difficulty      text NOT NULL CHECK (difficulty IN ('BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')),
    estimated_time  integer NOT NULL DEFAULT 0 CHECK (estimated_time >= 0),
    document        jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    tags            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
    usage_count     bigint NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    rating          double precision NOT NULL DEFAULT 0 CHECK (rating >= 0 AND rating <= 5),
    is_public       boolean NOT NULL DEFAULT false,
    is_featured     boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_templates_organization ON workflow_templates (organization_id);
CREATE INDEX workflow_templates_created_by ON workflow_templates (created_by);
CREATE INDEX workflow_templates_category ON workflow_templates (organization_id, category);
CREATE INDEX workflow_templates_public ON workflow_templates (category) WHERE is_public;

CREATE TABLE automation_workflows (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    name            text NOT NULL CHECK (length(trim(name)) > 0),
    description     text NOT NULL DEFAULT '',
    nodes           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(nodes) = 'array'),
    edges           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(edges) = 'array'),
    variables       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(variables) = 'object'),
    is_active       boolean NOT NULL DEFAULT false,
    version         bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    tags            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
    execution_count bigint NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
    last_executed   timestamptz,
    -- A template may be public and another organization's: a plain reference, not a composite one.
    template_id     uuid REFERENCES workflow_templates (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE INDEX automation_workflows_organization ON automation_workflows (organization_id);
CREATE INDEX automation_workflows_created_by ON automation_workflows (created_by);
CREATE INDEX automation_workflows_template ON automation_workflows (template_id);
CREATE INDEX automation_workflows_active ON automation_workflows (organization_id, is_active);
CREATE INDEX automation_workflows_updated ON automation_workflows (organization_id, updated_at);

CREATE TABLE workflow_executions (
    id                  uuid PRIMARY KEY,
    organization_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id         uuid NOT NULL,
    workflow_version    bigint NOT NULL,
    status              text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    trigger_kind        text NOT NULL CHECK (trigger_kind IN ('MANUAL', 'SCHEDULE', 'WEBHOOK', 'RERUN', 'SUB_WORKFLOW')),
    trigger_node        text,
    started_at          timestamptz NOT NULL,
    completed_at        timestamptz,
    duration            bigint CHECK (duration >= 0),
    input               jsonb NOT NULL DEFAULT '{}',
    output              jsonb,
    error               text,
    nodes_executed      bigint NOT NULL DEFAULT 0 CHECK (nodes_executed >= 0),
    tokens_used         bigint NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
    cost                bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
    CHECK ((status IN ('COMPLETED', 'FAILED', 'CANCELLED')) = (completed_at IS NOT NULL)),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, workflow_id)
        REFERENCES automation_workflows (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX workflow_executions_organization ON workflow_executions (organization_id);
CREATE INDEX workflow_executions_workflow ON workflow_executions (workflow_id, started_at);
CREATE INDEX workflow_executions_status ON workflow_executions (status, started_at);
CREATE INDEX workflow_executions_started_at ON workflow_executions (started_at);

CREATE TABLE team_executions (
    id                    uuid PRIMARY KEY,
    organization_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    team_id               uuid NOT NULL,
    workflow_execution_id uuid,
    pattern               text NOT NULL CHECK (pattern IN ('HIERARCHICAL', 'COLLABORATIVE', 'PIPELINE', 'DEMOCRATIC')),
    task                  text NOT NULL,
    input                 jsonb NOT NULL DEFAULT '{}',
    output                jsonb,
    status                text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    started_at            timestamptz NOT NULL,
    completed_at          timestamptz,
    duration              bigint CHECK (duration >= 0),
    agent_results         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(agent_results) = 'array'),
    tokens_used           bigint NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
    cost                  bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
    error                 text,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, team_id) REFERENCES agent_teams (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, workflow_execution_id)
        REFERENCES workflow_executions (organization_id, id) ON DELETE SET NULL (workflow_execution_id)
);
CREATE INDEX team_executions_organization ON team_executions (organization_id);
CREATE INDEX team_executions_team ON team_executions (team_id, started_at);
CREATE INDEX team_executions_workflow_execution ON team_executions (workflow_execution_id);
CREATE INDEX team_executions_status ON team_executions (status);
CREATE INDEX team_executions_started_at ON team_executions (started_at);

CREATE TABLE agent_executions (
    id                    uuid PRIMARY KEY,
    organization_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    agent_id              uuid NOT NULL,
    workflow_execution_id uuid,
    team_execution_id     uuid,
    node_id               text,
    task                  text NOT NULL,
    input                 jsonb NOT NULL DEFAULT '{}',
    output                jsonb,
    status                text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    started_at            timestamptz NOT NULL,
    completed_at          timestamptz,
    duration              bigint CHECK (duration >= 0),
    tokens_in             bigint NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
    tokens_out            bigint NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
    tokens_used           bigint NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
    cost                  bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
    model                 text NOT NULL,
    provider              text NOT NULL,
    error                 text,
    FOREIGN KEY (organization_id, agent_id) REFERENCES ai_agents (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, workflow_execution_id)
        REFERENCES workflow_executions (organization_id, id) ON DELETE SET NULL (workflow_execution_id),
    FOREIGN KEY (organization_id, team_execution_id)
        REFERENCES team_executions (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX agent_executions_organization ON agent_executions (organization_id);
CREATE INDEX agent_executions_agent ON agent_executions (agent_id, started_at);
CREATE INDEX agent_executions_workflow_execution ON agent_executions (workflow_execution_id);
CREATE INDEX agent_executions_team_execution ON agent_executions (team_execution_id);
CREATE INDEX agent_executions_status ON agent_executions (status);
CREATE INDEX agent_executions_started_at ON agent_executions (started_at);

-- Metadata only: a secret never leaves the desktop. credential_ref names the desktop's vault entry.
CREATE TABLE integrations (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    name            text NOT NULL CHECK (length(trim(name)) > 0),
    provider        text NOT NULL CHECK (provider IN ('SLACK', 'GMAIL', 'SMTP', 'WEBHOOK', 'HTTP')),
    config          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    credential_ref  text,
    status          text NOT NULL DEFAULT 'DISCONNECTED' CHECK (status IN ('CONNECTED', 'DISCONNECTED', 'ERROR', 'TESTING')),
    last_tested     timestamptz,
    last_error      text,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX integrations_organization ON integrations (organization_id);
CREATE INDEX integrations_created_by ON integrations (created_by);
CREATE INDEX integrations_status ON integrations (organization_id, status);

-- Usage per month, counted where executions are recorded (same transaction, same organization).
CREATE FUNCTION app.count_usage() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
BEGIN
    INSERT INTO usage_monthly AS u (organization_id, month, executions, agent_executions)
    VALUES (NEW.organization_id, date_trunc('month', NEW.started_at AT TIME ZONE 'UTC')::date,
            CASE WHEN TG_TABLE_NAME = 'workflow_executions' THEN 1 ELSE 0 END,
            CASE WHEN TG_TABLE_NAME = 'agent_executions' THEN 1 ELSE 0 END)
    ON CONFLICT (organization_id, month) DO UPDATE
        SET executions = u.executions + EXCLUDED.executions,
            agent_executions = u.agent_executions + EXCLUDED.agent_executions;
    RETURN NEW;
END $$;
CREATE TRIGGER workflow_executions_usage AFTER INSERT ON workflow_executions
    FOR EACH ROW EXECUTE FUNCTION app.count_usage();
CREATE TRIGGER agent_executions_usage AFTER INSERT ON agent_executions
    FOR EACH ROW EXECUTE FUNCTION app.count_usage();
