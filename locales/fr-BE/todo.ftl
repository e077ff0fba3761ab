# « À faire » sur le tableau de bord d'un partenaire de la table des partenaires.
todo-title = À faire
todo-nothing = Rien à faire.
todo-actions = Actions en attente de votre accord
todo-votes = Votes en attente de votre voix
todo-knowledge = Vérification « connu / suivi » à répondre
todo-feedback = Retour d'information reçu
todo-meetings = Réunions à venir
todo-cases-label = Dossiers
todo-guests-none = aucun invité annoncé
todo-guests-one = 1 invité annoncé
todo-guests-many = { $count } invités annoncés
todo-codes-hidden = Les dossiers apparaissent ici dès que vous avez accepté le code de déontologie.
