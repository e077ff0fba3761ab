# Decisions on file (open, adopted, withdrawn), votes that are final once the
# meeting is held, the frozen attendance and agenda of a meeting.
decision-status-open = soumise au vote
decision-status-adopted = adoptée et exécutée
decision-status-withdrawn = retirée
decision-outcome = Résultat
decision-outcome-unanimous = accord unanime
decision-outcome-blocked = bloquée par un vote contre ou une abstention
decision-outcome-votes-missing = toutes les organisations présentes n'ont pas encore voté
decision-proposed-at = Soumise le
decision-closed-at = Clôturée le
decision-voted-at = Vote le
decision-reason = Pourquoi l'accompagnement ne suffit plus
decision-votes-final = tenue : les votes sont définitifs
decision-withdraw = Retirer la proposition
decision-error-meeting-held = Cette réunion est déjà marquée comme tenue. Soumettez la décision à une prochaine réunion.
decision-error-open = Une proposition de cette décision est déjà soumise au vote. Retirez-la d'abord ; elle reste au dossier avec ses votes.
decision-error-dissent-at-meeting = Lors de cette réunion, une organisation présente a voté contre cette décision ou s'est abstenue. Une nouvelle proposition n'est possible qu'à une prochaine réunion.
decision-error-votes-final = La réunion de cette décision est marquée comme tenue : les votes sont définitifs.
meeting-error-meeting-held = Cette réunion est marquée comme tenue : les présences sont figées, car elles déterminent qui a voté sur les décisions.
meeting-attendance-frozen = La réunion est tenue : les présences sont figées.
meeting-agenda-fixed = Depuis le début de la réunion, l'ordre du jour est figé : les dossiers en cours à ce moment, avec leur phase d'alors, et chaque dossier pour lequel une décision y a été soumise.
meeting-agenda-phase-now = Maintenant :
audit-action-case-decision-withdrawn = Proposition de décision retirée
