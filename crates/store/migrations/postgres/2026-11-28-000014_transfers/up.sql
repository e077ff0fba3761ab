-- Handing cases to other LIVC-Rs as signed, encrypted packages.
--
-- livc_partners: the register of partner LIVC-Rs kept by the administrator,
-- with their transfer public key (text, `verbind-transfer-v1:...`) and its
-- fingerprint. Public keys are not secret; the name is free text, sealed with
-- the row's own data key. A removed partner keeps its row (removed_at) so the
-- log below still names it.
CREATE TABLE livc_partners (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    name_enc BYTEA NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    added_by_user_id TEXT NOT NULL REFERENCES users(id),
    added_at BIGINT NOT NULL,
    removed_by_user_id TEXT REFERENCES users(id),
    removed_at BIGINT
);
CREATE INDEX livc_partners_tenant ON livc_partners (tenant_id);
CREATE UNIQUE INDEX livc_partners_active_key
    ON livc_partners (tenant_id, fingerprint) WHERE removed_at IS NULL;

-- case_transfer_packages: every package made (direction 'export', for the
-- transferred case) or received (direction 'import', for the new case made
-- from it), with the SHA-256 of the whole package as both sides can compute it.
-- Which partner it went to or came from tells where the person moved: sealed
-- with the case's key (partner_enc), like cases.transferred_to_enc. For an
-- import, provenance_enc holds the sending side's code and history dates.
CREATE TABLE case_transfer_packages (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    direction TEXT NOT NULL,
    partner_enc BYTEA NOT NULL,
    package_sha256 TEXT NOT NULL,
    provenance_enc BYTEA,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX case_transfer_packages_case ON case_transfer_packages (case_id);
-- A package is received once.
CREATE UNIQUE INDEX case_transfer_packages_import_once
    ON case_transfer_packages (tenant_id, package_sha256) WHERE direction = 'import';

-- case_transfer_items: the information items that came in with a received
-- package (owned by the receiving expert's organisation, marked as coming
-- from the transferring LIVC-R).
CREATE TABLE case_transfer_items (
    item_id TEXT PRIMARY KEY NOT NULL REFERENCES case_items(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    package_id TEXT NOT NULL REFERENCES case_transfer_packages(id)
);
