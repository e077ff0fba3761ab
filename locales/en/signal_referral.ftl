# Referral (aanmelding) to the LIVC-R made from a signal.
signal-referral-link = Refer to the LIVC-R
signal-referral-referred = Referred as
signal-referral-note = Referral made from a signal. The signal's description is not carried over: a signal is about groups, not persons.
signal-referral-api-already-referred = A case was referred from this signal already.
signal-referral-api-contact-and-signal = Refer from a contact or from a signal, not both.
signal-referral-api-source = The source follows from the signal; leave it empty or give the signal's.
audit-action-signal-referred = Case referred from a signal
