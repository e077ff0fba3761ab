-- More lookups that walked whole tables on the national-scale demo data
-- (BENCHMARKS.md): the seats a user holds (asked for every case of a list),
-- the meetings a case was on, the decisions put to a meeting, and who read
-- an item (the audit entries of one object).
CREATE INDEX seats_holder ON seats (holder_user_id);
CREATE INDEX meeting_agenda_items_case ON meeting_agenda_items (case_id);
CREATE INDEX case_decisions_meeting ON case_decisions (meeting_id);
CREATE INDEX audit_log_object ON audit_log (object_id, at_ms);
