# The auditor's view of reasons sealed with a case's key, and the audit of opening them.
audit-action-audit-reasons-opened = Doel of reden in de audittrail gelezen
audit-col-reason = Doel of reden
audit-reason-purpose = Doel
audit-reason-partner = Partner-LIVC-R
audit-reason-shredded = niet meer leesbaar (casus gewist)
audit-reason-unreadable = niet leesbaar (beschadigd)
audit-object-case = Casus
audit-object-item = Bijdrage
