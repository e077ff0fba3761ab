# Referral (aanmelding) to the LIVC-R made from a signal.
signal-referral-link = Aanmelden bij de LIVC-R
signal-referral-referred = Aangemeld als
signal-referral-note = Aanmelding vanuit een signaal. De beschrijving van het signaal wordt niet overgenomen: een signaal gaat over groepen, niet over personen.
signal-referral-api-already-referred = Vanuit dit signaal werd al een casus aangemeld.
signal-referral-api-contact-and-signal = Meld aan vanuit een contact of vanuit een signaal, niet vanuit beide.
signal-referral-api-source = De bron volgt uit het signaal; laat ze leeg of geef die van het signaal.
audit-action-signal-referred = Casus aangemeld vanuit een signaal
