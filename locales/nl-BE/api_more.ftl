api-error-not-json = Stuur de gegevens als JSON (Content-Type: application/json).
api-error-filter = De filter { $parameter } kent deze waarde niet. Laat hem weg of kies een geldige code.
api-error-unknown-livc = Deze LIVC-R is niet gekend. Kies een bestaande LIVC-R (livc) of laat het veld weg.
