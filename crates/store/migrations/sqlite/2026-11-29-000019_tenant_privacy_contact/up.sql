-- The contact of the data protection officer (functionaris voor
-- gegevensbescherming), from the profile, named in every privacy notice
-- (GDPR art. 13.1.b). Optional: a profile without it says to ask the city.
ALTER TABLE tenants ADD COLUMN privacy_contact TEXT;
