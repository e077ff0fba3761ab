# The auditor's view of reasons sealed with a case's key, and the audit of opening them.
audit-action-audit-reasons-opened = Finalité ou motif lu dans le journal d'audit
audit-col-reason = Finalité ou motif
audit-reason-purpose = Finalité
audit-reason-partner = CSIL-R partenaire
audit-reason-shredded = plus lisible (cas effacé)
audit-reason-unreadable = illisible (endommagé)
audit-object-case = Cas
audit-object-item = Contribution
