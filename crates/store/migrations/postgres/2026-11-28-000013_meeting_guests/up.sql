-- Guests at a Partnertafel meeting (issue 3, item 6; plan 1.1): mandated
-- representatives of other services, invited by the expert for one case's
-- agenda item, before the meeting starts, and shown to every member on the
-- meeting page. A guest sees that agenda item only.
CREATE TABLE meeting_guests (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    invited_by_user_id TEXT NOT NULL REFERENCES users(id),
    invited_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, case_id, user_id)
);
CREATE INDEX meeting_guests_user ON meeting_guests (user_id);

-- A unanimous decision is taken at a meeting: the organisations present (who
-- must all agree) come from that meeting's attendance, not from a choice of
-- the person who proposes it. Older decisions have no meeting.
ALTER TABLE case_decisions ADD COLUMN meeting_id TEXT REFERENCES meetings(id);
