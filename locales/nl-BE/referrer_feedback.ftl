feedback-to-referrer = Aan de aanmelder buiten de tafel
feedback-referrer-hint = De aanmelder buiten de tafel is de referentiepersoon wiens signaal tot deze aanmelding leidde. Die zit niet aan de Partnertafel: de terugkoppeling is alleen tekst, zonder bijdragen en zonder te zeggen welke partner iets inbracht. Schrijf enkel wat die persoon nodig heeft om verder te kunnen.
feedback-error-no-referrer = Deze casus kwam niet uit het signaal van een referentiepersoon: er is geen aanmelder buiten de tafel.
item-error-outside-table = Aan de aanmelder buiten de tafel gaat alleen tekst: geen enkele bijdrage verlaat de tafel.
signal-feedback-title = Terugkoppeling van de deskundige
signal-feedback-intro = De deskundige van de LIVC-R laat u weten hoe het verder ging met uw signaal. Wat de partners aan de tafel inbrachten, blijft aan de tafel.
case-reveal-reauth-help = Een identiteit tonen vraagt dat u eerst bevestigt dat u het bent: geef uw wachtwoord opnieuw, en uw code als u tweestapsverificatie gebruikt.
case-reveal-password = Uw wachtwoord
case-reveal-code = Code uit uw authenticator-app
signal-feedback-badge = terugkoppeling ontvangen
dashboard-signal-feedback = { $count ->
    [one] De deskundige gaf terugkoppeling op 1 van uw signalen.
   *[other] De deskundige gaf terugkoppeling op { $count } van uw signalen.
}
case-deny-identity-closed = De Partnertafel behandelt deze casus niet (meer), of de LTF-toets hield ze tegen: alleen de deskundige kan de identiteit nog tonen.
decision-error-not-started = De vergadering van dit besluit is nog niet begonnen: de tafel stemt terwijl ze samenzit.
