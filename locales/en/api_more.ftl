api-error-not-json = Send the data as JSON (Content-Type: application/json).
api-error-filter = The filter { $parameter } does not know this value. Leave it out or choose a valid code.
api-error-unknown-livc = This LIVC-R is not known. Choose an existing LIVC-R (livc) or leave the field out.
