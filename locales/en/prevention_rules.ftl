# The person rule of signals and the register of social tensions, the
# contact point on the signal form and the signals of a reference person.

signal-new-person-before = If you are worried about one person, contact the expert through
signal-new-person-link = the contact point
signal-new-person-after = .
signal-error-personal-detail = { $what ->
    [email] This text contains an e-mail address. Remove it: a signal is about trends and groups, never about one person. Confirming is not enough here.
    [number] This text contains a phone, national register or account number. Remove it: a signal is about trends and groups, never about one person. Confirming is not enough here.
   *[both] This text contains an e-mail address and a phone, national register or account number. Remove them: a signal is about trends and groups, never about one person. Confirming is not enough here.
}
network-error-personal-detail = { $what ->
    [email] This text contains an e-mail address. Remove it: the register describes groups or channels, never individuals. Confirming is not enough here.
    [number] This text contains a phone, national register or account number. Remove it: the register describes groups or channels, never individuals. Confirming is not enough here.
   *[both] This text contains an e-mail address and a phone, national register or account number. Remove them: the register describes groups or channels, never individuals. Confirming is not enough here.
}
tension-confirm-no-person = I have read the text again: it names no person, only groups, channels, places or organisations.
tension-confirm-no-person-help = Verbind cannot recognise names: it only points at what looks like a name or an account (@…). E-mail addresses and phone or national register numbers are always refused.
person-signals-none = This reference person has not passed any signals yet.
