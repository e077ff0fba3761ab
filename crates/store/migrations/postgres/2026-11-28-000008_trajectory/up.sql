-- The socio-preventive follow-up trajectory: actions with a responsible
-- partner, a due date, a status and a result; every organisation at the table
-- accepts an action before it starts.
CREATE TABLE case_actions (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    responsible_org_id TEXT NOT NULL REFERENCES organisations(id),
    description_enc BYTEA NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL,
    result_enc BYTEA,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX case_actions_case ON case_actions (case_id);

CREATE TABLE case_action_acceptances (
    action_id TEXT NOT NULL REFERENCES case_actions(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (action_id, organisation_id)
);
