agreement-title = Samenwerkingsovereenkomsten
agreement-none = Nog geen samenwerkingsovereenkomsten geregistreerd.
agreement-date = Ondertekend op
agreement-scope = Reikwijdte
agreement-record = Overeenkomst registreren
agreement-error-scope = Beschrijf de reikwijdte van de overeenkomst.
agreement-error-organisation = Kies een organisatie.
