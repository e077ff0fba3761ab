fiche-title = Terugkoppelingsfiche
fiche-intro = De terugkoppelingsfiche gaat naar de politie enkel na een unaniem besluit van de Partnertafel. Ze bevat enkel bijdragen waarvoor de eigenaar toestemming gaf, nooit informatie onder beroepsgeheim en nooit de herkomst. Enkel de deskundige en de politie aan deze tafel zien ze.
fiche-none = Er werd nog geen terugkoppelingsfiche verstuurd.
fiche-sent-on = Verstuurd op
fiche-empty = Geen bijdragen die in een fiche mogen.
fiche-preview = Wat de fiche nu zou bevatten
fiche-preview-help = Leg eerst het besluit om de fiche naar de politie te sturen unaniem ter stemming voor op de casuspagina.
fiche-send = Fiche versturen naar de politie
