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
        privacy_contact -> Nullable<Text>,
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
        answered_at -> BigInt,
        answer -> Text,
        reason_enc -> Nullable<Binary>,
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
        signal_id -> Nullable<Text>,
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

diesel::table! {
    knowledge_pages (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        slug -> Text,
        topics -> Text,
        status -> Text,
        published_at -> Nullable<BigInt>,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    knowledge_page_texts (page_id, locale) {
        page_id -> Text,
        locale -> Text,
        tenant_id -> Text,
        title_enc -> Binary,
        summary_enc -> Nullable<Binary>,
        body_enc -> Binary,
    }
}

diesel::table! {
    working_group_phases (id) {
        id -> Text,
        tenant_id -> Text,
        body_id -> Text,
        data_key_id -> Text,
        phase -> Integer,
        starts_on -> Text,
        scope_enc -> Binary,
        note_enc -> Nullable<Binary>,
        recorded_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    board_signals (id) {
        id -> Text,
        tenant_id -> Text,
        body_id -> Text,
        data_key_id -> Text,
        sent_on -> Text,
        subject_enc -> Binary,
        summary_enc -> Binary,
        addressee_enc -> Binary,
        answer_enc -> Nullable<Binary>,
        answered_on -> Nullable<Text>,
        recorded_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    advice_trajectories (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        recipient_kind -> Text,
        recipient_enc -> Binary,
        platform -> Text,
        question_enc -> Binary,
        advice_enc -> Nullable<Binary>,
        support_enc -> Nullable<Binary>,
        started_on -> Text,
        follow_up_on -> Nullable<Text>,
        status -> Text,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    counter_messages (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        published_on -> Text,
        channel -> Text,
        theme -> Text,
        title_enc -> Binary,
        description_enc -> Binary,
        reach -> Nullable<Integer>,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    school_workshops (id) {
        id -> Text,
        tenant_id -> Text,
        school_id -> Text,
        data_key_id -> Text,
        held_on -> Text,
        status -> Text,
        provider_enc -> Binary,
        classes_enc -> Nullable<Binary>,
        pupils -> Nullable<Integer>,
        topics -> Text,
        evaluation_score -> Nullable<Integer>,
        evaluation_enc -> Nullable<Binary>,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    action_plan_entries (measure_id) {
        measure_id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        owner_organisation_id -> Nullable<Text>,
        indicators_enc -> Nullable<Binary>,
        status -> Text,
        updated_by_user_id -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    action_plan_evaluations (id) {
        id -> Text,
        tenant_id -> Text,
        measure_id -> Text,
        data_key_id -> Text,
        period -> Text,
        note_enc -> Binary,
        by_user_id -> Text,
        by_organisation_id -> Text,
        by_role -> Text,
        created_at -> BigInt,
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
    ethics_versions,
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
    meeting_guests,
    case_action_evaluations,
    livc_partners,
    case_transfer_packages,
    case_transfer_items,
    signals,
    contacts,
    tensions,
    tension_severities,
    tension_actions,
    tension_signals,
    reference_persons,
    trainings,
    training_attendance,
    knowledge_pages,
    knowledge_page_texts,
    working_group_phases,
    board_signals,
    advice_trajectories,
    counter_messages,
    school_workshops,
    action_plan_entries,
    action_plan_evaluations,
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
    ethics_versions (id) {
        id -> Text,
        tenant_id -> Text,
        seq -> Integer,
        version -> Text,
        data_key_id -> Text,
        summary_enc -> Binary,
        published_by_user_id -> Text,
        published_at -> BigInt,
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
        meeting_id -> Nullable<Text>,
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

diesel::table! {
    case_action_evaluations (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        action_id -> Text,
        meeting_id -> Text,
        verdict -> Text,
        note_enc -> Binary,
        by_user_id -> Text,
        at_ms -> BigInt,
    }
}

diesel::table! {
    meeting_guests (meeting_id, case_id, user_id) {
        meeting_id -> Text,
        case_id -> Text,
        user_id -> Text,
        tenant_id -> Text,
        organisation_id -> Text,
        invited_by_user_id -> Text,
        invited_at -> BigInt,
    }
}

diesel::joinable!(meetings -> bodies (body_id));
diesel::joinable!(meeting_attendance -> meetings (meeting_id));
diesel::joinable!(meeting_acknowledgements -> meetings (meeting_id));
diesel::joinable!(meeting_agenda_items -> meetings (meeting_id));
diesel::joinable!(meeting_minutes -> meetings (meeting_id));

diesel::table! {
    livc_partners (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        name_enc -> Binary,
        public_key -> Text,
        fingerprint -> Text,
        added_by_user_id -> Text,
        added_at -> BigInt,
        removed_by_user_id -> Nullable<Text>,
        removed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    case_transfer_packages (id) {
        id -> Text,
        tenant_id -> Text,
        case_id -> Text,
        direction -> Text,
        partner_enc -> Binary,
        package_sha256 -> Text,
        provenance_enc -> Nullable<Binary>,
        created_by_user_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_transfer_items (item_id) {
        item_id -> Text,
        tenant_id -> Text,
        package_id -> Text,
    }
}

diesel::table! {
    signals (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        source -> Text,
        theme -> Text,
        life_domain -> Text,
        district_slug -> Nullable<Text>,
        observed_on -> Text,
        severity -> Text,
        description_enc -> Binary,
        author_user_id -> Text,
        author_org_id -> Text,
        created_at -> BigInt,
        case_id -> Nullable<Text>,
    }
}

diesel::table! {
    contacts (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        contact_on -> Text,
        channel -> Text,
        requester_kind -> Nullable<Text>,
        request_kind -> Text,
        themes -> Text,
        actions -> Text,
        follow_up_on -> Nullable<Text>,
        status -> Text,
        consent_livc -> Bool,
        preferred_contact -> Nullable<Text>,
        message_enc -> Binary,
        name_enc -> Nullable<Binary>,
        email_enc -> Nullable<Binary>,
        phone_enc -> Nullable<Binary>,
        notes_enc -> Nullable<Binary>,
        signal_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        created_by_user_id -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    tensions (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        title_enc -> Binary,
        description_enc -> Binary,
        groups_enc -> Binary,
        district_slug -> Nullable<Text>,
        noted_on -> Text,
        status -> Text,
        pole_a_enc -> Nullable<Binary>,
        pole_b_enc -> Nullable<Binary>,
        pushers_enc -> Nullable<Binary>,
        joiners_enc -> Nullable<Binary>,
        silent_middle_enc -> Nullable<Binary>,
        bridge_builders_enc -> Nullable<Binary>,
        scapegoat_risk_enc -> Nullable<Binary>,
        target_audience_enc -> Nullable<Binary>,
        topic_enc -> Nullable<Binary>,
        position_enc -> Nullable<Binary>,
        tone_enc -> Nullable<Binary>,
        analysed_at -> Nullable<BigInt>,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    tension_severities (id) {
        id -> Text,
        tenant_id -> Text,
        tension_id -> Text,
        observed_on -> Text,
        severity -> Text,
        note_enc -> Nullable<Binary>,
        recorded_by_user_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    tension_actions (id) {
        id -> Text,
        tenant_id -> Text,
        tension_id -> Text,
        taken_on -> Text,
        kind -> Text,
        description_enc -> Binary,
        result_enc -> Nullable<Binary>,
        recorded_by_user_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    tension_signals (tension_id, signal_id) {
        tension_id -> Text,
        signal_id -> Text,
        tenant_id -> Text,
        linked_by_user_id -> Text,
        linked_at -> BigInt,
    }
}

diesel::table! {
    reference_persons (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        name_enc -> Binary,
        organisation_enc -> Binary,
        life_domain -> Text,
        email_enc -> Nullable<Binary>,
        phone_enc -> Nullable<Binary>,
        user_id -> Nullable<Text>,
        active -> Bool,
        member_since -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    trainings (id) {
        id -> Text,
        tenant_id -> Text,
        data_key_id -> Text,
        kind -> Text,
        title_enc -> Binary,
        provider_enc -> Binary,
        held_on -> Text,
        place_enc -> Nullable<Binary>,
        staff_count -> Nullable<Integer>,
        evaluation_score -> Nullable<Integer>,
        evaluation_enc -> Nullable<Binary>,
        created_by_user_id -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    training_attendance (training_id, reference_person_id) {
        training_id -> Text,
        reference_person_id -> Text,
        tenant_id -> Text,
        status -> Text,
        recorded_by_user_id -> Text,
        recorded_at -> BigInt,
    }
}
