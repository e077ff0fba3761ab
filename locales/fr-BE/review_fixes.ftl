# Fixes after the acceptance review: version labels, the publish form's own
# re-authentication, and guests announced before the agenda opens.
ethics-version-error-separators = Dans le nom de la version, mettez un seul . - ou _ entre lettres et chiffres, jamais deux de suite.
ethics-admin-reauth-in-form = Indiquez votre mot de passe ci-dessous ; ce que vous avez saisi est conservé.
meeting-guest-for-hidden = Visible dès que l'ordre du jour vous est ouvert
