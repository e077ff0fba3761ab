# Decisions on file (open, adopted, withdrawn), votes that are final once the
# meeting is held, the frozen attendance and agenda of a meeting.
decision-status-open = put to the vote
decision-status-adopted = adopted and carried out
decision-status-withdrawn = withdrawn
decision-outcome = Outcome
decision-outcome-unanimous = unanimous agreement
decision-outcome-blocked = blocked by a vote against or an abstention
decision-outcome-votes-missing = not every organisation present has voted yet
decision-proposed-at = Proposed on
decision-closed-at = Settled on
decision-voted-at = Voted on
decision-reason = Why guidance is no longer enough
decision-votes-final = held: the votes are final
decision-withdraw = Withdraw the proposal
decision-error-meeting-held = This meeting is already marked held. Put the decision to a later meeting.
decision-error-open = A proposal of this decision is already put to the vote. Withdraw it first; it stays on file with its votes.
decision-error-dissent-at-meeting = At this meeting an organisation present voted against this decision or abstained. A new proposal can only be put to a later meeting.
decision-error-votes-final = The meeting of this decision is marked held: the votes are final.
meeting-error-meeting-held = This meeting is marked held: its attendance is frozen, because it determines who voted on decisions.
meeting-attendance-frozen = The meeting was held: its attendance is frozen.
meeting-agenda-fixed = Since the meeting began its agenda is fixed: the cases active then, with their phase at that time, and every case put to a decision here.
meeting-agenda-phase-now = Now:
audit-action-case-decision-withdrawn = Decision proposal withdrawn
