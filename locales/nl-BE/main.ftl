# Verbind: Nederlands (eerste taal)
skip-to-content = Naar de inhoud
demo-banner = DEMO - fictieve gegevens
nav-label = Hoofdnavigatie
nav-dashboard = Overzicht
nav-users = Gebruikers
nav-sessions = Sessies
nav-audit = Audittrail
nav-account = Mijn account
nav-public-contact-point = Aanspreekpunt
nav-staff-login = Aanmelden voor medewerkers
logout = Afmelden
language = Taal
footer-text = Verbind · veilig samenwerken rond preventie van extremisme en polarisering en de LIVC-R.

role-admin = Beheerder
role-expert = Deskundige extremisme en polarisering
role-partner = Lid Partnertafel
role-steering = Lid Stuurgroep
role-reference = Referentiepersoon
role-auditor = Functionaris gegevensbescherming
role-admin-text = U beheert accounts, organisaties, organen en zetels. U ziet geen dossierinhoud.
role-expert-text = U beheert het aanspreekpunt, het netwerk, de aanmeldingen, de agenda's van de Partnertafel en de terugkoppeling.
role-partner-text = U meldt casussen aan, geeft aan of een persoon gekend is of opgevolgd wordt, en draagt bij aan de opvolging.
role-partner-without-seat-text = Uw organisatie heeft geen zetel aan de Partnertafel. De deskundige kan u als gast uitnodigen voor een agendapunt; een zorg over een persoon meldt u bij de deskundige.
role-steering-text = U ziet geanonimiseerde rapporten, het overzicht van maatschappelijke spanningen en het actieplan. Nooit namen of details.
role-reference-text = U geeft signalen en bezorgdheden door aan de deskundige en volgt opleidingen.
role-auditor-text = U leest en controleert de audittrail: wie deed wat, wanneer en waarom.

login-title = Aanmelden
login-intro = Meld u aan met uw gebruikersnaam en wachtwoord. Hebt u tweestapsverificatie ingesteld, geef dan ook de code uit uw app.
login-username = Gebruikersnaam
login-password = Wachtwoord
login-code = Verificatiecode
login-code-help = De zescijferige code uit uw authenticator-app, of een herstelcode. Laat leeg als u nog geen tweestapsverificatie hebt.
login-submit = Aanmelden
login-invalid = Aanmelden is niet gelukt. Controleer uw gebruikersnaam, wachtwoord en code.
login-throttled = Te veel mislukte pogingen. Probeer opnieuw over { $seconds ->
    [one] 1 seconde
   *[other] { $seconds } seconden
}.
login-busy = Te veel aanmeldingen tegelijk; probeer het over enkele seconden opnieuw.
first-run-title = Nog geen beheerder
first-run-text = Er bestaat nog geen account. Laad op de server het profiel van uw gemeente en maak de eerste beheerder aan met deze commando's; het laatste toont een eenmalige link om een wachtwoord te kiezen.
demo-accounts-title = Demo-accounts
demo-accounts-text = Alle demo-accounts gebruiken het wachtwoord verbind-demo. Deze gegevens zijn fictief.

dashboard-title = Overzicht
dashboard-welcome = Welkom,
dashboard-tenant = LIVC-R
dashboard-organisation = Organisatie
dashboard-role = Rol
dashboard-now = Nu
dashboard-your-work = Uw werk in Verbind
dashboard-mfa-title = Tweestapsverificatie
dashboard-mfa-text = Beveilig uw account met een code uit een authenticator-app.
dashboard-mfa-link = Tweestapsverificatie instellen

error-status = Status
error-request-id = Referentie
error-home = Naar het overzicht
error-400-title = Ongeldige aanvraag
error-400-text = De aanvraag kon niet verwerkt worden. Controleer wat u invulde en probeer opnieuw.
error-401-title = Aanmelden nodig
error-401-text = Meld u aan om verder te gaan.
error-403-title = Geen toegang
error-403-text = U hebt geen toegang tot deze pagina of gegevens.
error-csrf-title = Formulier verlopen
error-csrf-text = Dit formulier is verlopen of kwam niet van Verbind. Laad de pagina opnieuw en probeer nog eens.
error-404-title = Niet gevonden
error-404-text = Deze pagina bestaat niet, of u hebt er geen toegang toe.
error-413-title = Te groot
error-413-text = Wat u verstuurde is te groot. Maak het korter en probeer opnieuw.
error-429-title = Even geduld
error-429-text = Te veel aanvragen na elkaar. Wacht even en probeer opnieuw.
error-500-title = Er ging iets mis
error-500-text = Er ging bij ons iets mis. Niets van wat u deed is verloren gegaan tenzij anders vermeld. Geef de referentie hieronder door aan de beheerder.

password-too-short = Het wachtwoord moet minstens 12 tekens lang zijn.
password-too-long = Het wachtwoord mag hoogstens 128 tekens lang zijn.
password-common = Dit wachtwoord is te gewoon of te makkelijk te raden. Kies bijvoorbeeld een zin van enkele woorden.
password-contains-username = Het wachtwoord mag uw gebruikersnaam niet bevatten.
