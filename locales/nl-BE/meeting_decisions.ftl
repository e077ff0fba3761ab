# The decisions put to a meeting of the Partnertafel, on the meeting page.
meeting-decisions = Besluiten
meeting-decisions-help = De unanieme besluiten die op deze vergadering ter stemming werden voorgelegd, per casus (enkel de casuscode, nooit een naam), met de stem van elke aanwezige partnerorganisatie.
meeting-decisions-none = Op deze vergadering werd geen besluit voorgelegd.
meeting-decision-status = Status
meeting-decision-votes = Stemmen over
