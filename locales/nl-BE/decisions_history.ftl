# Decisions on file (open, adopted, withdrawn), votes that are final once the
# meeting is held, the frozen attendance and agenda of a meeting.
decision-status-open = ter stemming
decision-status-adopted = aanvaard en uitgevoerd
decision-status-withdrawn = ingetrokken
decision-outcome = Uitslag
decision-outcome-unanimous = unaniem akkoord
decision-outcome-blocked = tegengehouden door een tegenstem of onthouding
decision-outcome-votes-missing = nog niet elke aanwezige organisatie stemde
decision-proposed-at = Voorgelegd op
decision-closed-at = Afgehandeld op
decision-voted-at = Gestemd op
decision-reason = Waarom begeleiding niet meer volstaat
decision-votes-final = gehouden: de stemmen liggen vast
decision-withdraw = Voorstel intrekken
decision-error-meeting-held = Deze vergadering is al als gehouden gemarkeerd. Leg het besluit voor op een volgende vergadering.
decision-error-open = Er ligt al een voorstel van dit besluit ter stemming. Trek het eerst in; het blijft met zijn stemmen in het dossier.
decision-error-dissent-at-meeting = Op deze vergadering stemde een aanwezige organisatie tegen dit besluit of onthield zich. Een nieuw voorstel kan pas op een volgende vergadering.
decision-error-votes-final = De vergadering van dit besluit is als gehouden gemarkeerd: de stemmen liggen vast.
meeting-error-meeting-held = Deze vergadering is als gehouden gemarkeerd: de aanwezigheden liggen vast, want ze bepalen wie over besluiten stemde.
meeting-attendance-frozen = De vergadering is gehouden: de aanwezigheden liggen vast.
meeting-agenda-fixed = Sinds het begin van de vergadering ligt de agenda vast: de casussen die toen liepen, met hun fase van toen, en elke casus waarover hier een besluit werd voorgelegd.
meeting-agenda-phase-now = Nu:
audit-action-case-decision-withdrawn = Besluitvoorstel ingetrokken
