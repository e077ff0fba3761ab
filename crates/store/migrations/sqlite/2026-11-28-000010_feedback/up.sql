-- Feedback (terugkoppeling) after a table, from the expert to each partner
-- involved: a sealed text and the items it cites (only with the owners' consent).
CREATE TABLE case_feedback (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    recipient_org_id TEXT NOT NULL REFERENCES organisations(id),
    author_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    text_enc BLOB NOT NULL,
    cited_items TEXT NOT NULL
);
CREATE INDEX case_feedback_case ON case_feedback (case_id, recipient_org_id);
