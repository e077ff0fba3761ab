-- The known / followed-up check (kennischeck): for each case, every partner
-- organisation at the table says, for itself only, whether the person is known
-- to it and whether it follows the person up. The answer is about a named
-- person, so it is sealed with the case key like every other case field.
CREATE TABLE case_knowledge (
    case_id TEXT NOT NULL REFERENCES cases(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    answer_enc BYTEA NOT NULL,
    answered_by_user_id TEXT NOT NULL REFERENCES users(id),
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, organisation_id)
);
