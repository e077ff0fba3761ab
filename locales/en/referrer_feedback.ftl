feedback-to-referrer = To the referrer outside the table
feedback-referrer-hint = The referrer outside the table is the reference person whose signal led to this referral. They do not sit at the Partnertafel: the feedback is text only, without items and without saying which partner brought what. Write only what this person needs to carry on.
feedback-error-no-referrer = This case did not come from a reference person's signal: there is no referrer outside the table.
item-error-outside-table = Only text goes to the referrer outside the table: no item leaves the table.
signal-feedback-title = Feedback from the expert
signal-feedback-intro = The LIVC-R expert lets you know how your signal was followed up. What the partners brought to the table stays at the table.
case-reveal-reauth-help = Showing an identity first asks you to confirm it is you: enter your password again, and your code if you use two-step verification.
case-reveal-password = Your password
case-reveal-code = Code from your authenticator app
signal-feedback-badge = feedback received
dashboard-signal-feedback = { $count ->
    [one] The expert gave feedback on 1 of your signals.
   *[other] The expert gave feedback on { $count } of your signals.
}
case-deny-identity-closed = The Partnertafel does not (or no longer) handle this case, or the LTF check stopped it: only the expert can still show the identity.
decision-error-not-started = The meeting of this decision has not started yet: the table votes while it sits.
