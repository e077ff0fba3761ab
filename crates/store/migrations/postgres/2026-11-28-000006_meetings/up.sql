-- Meetings of the bodies (issue 3, item 6): the Partnertafel first, the same
-- engine for the Stuurgroep and the Werkgroep. Times are UTC milliseconds;
-- pages show them in Europe/Brussels. The place is not personal data and is
-- kept in clear; minutes are about a case and are sealed with that case's
-- data key, so shredding the case key erases its minutes too.

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    body_id TEXT NOT NULL REFERENCES bodies(id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    place TEXT NOT NULL,
    -- planned | ad_hoc
    kind TEXT NOT NULL,
    -- For an ad hoc meeting: the member who asked for it.
    requested_by_user_id TEXT REFERENCES users(id),
    -- planned | held | cancelled
    status TEXT NOT NULL,
    -- The iCalendar SEQUENCE: raised at every change the invitation shows.
    sequence INTEGER NOT NULL,
    planned_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX meetings_body_start ON meetings (tenant_id, body_id, starts_at);

-- Attendance per seat of the body, recorded by the expert.
CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    seat_id TEXT NOT NULL REFERENCES seats(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    -- present | excused | absent
    status TEXT NOT NULL,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, seat_id)
);

-- The confidentiality acknowledgement (art. 458ter Sw.) of each attendee,
-- per meeting, before the case content of that meeting opens.
CREATE TABLE meeting_acknowledgements (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    acknowledged_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);

-- The agenda as it stood when the meeting was held (before that, the agenda
-- is every active case of the table, computed when asked).
CREATE TABLE meeting_agenda_items (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    PRIMARY KEY (meeting_id, case_id)
);

-- Minutes (notulen) per case per meeting, sealed with the case's data key.
CREATE TABLE meeting_minutes (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    text_enc BYTEA NOT NULL,
    written_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (meeting_id, case_id)
);
CREATE INDEX meeting_minutes_case ON meeting_minutes (case_id);
