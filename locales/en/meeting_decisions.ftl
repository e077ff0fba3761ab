# The decisions put to a meeting of the Partnertafel, on the meeting page.
meeting-decisions = Decisions
meeting-decisions-help = The unanimous decisions put to the vote at this meeting, per case (the case code only, never a name), with the vote of every partner organisation present.
meeting-decisions-none = No decision was put to this meeting.
meeting-decision-status = Status
meeting-decision-votes = Votes on
