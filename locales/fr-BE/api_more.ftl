api-error-not-json = Envoyez les données en JSON (Content-Type: application/json).
api-error-filter = Le filtre { $parameter } ne connaît pas cette valeur. Omettez-le ou choisissez un code valide.
api-error-unknown-livc = Cette CSIL-R n'est pas connue. Choisissez une CSIL-R existante (livc) ou omettez le champ.
