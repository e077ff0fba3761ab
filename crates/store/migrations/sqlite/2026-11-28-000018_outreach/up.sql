-- Prevention, issue 4: the kennisbank (public information pages), the
-- working group on polarisation (its scope in phases and its signals to the
-- city board), the silent middle (advice trajectories and counter-messages),
-- the resilience workshops in the schools, and the action plan's follow-up
-- (status, owner, indicators and the Stuurgroep's evaluation notes).
--
-- Every free-text field is sealed (`_enc`) with the record's own data key.
-- Codes (status, topics, platform, channel, theme), dates and counts stay
-- plain so lists can be filtered and the coverage counted.

-- knowledge_pages: the address (slug, public), topics (`a,b`), draft or
-- published; the texts per language are in knowledge_page_texts.
CREATE TABLE knowledge_pages (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    slug TEXT NOT NULL,
    topics TEXT NOT NULL,
    status TEXT NOT NULL,
    published_at BIGINT,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, slug)
);

-- One language version of a page (nl-BE always, fr-BE and en when translated).
CREATE TABLE knowledge_page_texts (
    page_id TEXT NOT NULL REFERENCES knowledge_pages(id),
    locale TEXT NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    title_enc BLOB NOT NULL,
    summary_enc BLOB,
    body_enc BLOB NOT NULL,
    PRIMARY KEY (page_id, locale)
);

-- The working group's scope, extended in phases: from when, which target
-- groups or phenomena, a note.
CREATE TABLE working_group_phases (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    body_id TEXT NOT NULL REFERENCES bodies(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    phase INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    scope_enc BLOB NOT NULL,
    note_enc BLOB,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (body_id, phase)
);

-- Signals the working group passed to the city board, and its answer.
CREATE TABLE board_signals (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    body_id TEXT NOT NULL REFERENCES bodies(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    sent_on TEXT NOT NULL,
    subject_enc BLOB NOT NULL,
    summary_enc BLOB NOT NULL,
    addressee_enc BLOB NOT NULL,
    answer_enc BLOB,
    answered_on TEXT,
    recorded_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX board_signals_tenant ON board_signals (tenant_id, sent_on);

-- Advice and tailored support for local organisations and admins of
-- social-media pages on handling polarising statements.
CREATE TABLE advice_trajectories (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    recipient_kind TEXT NOT NULL,
    recipient_enc BLOB NOT NULL,
    platform TEXT NOT NULL,
    question_enc BLOB NOT NULL,
    advice_enc BLOB,
    support_enc BLOB,
    started_on TEXT NOT NULL,
    follow_up_on TEXT,
    status TEXT NOT NULL,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX advice_trajectories_tenant ON advice_trajectories (tenant_id, status);

-- The city's counter-messages (tegengeluiden).
CREATE TABLE counter_messages (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    published_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    theme TEXT NOT NULL,
    title_enc BLOB NOT NULL,
    description_enc BLOB NOT NULL,
    reach INTEGER,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX counter_messages_tenant ON counter_messages (tenant_id, published_on);

-- Resilience workshops for the second grade of a school of the registry.
CREATE TABLE school_workshops (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    school_id TEXT NOT NULL REFERENCES schools(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    held_on TEXT NOT NULL,
    status TEXT NOT NULL,
    provider_enc BLOB NOT NULL,
    classes_enc BLOB,
    pupils INTEGER,
    topics TEXT NOT NULL,
    evaluation_score INTEGER,
    evaluation_enc BLOB,
    created_by_user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX school_workshops_tenant ON school_workshops (tenant_id, held_on);

-- The follow-up of one measure of the action plan: who carries it, its
-- indicators, its status.
CREATE TABLE action_plan_entries (
    measure_id TEXT PRIMARY KEY NOT NULL REFERENCES measures(id),
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    owner_organisation_id TEXT REFERENCES organisations(id),
    indicators_enc BLOB,
    status TEXT NOT NULL,
    updated_by_user_id TEXT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL
);

-- The Stuurgroep's (and the expert's) evaluation notes per measure and period.
CREATE TABLE action_plan_evaluations (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    period TEXT NOT NULL,
    note_enc BLOB NOT NULL,
    by_user_id TEXT NOT NULL REFERENCES users(id),
    by_organisation_id TEXT NOT NULL REFERENCES organisations(id),
    by_role TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX action_plan_evaluations_measure ON action_plan_evaluations (measure_id, period);
