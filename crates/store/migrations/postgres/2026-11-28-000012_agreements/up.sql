-- Each partner organisation's cooperation agreement (samenwerkingsovereenkomst)
-- with the LIVC-R: its date and scope. The scope is free text, sealed with the
-- agreement's own data key.
CREATE TABLE cooperation_agreements (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    signed_on TEXT NOT NULL,
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    scope_enc BYTEA NOT NULL,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
