-- Unanimous decisions of the Partnertafel on a case (close, security risk,
-- sending a terugkoppelingsfiche to the police): the proposal, which partner
-- organisations were present, and one vote per present organisation.
CREATE TABLE case_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_by_user_id TEXT NOT NULL REFERENCES users(id),
    proposed_at BIGINT NOT NULL,
    closed_at BIGINT,
    reason_enc BLOB
);
CREATE INDEX case_decisions_case ON case_decisions (case_id, kind, status);

CREATE TABLE case_decision_present (
    decision_id TEXT NOT NULL REFERENCES case_decisions(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (decision_id, organisation_id)
);

CREATE TABLE case_votes (
    decision_id TEXT NOT NULL REFERENCES case_decisions(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    vote TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    PRIMARY KEY (decision_id, organisation_id)
);
