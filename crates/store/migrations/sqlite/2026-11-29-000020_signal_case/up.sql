-- The case (LIVC-R referral) the expert made from a signal, like
-- contacts.case_id: set once, when the signal is referred.
ALTER TABLE signals ADD COLUMN case_id TEXT;
