# Fixes after the acceptance review: version labels, the publish form's own
# re-authentication, and guests announced before the agenda opens.
ethics-version-error-separators = Put a single . - or _ between letters and digits in the version name, never two in a row.
ethics-admin-reauth-in-form = Enter your password below; what you typed is kept.
meeting-guest-for-hidden = Shown once the agenda is open to you
