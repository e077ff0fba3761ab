-- Lookups that walked whole tables, seen on the national-scale demo data
-- (BENCHMARKS.md): the report reads a tenant's case events; the signal list
-- finds each signal's contact; a case's signal and the feedback on a signal
-- are found by their link.
CREATE INDEX case_events_tenant ON case_events (tenant_id, at_ms);
CREATE INDEX contacts_signal ON contacts (tenant_id, signal_id);
CREATE INDEX signals_case ON signals (tenant_id, case_id);
CREATE INDEX case_feedback_signal ON case_feedback (tenant_id, signal_id);
