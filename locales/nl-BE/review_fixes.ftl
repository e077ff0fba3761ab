# Fixes after the acceptance review: version labels, the publish form's own
# re-authentication, and guests announced before the agenda opens.
ethics-version-error-separators = Zet in de naam van de versie telkens één . - of _ tussen letters en cijfers, nooit twee na elkaar.
ethics-admin-reauth-in-form = Geef hieronder uw wachtwoord; wat u typte blijft staan.
meeting-guest-for-hidden = Zichtbaar zodra de agenda voor u open is
