# The expert's contact register: additions (issue 4).
contact-register-requester-details = Coordonnées du demandeur
contact-register-requester-preferred = Comment le demandeur souhaite-t-il être contacté ?
contacts-follow-up-due = Suivi à faire
contacts-open = Pas encore clôturés
contact-link-signal-title = Lier à un signal existant
contact-link-signal-help = Choisissez un signal récent ou tapez la référence du signal (elle figure sur la page du signal).
contact-link-signal-pick = Signal récent
contact-link-signal-reference = Référence du signal
contact-link-signal-submit = Lier
contact-link-signal-required = Choisissez un signal ou tapez sa référence.
contact-link-signal-unknown = Aucun signal ne porte cette référence.
signal-reference = Référence
contact-api-already-referred = Ce contact a déjà été signalé à la LIVC-R. Aucun nouveau dossier n'a été créé.
contact-api-already-has-signal = Ce contact a déjà un signal. Rien de nouveau n'a été enregistré.
