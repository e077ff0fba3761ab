-- The versions of the code of ethics (deontologische code) the administrator
-- published, per tenant. The version in force is the one with the highest
-- seq (1, 2, ... per tenant; the publication time can repeat within a
-- millisecond); a tenant without any keeps the built-in version '2026-1'.
-- A label is used once per tenant, whatever its letter case: an acceptance is
-- recorded per label (ethics_acceptances.version), so a label used again
-- would let old acceptances count for a new text. The summary of what
-- changed is free text, sealed with the row's own data key.
CREATE TABLE ethics_versions (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    seq INTEGER NOT NULL,
    version TEXT NOT NULL,
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    summary_enc BLOB NOT NULL,
    published_by_user_id TEXT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL,
    UNIQUE (tenant_id, seq)
);
CREATE UNIQUE INDEX ethics_versions_label ON ethics_versions (tenant_id, lower(version));
