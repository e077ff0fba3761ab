# "Te doen" on the dashboard of a partner at the Partnertafel.
todo-title = Te doen
todo-nothing = Niets te doen.
todo-actions = Acties wachten op uw akkoord
todo-votes = Stemmingen wachten op uw stem
todo-knowledge = Kennischeck nog te beantwoorden
todo-feedback = Terugkoppeling ontvangen
todo-meetings = Komende vergaderingen
todo-cases-label = Casussen
todo-guests-none = geen gasten aangekondigd
todo-guests-one = 1 gast aangekondigd
todo-guests-many = { $count } gasten aangekondigd
todo-codes-hidden = Casussen ziet u hier pas nadat u de deontologische code aanvaardde.
