feedback-to-referrer = Au signaleur extérieur à la table
feedback-referrer-hint = Le signaleur extérieur à la table est la personne de référence dont le signal a mené à ce signalement. Elle ne siège pas à la Partnertafel : le retour est uniquement du texte, sans contributions et sans dire quel partenaire a apporté quoi. N'écrivez que ce dont cette personne a besoin pour continuer.
feedback-error-no-referrer = Ce dossier ne provient pas du signal d'une personne de référence : il n'y a pas de signaleur extérieur à la table.
item-error-outside-table = Au signaleur extérieur à la table ne va que du texte : aucune contribution ne quitte la table.
signal-feedback-title = Retour de l'expert
signal-feedback-intro = L'expert de la CSIL-R vous informe de la suite donnée à votre signal. Ce que les partenaires ont apporté à la table reste à la table.
case-reveal-reauth-help = Afficher une identité demande d'abord de confirmer que c'est bien vous : saisissez à nouveau votre mot de passe, et votre code si vous utilisez la vérification en deux étapes.
case-reveal-password = Votre mot de passe
case-reveal-code = Code de votre application d'authentification
signal-feedback-badge = retour reçu
dashboard-signal-feedback = { $count ->
    [one] L'expert a donné un retour sur 1 de vos signaux.
   *[other] L'expert a donné un retour sur { $count } de vos signaux.
}
case-deny-identity-closed = La Partnertafel ne traite pas (plus) ce dossier, ou le contrôle LTF l'a arrêté : seul l'expert peut encore afficher l'identité.
decision-error-not-started = La réunion de cette décision n'a pas encore commencé : la table vote pendant qu'elle siège.
