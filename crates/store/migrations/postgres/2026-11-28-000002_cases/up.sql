-- LIVC-R cases (issue 3, first slice): the case with its state and referral
-- facts, the identity vault kept apart from it, and the history of transitions.
-- Every personal or free-text field is sealed with the case's own data key, so
-- destroying that key erases the case everywhere (crypto-shredding).

CREATE TABLE case_counters (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    year INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    body_id TEXT NOT NULL REFERENCES bodies(id),
    code TEXT NOT NULL,
    state TEXT NOT NULL,
    target_group TEXT NOT NULL,
    minor_at_referral BOOLEAN NOT NULL,
    protective_measure BOOLEAN NOT NULL,
    lives_in_area BOOLEAN NOT NULL,
    socially_active_in_area BOOLEAN NOT NULL,
    referral_source TEXT NOT NULL,
    referred_by_user_id TEXT REFERENCES users(id),
    referred_by_org_id TEXT REFERENCES organisations(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    reason_enc BYTEA NOT NULL,
    ltf_status TEXT NOT NULL,
    ltf_recorded_by TEXT REFERENCES users(id),
    ltf_recorded_at BIGINT,
    transferred_to_enc BYTEA,
    transferred_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    UNIQUE (tenant_id, code)
);
CREATE INDEX cases_tenant_state ON cases (tenant_id, state);

CREATE TABLE case_identities (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    name_enc BYTEA NOT NULL,
    date_of_birth_enc BYTEA,
    address_enc BYTEA,
    national_number_enc BYTEA
);

CREATE TABLE case_events (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    at_ms BIGINT NOT NULL,
    actor_user_id TEXT REFERENCES users(id),
    actor_org_id TEXT REFERENCES organisations(id),
    transition TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note_enc BYTEA
);
CREATE INDEX case_events_case ON case_events (case_id, at_ms);
