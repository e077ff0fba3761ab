# Verbind: beheer (gebruikers, sessies) en audittrail. Nederlands (eerste taal).

## Beheer: gebruikers
admin-users-title = Gebruikers
admin-user-new-link = Nieuwe gebruiker aanmaken
admin-users-search-label = Gebruikers zoeken
admin-users-search = Zoeken
admin-users-search-help = Op gebruikersnaam, naam of organisatie.
admin-users-all-roles = Alle rollen
admin-filter-submit = Toepassen
admin-users-count = { $shown } van { $total } accounts getoond.
admin-users-none = Geen accounts gevonden.
admin-field-username = Gebruikersnaam
admin-field-name = Naam
admin-field-email = E-mailadres
admin-field-organisation = Organisatie
admin-field-role = Rol
admin-field-mfa = Tweestapsverificatie
admin-field-status = Status
admin-field-password = Wachtwoord
admin-field-created = Aangemaakt op
admin-mfa-on = Aan
admin-mfa-off = Uit
admin-status-active = Actief
admin-status-disabled = Uitgeschakeld
admin-since = sinds
admin-none = Geen
admin-optional = niet verplicht
admin-choose = Kies…
admin-password-set = Ingesteld
admin-password-not-set = Nog niet ingesteld

## Nieuwe gebruiker
admin-user-new-title = Nieuwe gebruiker
admin-user-new-intro = Maak een account aan. De gebruiker kiest zelf een wachtwoord via een eenmalige link die u na het aanmaken krijgt.
admin-username-help = 3 tot 64 tekens: kleine letters a-z, cijfers, punt, liggend streepje of koppelteken.
admin-user-new-submit = Account aanmaken
admin-form-has-errors = Het account is niet aangemaakt. Verbeter de velden hieronder.
admin-back-to-users = Terug naar de gebruikers
admin-error-username-length = De gebruikersnaam moet 3 tot 64 tekens lang zijn.
admin-error-username-characters = Gebruik alleen kleine letters a-z, cijfers, punt, liggend streepje of koppelteken.
admin-error-username-taken = Deze gebruikersnaam is al in gebruik. Kies een andere.
admin-error-name-required = Vul de naam in.
admin-error-name-too-long = De naam mag hoogstens 200 tekens lang zijn.
admin-error-name-characters = De naam bevat tekens die niet toegelaten zijn.
admin-error-email = Geef een geldig e-mailadres, bijvoorbeeld naam@gemeente.be, of laat het veld leeg.
admin-error-organisation = Kies een organisatie van deze LIVC-R.
admin-error-role = Kies een rol uit de lijst.
admin-user-created-title = Account aangemaakt
admin-user-created-text = Het account is aangemaakt:
admin-user-open = Naar het account

## Eenmalige link
admin-link-title = Eenmalige link om een wachtwoord in te stellen
admin-link-once = Deze link wordt maar één keer getoond. Bezorg hem de gebruiker langs een veilige weg; wie de link heeft, kan het wachtwoord kiezen.
admin-link-label = Link
admin-link-expires = Geldig tot

## Eén gebruiker
admin-user-title = Account
admin-actions-title = Acties
admin-reauth-help = Voor deze acties vraagt Verbind eerst opnieuw uw wachtwoord (en code).
admin-action-disable = Uitschakelen
admin-action-disable-help = Beëindigt meteen alle sessies van deze gebruiker.
admin-action-enable = Opnieuw inschakelen
admin-action-new-link = Nieuwe wachtwoordlink maken
admin-action-reset-mfa = Tweestapsverificatie herstellen
admin-action-reset-mfa-help = Zet tweestapsverificatie uit en beëindigt alle sessies; de gebruiker stelt ze opnieuw in bij de volgende aanmelding.
admin-error-self = Dit kunt u niet voor uw eigen account doen.
admin-done-disabled = Het account is uitgeschakeld en al zijn sessies zijn beëindigd.
admin-done-enabled = Het account is opnieuw ingeschakeld.
admin-done-mfa-reset = De tweestapsverificatie is hersteld en alle sessies van het account zijn beëindigd.
admin-done-session-ended = De sessie is beëindigd.
admin-user-sessions-title = Open sessies van dit account

## Sessies
admin-sessions-title = Sessies
admin-sessions-intro = Alle open sessies in deze LIVC-R. Een sessie beëindigen meldt die gebruiker meteen af op dat toestel.
admin-sessions-search-label = Sessies filteren
admin-sessions-open = Open sessies
admin-sessions-none = Geen open sessies.
admin-session-reference = Referentie
admin-session-started = Aangemeld op
admin-session-last-seen = Laatst actief
admin-session-action = Actie
admin-session-end = Sessie beëindigen
admin-session-yours = uw sessie

## Audittrail
audit-title = Audittrail
audit-intro = Wie deed wat, wanneer, vanuit welke organisatie en met welk resultaat. Nieuwste eerst, 100 per pagina. Ook uw raadplegingen worden hier vastgelegd.
audit-filter-label = Audittrail filteren
audit-all-actions = Alle acties
audit-filter-actor = Gebruikersnaam
audit-filter-from = Van (datum)
audit-filter-to = Tot en met (datum)
audit-filter-object = Object-id
audit-filter-submit = Filteren
audit-filter-clear = Filters wissen
audit-filter-has-errors = Verbeter de filters hieronder.
audit-date-help = Datums als dd/mm/jjjj, bijvoorbeeld 28/11/2026 (Belgische tijd, hele dagen).
audit-csv = Downloaden als CSV
audit-table-caption = Audittrail, nieuwste eerst
audit-none = Geen items gevonden.
audit-no-actor = Niemand (systeem of onbekend account)
audit-paging-label = Pagina's
audit-older = Oudere items
audit-newest = Naar de nieuwste items
audit-error-action = Kies een actie uit de lijst.
audit-error-actor = Geef een geldige gebruikersnaam.
audit-error-actor-unknown = Er is geen gebruiker met deze naam in deze LIVC-R.
audit-error-date = Geef een datum als dd/mm/jjjj, bijvoorbeeld 28/11/2026.
audit-error-date-order = De einddatum ligt voor de begindatum.
audit-error-object = Een object-id bestaat uit letters, cijfers en - _ . : (hoogstens 100 tekens).
audit-col-seq = Nr.
audit-col-time = Tijdstip
audit-col-time-utc = Tijdstip (UTC)
audit-col-actor = Gebruiker
audit-col-actor-id = Gebruiker-id
audit-col-organisation = Organisatie
audit-col-organisation-id = Organisatie-id
audit-col-action = Actie
audit-col-action-code = Actiecode
audit-col-object = Object
audit-col-object-type = Objecttype
audit-col-object-id = Object-id
audit-col-outcome = Resultaat
audit-col-detail = Detail

## De keten controleren
audit-verify-button = Keten controleren
audit-verify-help = Controleert de hashketen van de hele audittrail en toont het eerste foute item.
audit-verify-title = Controle van de audittrail
audit-verify-ok-label = Intact:
audit-verify-intact = { $entries } items gecontroleerd, de keten is ongeschonden.
audit-verify-broken-label = Niet intact:
audit-verify-broken = het eerste foute item is nr. { $seq }.
audit-verify-gap = Op deze plaats werd item { $expected } verwacht: er is een item verwijderd, toegevoegd of verplaatst.
audit-verify-prev-hash = Het item sluit niet aan op het vorige: het vorige item werd verwijderd of vervangen.
audit-verify-hash = De hash klopt niet met de inhoud: het item werd gewijzigd.
audit-verify-truncated = De keten eindigt te vroeg: er zijn items weggenomen.
audit-verify-checkpoint = De keten klopt niet met het ondertekende controlepunt.
audit-verify-head = De keten eindigt bij item { $last }, maar volgens de kop is item { $head } het laatste: er zijn items verwijderd of de kop werd gewijzigd.
audit-verify-show-entry = Toon de items vanaf dit nummer
audit-back = Terug naar de audittrail

## Acties in de audittrail
audit-action-login-succeeded = Aangemeld
audit-action-login-failed = Aanmelden mislukt
audit-action-login-throttled = Aanmelden tijdelijk geblokkeerd
audit-action-logout = Afgemeld
audit-action-session-expired = Sessie verlopen
audit-action-session-ended = Sessie beëindigd
audit-action-reauth-succeeded = Opnieuw bevestigd
audit-action-reauth-failed = Opnieuw bevestigen mislukt
audit-action-mfa-enrolled = Tweestapsverificatie ingesteld
audit-action-mfa-reset = Tweestapsverificatie hersteld
audit-action-mfa-recovery-code-used = Herstelcode gebruikt
audit-action-mfa-recovery-codes-regenerated = Nieuwe herstelcodes gemaakt
audit-action-password-changed = Wachtwoord gewijzigd
audit-action-password-link-created = Wachtwoordlink gemaakt
audit-action-password-link-used = Wachtwoordlink gebruikt
audit-action-user-created = Account aangemaakt
audit-action-user-disabled = Account uitgeschakeld
audit-action-user-enabled = Account ingeschakeld
audit-action-user-locale-changed = Taal gewijzigd
audit-action-seat-assigned = Zetel toegewezen
audit-action-profile-loaded = Gemeenteprofiel geladen
audit-action-keys-master-rotated = Hoofdsleutel vernieuwd
audit-action-audit-read = Audittrail geraadpleegd
audit-action-access-denied = Toegang geweigerd
audit-outcome-ok = Gelukt
audit-outcome-denied = Geweigerd
audit-outcome-failed = Mislukt
audit-object-user = Account
audit-object-session = Sessie
audit-object-seat = Zetel
