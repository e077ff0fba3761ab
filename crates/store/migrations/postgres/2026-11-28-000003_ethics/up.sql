-- The code of ethics (deontologische code) of the LIVC-R: every user accepts
-- the current version before first access to any case; a new version must be
-- accepted again.
CREATE TABLE ethics_acceptances (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    version TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    UNIQUE (user_id, version)
);
