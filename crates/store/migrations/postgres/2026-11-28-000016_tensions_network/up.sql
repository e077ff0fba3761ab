-- Prevention: the register of social tensions (maatschappelijke spanningen)
-- with its Brandsma analysis, the network of reference persons
-- (netwerk referentiepersonen) and trainings (deskundigheidsbevordering).
--
-- Every free-text and personal field is sealed (`_enc`). A tension, a
-- reference person and a training each have their own data key; the
-- severities and actions of a tension are sealed with the tension's key, so
-- destroying that key makes the whole tension unreadable. Codes (status,
-- district, severity, kind, life domain, attendance) and dates stay plain so
-- lists can be filtered and counted.

-- tensions: title, description and the groups involved (never individuals),
-- the district (a profile slug, or none), when it was first noted, its
-- status, and the Brandsma analysis: the two poles and their narratives,
-- pushers, joiners, the silent middle, bridge builders, the scapegoat risk,
-- and the four game changers chosen (target audience, topic, position, tone).
CREATE TABLE tensions (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    title_enc BYTEA NOT NULL,
    description_enc BYTEA NOT NULL,
    groups_enc BYTEA NOT NULL,
    district_slug TEXT,
    noted_on TEXT NOT NULL,
    status TEXT NOT NULL,
    pole_a_enc BYTEA,
    pole_b_enc BYTEA,
    pushers_enc BYTEA,
    joiners_enc BYTEA,
    silent_middle_enc BYTEA,
    bridge_builders_enc BYTEA,
    scapegoat_risk_enc BYTEA,
    target_audience_enc BYTEA,
    topic_enc BYTEA,
    position_enc BYTEA,
    tone_enc BYTEA,
    analysed_at BIGINT,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tensions_tenant_status ON tensions (tenant_id, status);

-- The severity of a tension over time: the latest entry is the current one.
CREATE TABLE tension_severities (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    tension_id TEXT NOT NULL REFERENCES tensions(id),
    observed_on TEXT NOT NULL,
    severity TEXT NOT NULL,
    note_enc BYTEA,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX tension_severities_tension ON tension_severities (tension_id);

-- What the city did: counter-messages, dialogue, advice to page admins.
CREATE TABLE tension_actions (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    tension_id TEXT NOT NULL REFERENCES tensions(id),
    taken_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    description_enc BYTEA NOT NULL,
    result_enc BYTEA,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX tension_actions_tension ON tension_actions (tension_id);

-- The signals a tension is linked to.
CREATE TABLE tension_signals (
    tension_id TEXT NOT NULL REFERENCES tensions(id),
    signal_id TEXT NOT NULL REFERENCES signals(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    linked_by_user_id TEXT NOT NULL REFERENCES users(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (tension_id, signal_id)
);

-- reference_persons: name, organisation and contact details sealed; the life
-- domain as a code; optionally the account (reference-person role) the
-- person uses to pass signals; active or not; in the network since.
CREATE TABLE reference_persons (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    name_enc BYTEA NOT NULL,
    organisation_enc BYTEA NOT NULL,
    life_domain TEXT NOT NULL,
    email_enc BYTEA,
    phone_enc BYTEA,
    user_id TEXT REFERENCES users(id),
    active BOOLEAN NOT NULL,
    member_since TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX reference_persons_tenant ON reference_persons (tenant_id);

-- trainings: sessions of any kind; title, provider, place and the
-- evaluation text sealed; the score (1-5) and the head count of staff
-- sessions plain (no personal data, and they are averaged and summed).
CREATE TABLE trainings (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    kind TEXT NOT NULL,
    title_enc BYTEA NOT NULL,
    provider_enc BYTEA NOT NULL,
    held_on TEXT NOT NULL,
    place_enc BYTEA,
    staff_count INTEGER,
    evaluation_score INTEGER,
    evaluation_enc BYTEA,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX trainings_tenant_held ON trainings (tenant_id, held_on);

-- Reference persons taking part in a session, with their attendance
-- (registered, present, absent, excused).
CREATE TABLE training_attendance (
    training_id TEXT NOT NULL REFERENCES trainings(id),
    reference_person_id TEXT NOT NULL REFERENCES reference_persons(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    status TEXT NOT NULL,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (training_id, reference_person_id)
);
CREATE INDEX training_attendance_person ON training_attendance (reference_person_id);
