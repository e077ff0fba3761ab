-- The table's assessment (beoordeling) of a case: findings along the risk
-- domains of the terugkoppelingsfiche citing information items (only with the
-- owner's consent), the conclusions (radicalisation? security risk?) and, when
-- information is missing, what, who gets it and by when. Text sealed.
CREATE TABLE case_assessments (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    findings_enc BLOB NOT NULL,
    cited_items TEXT NOT NULL,
    radicalisation TEXT NOT NULL,
    security_risk TEXT NOT NULL,
    missing_enc BLOB,
    missing_by_org_id TEXT REFERENCES organisations(id),
    missing_due TEXT
);
CREATE INDEX case_assessments_case ON case_assessments (case_id);
