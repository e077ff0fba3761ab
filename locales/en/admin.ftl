# Verbind: administration (users, sessions) and the audit trail. English.

## Administration: users
admin-users-title = Users
admin-user-new-link = Create a user
admin-users-search-label = Search users
admin-users-search = Search
admin-users-search-help = By username, name or organisation.
admin-users-all-roles = All roles
admin-filter-submit = Apply
admin-users-count = Showing { $shown } of { $total } accounts.
admin-users-none = No accounts found.
admin-field-username = Username
admin-field-name = Name
admin-field-email = E-mail address
admin-field-organisation = Organisation
admin-field-role = Role
admin-field-mfa = Two-step verification
admin-field-status = Status
admin-field-password = Password
admin-field-created = Created on
admin-mfa-on = On
admin-mfa-off = Off
admin-status-active = Active
admin-status-disabled = Disabled
admin-since = since
admin-none = None
admin-optional = optional
admin-choose = Choose…
admin-password-set = Set
admin-password-not-set = Not set yet

## New user
admin-user-new-title = New user
admin-user-new-intro = Create an account. The user chooses their own password through a one-time link you get after creating the account.
admin-username-help = 3 to 64 characters: lower-case letters a-z, digits, full stop, underscore or hyphen.
admin-user-new-submit = Create account
admin-form-has-errors = The account was not created. Correct the fields below.
admin-back-to-users = Back to the users
admin-error-username-length = The username must be 3 to 64 characters long.
admin-error-username-characters = Use only lower-case letters a-z, digits, full stop, underscore or hyphen.
admin-error-username-taken = This username is already taken. Choose another one.
admin-error-name-required = Enter the name.
admin-error-name-too-long = The name may be at most 200 characters long.
admin-error-name-characters = The name contains characters that are not allowed.
admin-error-email = Enter a valid e-mail address, for example name@municipality.be, or leave the field empty.
admin-error-organisation = Choose an organisation of this LIVC-R.
admin-error-role = Choose a role from the list.
admin-user-created-title = Account created
admin-user-created-text = The account has been created:
admin-user-open = Open the account

## One-time link
admin-link-title = One-time link to set a password
admin-link-once = This link is shown only once. Give it to the user by a safe route: whoever has the link can choose the password.
admin-link-label = Link
admin-link-expires = Valid until

## One user
admin-user-title = Account
admin-actions-title = Actions
admin-reauth-help = For these actions Verbind first asks for your password (and code) again.
admin-action-disable = Disable
admin-action-disable-help = Ends all of this user's sessions at once.
admin-action-enable = Enable again
admin-action-new-link = Make a new password link
admin-action-reset-mfa = Reset two-step verification
admin-action-reset-mfa-help = Turns two-step verification off and ends all sessions; the user sets it up again at the next login.
admin-error-self = You cannot do this for your own account.
admin-done-disabled = The account has been disabled and all its sessions have ended.
admin-done-enabled = The account has been enabled again.
admin-done-mfa-reset = Two-step verification has been reset and all the account's sessions have ended.
admin-done-session-ended = The session has ended.
admin-user-sessions-title = Open sessions of this account

## Sessions
admin-sessions-title = Sessions
admin-sessions-intro = All open sessions in this LIVC-R. Ending a session logs that user out on that device at once.
admin-sessions-search-label = Filter sessions
admin-sessions-open = Open sessions
admin-sessions-none = No open sessions.
admin-session-reference = Reference
admin-session-started = Logged in at
admin-session-last-seen = Last active
admin-session-action = Action
admin-session-end = End session
admin-session-yours = your session

## Audit trail
audit-title = Audit trail
audit-intro = Who did what, when, from which organisation and with what result. Newest first, 100 per page. Your own reading is recorded here too.
audit-filter-label = Filter the audit trail
audit-all-actions = All actions
audit-filter-actor = Username
audit-filter-from = From (date)
audit-filter-to = Up to and including (date)
audit-filter-object = Object id
audit-filter-submit = Filter
audit-filter-clear = Clear filters
audit-filter-has-errors = Correct the filters below.
audit-date-help = Dates as dd/mm/yyyy, for example 28/11/2026 (Belgian time, whole days).
audit-csv = Download as CSV
audit-table-caption = Audit trail, newest first
audit-none = No entries found.
audit-no-actor = Nobody (system or unknown account)
audit-paging-label = Pages
audit-older = Older entries
audit-newest = To the newest entries
audit-error-action = Choose an action from the list.
audit-error-actor = Enter a valid username.
audit-error-actor-unknown = There is no user with this name in this LIVC-R.
audit-error-date = Enter a date as dd/mm/yyyy, for example 28/11/2026.
audit-error-date-order = The end date is before the start date.
audit-error-object = An object id consists of letters, digits and - _ . : (at most 100 characters).
audit-col-seq = No.
audit-col-time = Time
audit-col-time-utc = Time (UTC)
audit-col-actor = User
audit-col-actor-id = User id
audit-col-organisation = Organisation
audit-col-organisation-id = Organisation id
audit-col-action = Action
audit-col-action-code = Action code
audit-col-object = Object
audit-col-object-type = Object type
audit-col-object-id = Object id
audit-col-outcome = Outcome
audit-col-detail = Detail

## Checking the chain
audit-verify-button = Check the chain
audit-verify-help = Checks the hash chain of the whole audit trail and names the first bad entry.
audit-verify-title = Audit trail check
audit-verify-ok-label = Intact:
audit-verify-intact = { $entries } entries checked, the chain is unbroken.
audit-verify-broken-label = Not intact:
audit-verify-broken = the first bad entry is no. { $seq }.
audit-verify-gap = Entry { $expected } was expected here: an entry was deleted, inserted or moved.
audit-verify-prev-hash = The entry does not link to the previous one: the previous entry was deleted or replaced.
audit-verify-hash = The hash does not match the contents: the entry was changed.
audit-verify-truncated = The chain ends too early: entries were removed.
audit-verify-checkpoint = The chain does not match the signed checkpoint.
audit-verify-head = The chain ends at entry { $last }, but the head says entry { $head } is the last: entries were deleted or the head was changed.
audit-verify-show-entry = Show the entries from this number
audit-back = Back to the audit trail

## Actions in the audit trail
audit-action-login-succeeded = Logged in
audit-action-login-failed = Login failed
audit-action-login-throttled = Login temporarily blocked
audit-action-logout = Logged out
audit-action-session-expired = Session expired
audit-action-session-ended = Session ended
audit-action-reauth-succeeded = Re-authenticated
audit-action-reauth-failed = Re-authentication failed
audit-action-mfa-enrolled = Two-step verification set up
audit-action-mfa-reset = Two-step verification reset
audit-action-mfa-recovery-code-used = Recovery code used
audit-action-mfa-recovery-codes-regenerated = New recovery codes made
audit-action-password-changed = Password changed
audit-action-password-link-created = Password link made
audit-action-password-link-used = Password link used
audit-action-user-created = Account created
audit-action-user-disabled = Account disabled
audit-action-user-enabled = Account enabled
audit-action-user-locale-changed = Language changed
audit-action-seat-assigned = Seat assigned
audit-action-profile-loaded = Municipality profile loaded
audit-action-keys-master-rotated = Master key rotated
audit-action-audit-read = Audit trail read
audit-action-access-denied = Access denied
audit-outcome-ok = Succeeded
audit-outcome-denied = Denied
audit-outcome-failed = Failed
audit-object-user = Account
audit-object-session = Session
audit-object-seat = Seat
