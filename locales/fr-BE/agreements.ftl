agreement-title = Accords de coopération
agreement-none = Aucun accord de coopération enregistré.
agreement-date = Signé le
agreement-scope = Portée
agreement-record = Enregistrer l'accord
agreement-error-scope = Décrivez la portée de l'accord.
agreement-error-organisation = Choisissez une organisation.
