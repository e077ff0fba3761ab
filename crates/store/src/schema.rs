//! The diesel schema: one description of the tables, for SQLite and PostgreSQL alike.
//! Kept in step with `migrations/{sqlite,postgres}` (a test compares both migrated schemas).

diesel::table! {
    app_meta (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    tenants (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        default_locale -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    municipalities (id) {
        id -> Text,
        tenant_id -> Text,
        name -> Text,
        nis_code -> Text,
    }
}

diesel::table! {
    districts (id) {
        id -> Text,
        tenant_id -> Text,
        slug -> Text,
        name -> Text,
        municipality_nis -> Text,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        tenant_id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        active -> Bool,
        created_at -> BigInt,
    }
}

diesel::table! {
    bodies (id) {
        id -> Text,
        tenant_id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        min_meetings_per_year -> Nullable<Integer>,
    }
}

diesel::table! {
    data_keys (id) {
        id -> Text,
        tenant_id -> Text,
        purpose -> Text,
        master_version -> Integer,
        wrapped -> Binary,
        created_at -> BigInt,
        destroyed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        username -> Text,
        role -> Text,
        data_key_id -> Text,
        display_name_enc -> Binary,
        email_enc -> Nullable<Binary>,
        password_hash -> Nullable<Text>,
        password_changed_at -> Nullable<BigInt>,
        totp_secret_enc -> Nullable<Binary>,
        totp_pending_enc -> Nullable<Binary>,
        totp_last_step -> Nullable<BigInt>,
        mfa_enabled -> Bool,
        locale -> Text,
        disabled_at -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    seats (id) {
        id -> Text,
        tenant_id -> Text,
        body_id -> Text,
        slug -> Text,
        title -> Text,
        organisation_id -> Text,
        holder_user_id -> Nullable<Text>,
        optional -> Bool,
    }
}

diesel::table! {
    schools (id) {
        id -> Text,
        tenant_id -> Text,
        slug -> Text,
        name -> Text,
        network -> Nullable<Text>,
        district_slug -> Nullable<Text>,
        has_second_grade -> Bool,
        first_wave_2022 -> Bool,
    }
}

diesel::table! {
    measures (id) {
        id -> Text,
        tenant_id -> Text,
        code -> Text,
        title -> Text,
        chapter -> Text,
        owner_organisation_id -> Nullable<Text>,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    set_password_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_by -> Nullable<Text>,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        user_id -> Text,
        tenant_id -> Text,
        csrf_token -> Text,
        mfa_done -> Bool,
        created_at -> BigInt,
        last_seen_at -> BigInt,
        reauth_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Integer,
        last_failure_at -> BigInt,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        seq -> BigInt,
        hash -> Binary,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        at_ms -> BigInt,
        tenant_id -> Nullable<Text>,
        actor_user_id -> Nullable<Text>,
        actor_org_id -> Nullable<Text>,
        action -> Text,
        object_type -> Nullable<Text>,
        object_id -> Nullable<Text>,
        outcome -> Text,
        reason -> Nullable<Binary>,
        detail -> Nullable<Text>,
        prev_hash -> Binary,
        hash -> Binary,
    }
}

diesel::table! {
    case_knowledge (case_id, organisation_id) {
        case_id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        answer_enc -> Binary,
        answered_by_user_id -> Text,
        answered_at -> BigInt,
    }
}

diesel::table! {
    case_items (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        owner_org_id -> Text,
        author_user_id -> Text,
        risk_domain -> Text,
        professional_secrecy -> Bool,
        sharing -> Text,
        origin_shielded -> Bool,
        necessity_enc -> Binary,
        content_enc -> Binary,
        consent_for_use -> Bool,
        consent_at -> Nullable<BigInt>,
        withdrawn_at -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_actions (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        responsible_org_id -> Text,
        description_enc -> Binary,
        due_date -> Text,
        status -> Text,
        result_enc -> Nullable<Binary>,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    case_action_acceptances (action_id, organisation_id) {
        action_id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        user_id -> Text,
        accepted_at -> BigInt,
    }
}

diesel::table! {
    case_assessments (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        created_by_user_id -> Text,
        created_at -> BigInt,
        findings_enc -> Binary,
        cited_items -> Text,
        radicalisation -> Text,
        security_risk -> Text,
        missing_enc -> Nullable<Binary>,
        missing_by_org_id -> Nullable<Text>,
        missing_due -> Nullable<Text>,
    }
}

diesel::table! {
    case_feedback (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        recipient_org_id -> Text,
        author_user_id -> Text,
        created_at -> BigInt,
        text_enc -> Binary,
        cited_items -> Text,
    }
}

diesel::table! {
    case_fiches (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        decision_id -> Text,
        sent_by_user_id -> Text,
        sent_at -> BigInt,
        content_enc -> Binary,
    }
}

diesel::table! {
    cooperation_agreements (id) {
        id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        signed_on -> Text,
        data_key_id -> Text,
        scope_enc -> Binary,
        recorded_by_user_id -> Text,
        recorded_at -> BigInt,
    }
}

diesel::joinable!(users -> tenants (tenant_id));
diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(seats -> bodies (body_id));
diesel::joinable!(seats -> organisations (organisation_id));
diesel::joinable!(sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    app_meta,
    tenants,
    municipalities,
    districts,
    organisations,
    bodies,
    data_keys,
    users,
    seats,
    schools,
    measures,
    recovery_codes,
    set_password_tokens,
    sessions,
    login_throttle,
    audit_head,
    audit_log,
    case_counters,
    cases,
    case_identities,
    case_events,
    ethics_acceptances,
    case_decisions,
    case_decision_present,
    case_votes,
    case_knowledge,
    case_items,
    case_actions,
    case_action_acceptances,
    case_assessments,
    case_feedback,
    case_fiches,
    cooperation_agreements,
    meetings,
    meeting_attendance,
    meeting_acknowledgements,
    meeting_agenda_items,
    meeting_minutes,
);

diesel::table! {
    case_counters (tenant_id, year) {
        tenant_id -> Text,
        year -> Integer,
        last_seq -> Integer,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        tenant_id -> Text,
        body_id -> Text,
        code -> Text,
        state -> Text,
        target_group -> Text,
        minor_at_referral -> Bool,
        protective_measure -> Bool,
        lives_in_area -> Bool,
        socially_active_in_area -> Bool,
        referral_source -> Text,
        referred_by_user_id -> Nullable<Text>,
        referred_by_org_id -> Nullable<Text>,
        data_key_id -> Text,
        reason_enc -> Binary,
        ltf_status -> Text,
        ltf_recorded_by -> Nullable<Text>,
        ltf_recorded_at -> Nullable<BigInt>,
        transferred_to_enc -> Nullable<Binary>,
        transferred_at -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
        closed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    case_identities (case_id) {
        case_id -> Text,
        tenant_id -> Text,
        name_enc -> Binary,
        date_of_birth_enc -> Nullable<Binary>,
        address_enc -> Nullable<Binary>,
        national_number_enc -> Nullable<Binary>,
    }
}

diesel::table! {
    case_events (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        at_ms -> BigInt,
        actor_user_id -> Nullable<Text>,
        actor_org_id -> Nullable<Text>,
        transition -> Text,
        from_state -> Text,
        to_state -> Text,
        note_enc -> Nullable<Binary>,
    }
}

diesel::joinable!(case_identities -> cases (case_id));
diesel::joinable!(case_events -> cases (case_id));

diesel::table! {
    ethics_acceptances (id) {
        id -> Text,
        tenant_id -> Text,
        user_id -> Text,
        version -> Text,
        accepted_at -> BigInt,
    }
}

diesel::table! {
    case_decisions (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        kind -> Text,
        status -> Text,
        proposed_by_user_id -> Text,
        proposed_at -> BigInt,
        closed_at -> Nullable<BigInt>,
        reason_enc -> Nullable<Binary>,
    }
}

diesel::table! {
    case_decision_present (decision_id, organisation_id) {
        decision_id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    case_votes (decision_id, organisation_id) {
        decision_id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        user_id -> Text,
        vote -> Text,
        at_ms -> BigInt,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        tenant_id -> Text,
        body_id -> Text,
        starts_at -> BigInt,
        ends_at -> BigInt,
        place -> Text,
        kind -> Text,
        requested_by_user_id -> Nullable<Text>,
        status -> Text,
        sequence -> Integer,
        planned_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    meeting_attendance (meeting_id, seat_id) {
        meeting_id -> Text,
        seat_id -> Text,
        tenant_id -> Text,
        status -> Text,
        recorded_by_user_id -> Text,
        recorded_at -> BigInt,
    }
}

diesel::table! {
    meeting_acknowledgements (meeting_id, user_id) {
        meeting_id -> Text,
        user_id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        acknowledged_at -> BigInt,
    }
}

diesel::table! {
    meeting_agenda_items (meeting_id, case_id) {
        meeting_id -> Text,
        case_id -> Text,
        tenant_id -> Text,
    }
}

diesel::table! {
    meeting_minutes (id) {
        id -> Text,
        tenant_id -> Text,
        meeting_id -> Text,
        case_id -> Text,
        text_enc -> Binary,
        written_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::joinable!(meetings -> bodies (body_id));
diesel::joinable!(meeting_attendance -> meetings (meeting_id));
diesel::joinable!(meeting_acknowledgements -> meetings (meeting_id));
diesel::joinable!(meeting_agenda_items -> meetings (meeting_id));
diesel::joinable!(meeting_minutes -> meetings (meeting_id));
