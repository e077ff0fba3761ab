-- The contact point (stedelijk aanspreekpunt) and the signal function
-- (signaalfunctie) of prevention.
--
-- signals: observations about trends and groups passed to the expert by the
-- contact point, reference persons, the working group, the police and
-- partners. Theme, life domain, district, date and severity are codes (the
-- trend per month and theme is counted on them); the description is free
-- text, sealed with the signal's own data key. The author reads their own
-- signals; the expert reads all.
CREATE TABLE signals (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    source TEXT NOT NULL,
    theme TEXT NOT NULL,
    life_domain TEXT NOT NULL,
    district_slug TEXT,
    observed_on TEXT NOT NULL,
    severity TEXT NOT NULL,
    description_enc BYTEA NOT NULL,
    author_user_id TEXT NOT NULL REFERENCES users(id),
    author_org_id TEXT NOT NULL REFERENCES organisations(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX signals_tenant_observed ON signals (tenant_id, observed_on);
CREATE INDEX signals_tenant_author ON signals (tenant_id, author_user_id);

-- contacts: the expert's contact register, one row per contact: from the
-- public form (created_by_user_id NULL) or entered by the expert (phone,
-- e-mail, walk-in, via a reference person). The classification is codes
-- (channel, kind of requester, themes and what was done as `a,b` lists,
-- status); the message, the contact details and the expert's notes are
-- sealed with the contact's own data key, so search in them happens in
-- memory after the policy check, never in SQL. consent_livc: the requester
-- agreed that the message may be passed on to the LIVC-R. A contact links to
-- the signal and the case referral made from it.
CREATE TABLE contacts (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    data_key_id TEXT NOT NULL REFERENCES data_keys(id),
    contact_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    requester_kind TEXT,
    request_kind TEXT NOT NULL,
    themes TEXT NOT NULL,
    actions TEXT NOT NULL,
    follow_up_on TEXT,
    status TEXT NOT NULL,
    consent_livc BOOLEAN NOT NULL,
    preferred_contact TEXT,
    message_enc BYTEA NOT NULL,
    name_enc BYTEA,
    email_enc BYTEA,
    phone_enc BYTEA,
    notes_enc BYTEA,
    signal_id TEXT REFERENCES signals(id),
    case_id TEXT REFERENCES cases(id),
    created_by_user_id TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_tenant_date ON contacts (tenant_id, contact_on);
CREATE INDEX contacts_tenant_status ON contacts (tenant_id, status);
