# Verbind: English
skip-to-content = Skip to content
demo-banner = DEMO - fictional data
nav-label = Main navigation
nav-dashboard = Overview
nav-users = Users
nav-sessions = Sessions
nav-audit = Audit trail
nav-account = My account
nav-public-contact-point = Contact point
nav-staff-login = Staff sign-in
logout = Log out
language = Language
footer-text = Verbind · working together safely to prevent extremism and polarisation, and for the LIVC-R.

role-admin = Administrator
role-expert = Expert on extremism and polarisation
role-partner = Member of the partner table (Partnertafel)
role-steering = Member of the steering group (Stuurgroep)
role-reference = Reference person
role-auditor = Data protection officer
role-admin-text = You manage accounts, organisations, bodies and seats. You see no case content.
role-expert-text = You run the contact point, the network, the referrals (aanmeldingen), the Partnertafel agendas and the feedback (terugkoppeling).
role-partner-text = You refer cases, say whether a person is known to or followed up by your organisation, and contribute to the follow-up.
role-partner-without-seat-text = Your organisation has no seat at the Partnertafel. The expert can invite you as a guest for an agenda item; a concern about a person goes to the expert.
role-steering-text = You see anonymised reports, the overview of social tensions and the action plan. Never names or details.
role-reference-text = You pass signals and concerns to the expert and follow trainings.
role-auditor-text = You read and check the audit trail: who did what, when and why.

login-title = Log in
login-intro = Log in with your username and password. If you set up two-step verification, also enter the code from your app.
login-username = Username
login-password = Password
login-code = Verification code
login-code-help = The six-digit code from your authenticator app, or a recovery code. Leave empty if you have not set up two-step verification yet.
login-submit = Log in
login-invalid = Login failed. Check your username, password and code.
login-throttled = Too many failed attempts. Try again in { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}.
login-busy = Too many logins at the same time; try again in a few seconds.
first-run-title = No administrator yet
first-run-text = No account exists yet. On the server, load your municipality's profile and create the first administrator with these commands; the last one prints a one-time link to choose a password.
demo-accounts-title = Demo accounts
demo-accounts-text = All demo accounts use the password verbind-demo. This data is fictional.

dashboard-title = Overview
dashboard-welcome = Welcome,
dashboard-tenant = LIVC-R
dashboard-organisation = Organisation
dashboard-role = Role
dashboard-now = Now
dashboard-your-work = Your work in Verbind
dashboard-mfa-title = Two-step verification
dashboard-mfa-text = Protect your account with a code from an authenticator app.
dashboard-mfa-link = Set up two-step verification

error-status = Status
error-request-id = Reference
error-home = Go to the overview
error-400-title = Invalid request
error-400-text = The request could not be processed. Check what you entered and try again.
error-401-title = Login required
error-401-text = Log in to continue.
error-403-title = No access
error-403-text = You do not have access to this page or data.
error-csrf-title = Form expired
error-csrf-text = This form has expired or did not come from Verbind. Reload the page and try again.
error-404-title = Not found
error-404-text = This page does not exist, or you do not have access to it.
error-413-title = Too large
error-413-text = What you sent is too large. Make it shorter and try again.
error-429-title = Please wait
error-429-text = Too many requests in a row. Wait a moment and try again.
error-500-title = Something went wrong
error-500-text = Something went wrong on our side. Pass the reference below to the administrator.

password-too-short = The password must be at least 12 characters long.
password-too-long = The password may be at most 128 characters long.
password-common = This password is too common or too easy to guess. Try a sentence of a few words, for example.
password-contains-username = The password must not contain your username.
