# The auditor's view of reasons sealed with a case's key, and the audit of opening them.
audit-action-audit-reasons-opened = Purpose or reason read in the audit trail
audit-col-reason = Purpose or reason
audit-reason-purpose = Purpose
audit-reason-partner = Partner LIVC-R
audit-reason-shredded = no longer readable (case erased)
audit-reason-unreadable = not readable (damaged)
audit-object-case = Case
audit-object-item = Information item
