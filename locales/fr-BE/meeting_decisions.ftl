# The decisions put to a meeting of the Partnertafel, on the meeting page.
meeting-decisions = Décisions
meeting-decisions-help = Les décisions unanimes soumises au vote lors de cette réunion, par cas (uniquement le code du cas, jamais un nom), avec le vote de chaque organisation partenaire présente.
meeting-decisions-none = Aucune décision n'a été soumise lors de cette réunion.
meeting-decision-status = Statut
meeting-decision-votes = Votes sur
