# Referral (aanmelding) to the LIVC-R made from a signal.
signal-referral-link = Signaler à la CSIL-R
signal-referral-referred = Signalé sous
signal-referral-note = Signalement à partir d'un signal. La description du signal n'est pas reprise : un signal porte sur des groupes, pas sur des personnes.
signal-referral-api-already-referred = Un cas a déjà été signalé à partir de ce signal.
signal-referral-api-contact-and-signal = Signalez à partir d'un contact ou d'un signal, pas des deux.
signal-referral-api-source = La source découle du signal ; laissez-la vide ou donnez celle du signal.
audit-action-signal-referred = Cas signalé à partir d'un signal
