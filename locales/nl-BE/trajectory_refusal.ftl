# Refusing a proposed action of the follow-up trajectory, and the due date of a new action.
trajectory-refusal-intro = Aanvaardt uw organisatie een voorgestelde actie niet, weiger ze dan met een reden. De tafel ziet wie weigerde en waarom. Een geweigerde actie start niet, tot die partner ze alsnog aanvaardt of de tafel ze bij de evaluatie bijstuurt of stopzet.
action-phase-refused = geweigerd, niet gestart
action-refused-by = Geweigerd door
action-refuse = Weigeren
action-refuse-reason = Reden van de weigering
action-refuse-reason-help = Verplicht. De partners aan tafel en de deskundige lezen deze reden bij de actie. Hoogstens 4000 tekens.
action-refuse-submit = Weigeren voor mijn organisatie
action-refuse-error-finished = Een uitgevoerde of stopgezette actie kan niet meer geweigerd worden.
action-refuse-error-started = Deze actie is door alle partners aanvaard en loopt: ze kan niet meer geweigerd worden. Bijsturen of stopzetten doet de tafel bij de evaluatie.
action-refuse-error-reason = Geef de reden waarom uw organisatie deze actie weigert.
action-refuse-error-reason-invalid = De reden is te lang (hoogstens 4000 tekens) of bevat ongeldige tekens.
action-refuse-error-not-started = Deze actie werd door een partner geweigerd en is dus niet gestart.
action-error-due-in-past = De termijn ligt in het verleden. Kies vandaag of een latere datum.
audit-action-case-action-refused = Actie geweigerd
action-accept-error-finished = Een uitgevoerde of stopgezette actie wordt niet meer aanvaard.
action-error-due-too-far = De termijn ligt meer dan twee jaar vooruit. De tafel evalueert elke actie op haar volgende vergaderingen: kies een nabijere datum.
