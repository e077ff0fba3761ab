# The expert's contact register: additions (issue 4).
contact-register-requester-details = The requester's contact details
contact-register-requester-preferred = How does the requester want to be contacted?
contacts-follow-up-due = Follow-up due
contacts-open = Not yet handled
contact-link-signal-title = Link to an existing signal
contact-link-signal-help = Pick a recent signal or type the signal's reference (shown on the signal's page).
contact-link-signal-pick = Recent signal
contact-link-signal-reference = Signal reference
contact-link-signal-submit = Link
contact-link-signal-required = Pick a signal or type its reference.
contact-link-signal-unknown = There is no signal with this reference.
signal-reference = Reference
contact-api-already-referred = This contact was already referred to the LIVC-R. No new case was created.
contact-api-already-has-signal = This contact already has a signal. Nothing new was stored.
