-- An organisation at the table answers a proposed trajectory action for
-- itself: it accepts it, or refuses it with a reason (issue 3, item 8; plan
-- 2.4.4: every step is known to and accepted by every partner). One answer
-- per organisation and action (the primary key): a later answer replaces
-- the earlier one. The reason is sealed with the case's data key; existing
-- rows are acceptances.
ALTER TABLE case_action_acceptances ADD COLUMN answer TEXT NOT NULL DEFAULT 'accepted';
ALTER TABLE case_action_acceptances ADD COLUMN reason_enc BLOB;
ALTER TABLE case_action_acceptances RENAME COLUMN accepted_at TO answered_at;
