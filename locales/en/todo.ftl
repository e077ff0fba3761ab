# "To do" on the dashboard of a partner at the Partnertafel.
todo-title = To do
todo-nothing = Nothing to do.
todo-actions = Actions awaiting your agreement
todo-votes = Votes awaiting your vote
todo-knowledge = Known / followed-up check still to answer
todo-feedback = Feedback received
todo-meetings = Upcoming meetings
todo-cases-label = Cases
todo-guests-none = no guests announced
todo-guests-one = 1 guest announced
todo-guests-many = { $count } guests announced
todo-codes-hidden = Cases appear here once you have accepted the code of ethics.
