# Refusing a proposed action of the follow-up trajectory, and the due date of a new action.
trajectory-refusal-intro = Si votre organisation n'accepte pas une action proposée, refusez-la en indiquant la raison. La table voit qui a refusé et pourquoi. Une action refusée ne démarre pas, jusqu'à ce que ce partenaire l'accepte malgré tout ou que la table l'ajuste ou l'arrête lors de l'évaluation.
action-phase-refused = refusée, non démarrée
action-refused-by = Refusée par
action-refuse = Refuser
action-refuse-reason = Raison du refus
action-refuse-reason-help = Obligatoire. Les partenaires de la table et l'expert lisent cette raison avec l'action. 4000 caractères au maximum.
action-refuse-submit = Refuser pour mon organisation
action-refuse-error-finished = Une action exécutée ou arrêtée ne peut plus être refusée.
action-refuse-error-started = Tous les partenaires ont accepté cette action et elle est en cours : elle ne peut plus être refusée. C'est la table qui l'ajuste ou l'arrête lors de l'évaluation.
action-refuse-error-reason = Indiquez pourquoi votre organisation refuse cette action.
action-refuse-error-reason-invalid = La raison est trop longue (4000 caractères au maximum) ou contient des caractères non valides.
action-refuse-error-not-started = Un partenaire a refusé cette action : elle n'a donc pas démarré.
action-error-due-in-past = L'échéance est dans le passé. Choisissez aujourd'hui ou une date ultérieure.
audit-action-case-action-refused = Action refusée
action-accept-error-finished = Une action réalisée ou arrêtée ne peut plus être acceptée.
action-error-due-too-far = L'échéance est à plus de deux ans. La table évalue chaque action à ses réunions suivantes : choisissez une date plus proche.
