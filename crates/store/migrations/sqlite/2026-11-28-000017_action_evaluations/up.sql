-- The follow-up trajectory is evaluated at every following table (issue 3,
-- item 8; plan 2.4.3): per action and meeting, the table's verdict and a
-- note sealed with the case's data key. One evaluation per action per
-- meeting; evaluating again at the same meeting replaces it.
CREATE TABLE case_action_evaluations (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    action_id TEXT NOT NULL REFERENCES case_actions(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    -- on_track | delayed | adjust | stop
    verdict TEXT NOT NULL,
    note_enc BLOB NOT NULL,
    by_user_id TEXT NOT NULL REFERENCES users(id),
    at_ms BIGINT NOT NULL,
    UNIQUE (action_id, meeting_id)
);
CREATE INDEX case_action_evaluations_action ON case_action_evaluations (action_id);
