-- Feedback (terugkoppeling) to the referrer outside the table: the reference
-- person whose signal led to the case. Set only on such feedback; it is read
-- on that signal, never in the case file of the author's organisation.
ALTER TABLE case_feedback ADD COLUMN signal_id TEXT;
