# Refusing a proposed action of the follow-up trajectory, and the due date of a new action.
trajectory-refusal-intro = If your organisation does not accept a proposed action, refuse it and say why. The table sees who refused and why. A refused action does not start until that partner accepts it after all, or the table adjusts or stops it at its evaluation.
action-phase-refused = refused, not started
action-refused-by = Refused by
action-refuse = Refuse
action-refuse-reason = Reason for refusing
action-refuse-reason-help = Required. The partners at the table and the expert read this reason with the action. At most 4000 characters.
action-refuse-submit = Refuse for my organisation
action-refuse-error-finished = An action that is done or stopped can no longer be refused.
action-refuse-error-started = Every partner accepted this action and it is running: it can no longer be refused. The table adjusts or stops it at its evaluation.
action-refuse-error-reason = Say why your organisation refuses this action.
action-refuse-error-reason-invalid = The reason is too long (at most 4000 characters) or contains invalid characters.
action-refuse-error-not-started = A partner refused this action, so it has not started.
action-error-due-in-past = The due date is in the past. Choose today or a later date.
audit-action-case-action-refused = Action refused
action-accept-error-finished = A finished or stopped action can no longer be accepted.
action-error-due-too-far = The due date is more than two years ahead. The table evaluates every action at its following meetings: choose a nearer date.
