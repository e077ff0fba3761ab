fiche-title = Feedback form (terugkoppelingsfiche)
fiche-intro = The feedback form goes to the police only after a unanimous decision of the Partnertafel. It holds only items whose owner consented, never information under professional secrecy and never the origin. Only the expert and the police at this table see it.
fiche-none = No feedback form has been sent yet.
fiche-sent-on = Sent on
fiche-empty = No items may go into a form.
fiche-preview = What the form would hold now
fiche-preview-help = First put the decision to send the form to the police to a unanimous vote on the case page.
fiche-send = Send the form to the police
