-- Information items (bijdragen) of a case: owned by the organisation that
-- brings them, with the reason they are necessary and relevant for helping the
-- person, a risk domain of the terugkoppelingsfiche, whether they fall under
-- professional secrecy, who may see them, whether their origin is shielded,
-- withdrawal and the owner's consent for use. Text sealed with the case key.
CREATE TABLE case_items (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    owner_org_id TEXT NOT NULL REFERENCES organisations(id),
    author_user_id TEXT NOT NULL REFERENCES users(id),
    risk_domain TEXT NOT NULL,
    professional_secrecy BOOLEAN NOT NULL,
    sharing TEXT NOT NULL,
    origin_shielded BOOLEAN NOT NULL,
    necessity_enc BYTEA NOT NULL,
    content_enc BYTEA NOT NULL,
    consent_for_use BOOLEAN NOT NULL,
    consent_at BIGINT,
    withdrawn_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX case_items_case ON case_items (case_id);
