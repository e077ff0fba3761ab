fiche-title = Fiche de retour (terugkoppelingsfiche)
fiche-intro = La fiche de retour n'est envoyée à la police qu'après une décision unanime de la table des partenaires. Elle ne contient que les contributions pour lesquelles le propriétaire a donné son accord, jamais d'information couverte par le secret professionnel et jamais la provenance. Seuls l'expert et la police de cette table la voient.
fiche-none = Aucune fiche de retour n'a encore été envoyée.
fiche-sent-on = Envoyée le
fiche-empty = Aucune contribution ne peut figurer dans une fiche.
fiche-preview = Ce que la fiche contiendrait maintenant
fiche-preview-help = Soumettez d'abord au vote, sur la page du cas, la décision d'envoyer la fiche à la police.
fiche-send = Envoyer la fiche à la police
