# De persoonsregel van signalen en het register van maatschappelijke spanningen,
# het aanspreekpunt op het signaalformulier en de signalen van een referentiepersoon.

signal-new-person-before = Maakt u zich zorgen over één persoon, neem dan contact op met de deskundige via
signal-new-person-link = het aanspreekpunt
signal-new-person-after = .
signal-error-personal-detail = { $what ->
    [email] Deze tekst bevat een e-mailadres. Haal het weg: een signaal gaat over tendensen en groepen, nooit over één persoon. Bevestigen kan hier niet.
    [number] Deze tekst bevat een telefoonnummer, een rijksregisternummer of een rekeningnummer. Haal het weg: een signaal gaat over tendensen en groepen, nooit over één persoon. Bevestigen kan hier niet.
   *[both] Deze tekst bevat een e-mailadres en een telefoon-, rijksregister- of rekeningnummer. Haal ze weg: een signaal gaat over tendensen en groepen, nooit over één persoon. Bevestigen kan hier niet.
}
network-error-personal-detail = { $what ->
    [email] Deze tekst bevat een e-mailadres. Haal het weg: het register beschrijft groepen of kanalen, nooit individuen. Bevestigen kan hier niet.
    [number] Deze tekst bevat een telefoonnummer, een rijksregisternummer of een rekeningnummer. Haal het weg: het register beschrijft groepen of kanalen, nooit individuen. Bevestigen kan hier niet.
   *[both] Deze tekst bevat een e-mailadres en een telefoon-, rijksregister- of rekeningnummer. Haal ze weg: het register beschrijft groepen of kanalen, nooit individuen. Bevestigen kan hier niet.
}
tension-confirm-no-person = Ik heb de tekst nagelezen: er staat geen persoon in, alleen groepen, kanalen, plaatsen of organisaties.
tension-confirm-no-person-help = Verbind kan namen niet herkennen: het wijst alleen op wat op een naam of een account (@…) lijkt. E-mailadressen en telefoon- of rijksregisternummers worden altijd geweigerd.
person-signals-none = Deze referentiepersoon gaf nog geen signalen door.
