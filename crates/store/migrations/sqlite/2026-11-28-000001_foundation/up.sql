-- Foundation: tenants (LIVC-Rs), their organisations, bodies and seats, accounts,
-- sessions, throttling, data keys and the audit trail. Timestamps are
-- milliseconds since the Unix epoch (UTC); ids are UUID text.

CREATE TABLE app_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE tenants (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    default_locale TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE municipalities (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    nis_code TEXT NOT NULL,
    UNIQUE (tenant_id, nis_code)
);

CREATE TABLE districts (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    municipality_nis TEXT NOT NULL,
    UNIQUE (tenant_id, slug)
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, slug)
);

CREATE TABLE bodies (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    min_meetings_per_year INTEGER,
    UNIQUE (tenant_id, slug)
);

CREATE TABLE data_keys (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    purpose TEXT NOT NULL,
    master_version INTEGER NOT NULL,
    wrapped BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    destroyed_at BIGINT
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    display_name_enc BLOB NOT NULL,
    email_enc BLOB,
    password_hash TEXT,
    password_changed_at BIGINT,
    totp_secret_enc BLOB,
    totp_pending_enc BLOB,
    totp_last_step BIGINT,
    mfa_enabled BOOLEAN NOT NULL,
    locale TEXT NOT NULL,
    disabled_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE seats (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    body_id TEXT NOT NULL REFERENCES bodies(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    holder_user_id TEXT REFERENCES users(id),
    optional BOOLEAN NOT NULL,
    UNIQUE (body_id, slug)
);

CREATE TABLE schools (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    network TEXT,
    district_slug TEXT,
    has_second_grade BOOLEAN NOT NULL,
    first_wave_2022 BOOLEAN NOT NULL,
    UNIQUE (tenant_id, slug)
);

CREATE TABLE measures (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    chapter TEXT NOT NULL,
    owner_organisation_id TEXT REFERENCES organisations(id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE set_password_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_by TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    csrf_token TEXT NOT NULL,
    mfa_done BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    reauth_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL
);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    hash BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    at_ms BIGINT NOT NULL,
    tenant_id TEXT,
    actor_user_id TEXT,
    actor_org_id TEXT,
    action TEXT NOT NULL,
    object_type TEXT,
    object_id TEXT,
    outcome TEXT NOT NULL,
    reason BLOB,
    detail TEXT,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at_ms);

-- Append-only: the application never updates or deletes audit rows. Someone with
-- direct database access can drop these triggers; the hash chain and the signed
-- checkpoints are what catch that.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
