-- The terugkoppelingsfiche sent to the police after a unanimous decision: a
-- sealed snapshot of what it held (items with consent, never under
-- professional secrecy, never with their origin).
CREATE TABLE case_fiches (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    decision_id TEXT NOT NULL REFERENCES case_decisions(id),
    sent_by_user_id TEXT NOT NULL REFERENCES users(id),
    sent_at BIGINT NOT NULL,
    content_enc BLOB NOT NULL
);
CREATE INDEX case_fiches_case ON case_fiches (case_id);
