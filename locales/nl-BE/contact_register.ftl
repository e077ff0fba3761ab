# The expert's contact register: additions (issue 4).
contact-register-requester-details = Contactgegevens van de aanvrager
contact-register-requester-preferred = Hoe wil de aanvrager gecontacteerd worden?
contacts-follow-up-due = Opvolging nodig
contacts-open = Nog niet afgehandeld
contact-link-signal-title = Aan een bestaand signaal koppelen
contact-link-signal-help = Kies een recent signaal of typ de referentie van het signaal (u vindt ze op de pagina van het signaal).
contact-link-signal-pick = Recent signaal
contact-link-signal-reference = Referentie van het signaal
contact-link-signal-submit = Koppelen
contact-link-signal-required = Kies een signaal of typ zijn referentie.
contact-link-signal-unknown = Er is geen signaal met deze referentie.
signal-reference = Referentie
contact-api-already-referred = Dit contact werd al aangemeld bij de LIVC-R. Er werd geen nieuwe casus gemaakt.
contact-api-already-has-signal = Dit contact heeft al een signaal. Er werd niets nieuws opgeslagen.
