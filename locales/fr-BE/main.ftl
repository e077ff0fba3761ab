# Verbind : français
skip-to-content = Aller au contenu
demo-banner = DÉMO - données fictives
nav-label = Navigation principale
nav-dashboard = Aperçu
nav-users = Utilisateurs
nav-sessions = Sessions
nav-audit = Journal d'audit
nav-account = Mon compte
nav-public-contact-point = Point de contact
nav-staff-login = Connexion du personnel
logout = Se déconnecter
language = Langue
footer-text = Verbind · collaborer en sécurité pour prévenir l'extrémisme et la polarisation, et pour la CSIL-R.

role-admin = Administrateur
role-expert = Expert extrémisme et polarisation
role-partner = Membre de la table des partenaires (Partnertafel)
role-steering = Membre du groupe de pilotage (Stuurgroep)
role-reference = Personne de référence
role-auditor = Délégué à la protection des données
role-admin-text = Vous gérez les comptes, les organisations, les organes et les sièges. Vous ne voyez aucun contenu de dossier.
role-expert-text = Vous gérez le point de contact, le réseau, les signalements, les ordres du jour de la Partnertafel et les retours.
role-partner-text = Vous signalez des cas, indiquez si une personne est connue ou suivie, et contribuez au suivi.
role-partner-without-seat-text = Votre organisation n'a pas de siège à la Partnertafel. L'expert peut vous inviter comme invité pour un point de l'ordre du jour ; une inquiétude au sujet d'une personne se signale à l'expert.
role-steering-text = Vous voyez les rapports anonymisés, l'aperçu des tensions sociales et le plan d'action. Jamais de noms ni de détails.
role-reference-text = Vous transmettez signaux et inquiétudes à l'expert et suivez des formations.
role-auditor-text = Vous lisez et contrôlez le journal d'audit : qui a fait quoi, quand et pourquoi.

login-title = Connexion
login-intro = Connectez-vous avec votre nom d'utilisateur et votre mot de passe. Si la vérification en deux étapes est activée, saisissez aussi le code de votre application.
login-username = Nom d'utilisateur
login-password = Mot de passe
login-code = Code de vérification
login-code-help = Le code à six chiffres de votre application d'authentification, ou un code de récupération. Laissez vide si la vérification en deux étapes n'est pas encore activée.
login-submit = Se connecter
login-invalid = La connexion a échoué. Vérifiez votre nom d'utilisateur, votre mot de passe et votre code.
login-throttled = Trop de tentatives échouées. Réessayez dans { $seconds ->
    [one] 1 seconde
   *[other] { $seconds } secondes
}.
login-busy = Trop de connexions en même temps ; réessayez dans quelques secondes.
first-run-title = Pas encore d'administrateur
first-run-text = Aucun compte n'existe encore. Sur le serveur, chargez le profil de votre commune et créez le premier administrateur avec ces commandes ; la dernière affiche un lien unique pour choisir un mot de passe.
demo-accounts-title = Comptes de démonstration
demo-accounts-text = Tous les comptes de démonstration utilisent le mot de passe verbind-demo. Ces données sont fictives.

dashboard-title = Aperçu
dashboard-welcome = Bienvenue,
dashboard-tenant = CSIL-R
dashboard-organisation = Organisation
dashboard-role = Rôle
dashboard-now = Maintenant
dashboard-your-work = Votre travail dans Verbind
dashboard-mfa-title = Vérification en deux étapes
dashboard-mfa-text = Protégez votre compte avec un code d'une application d'authentification.
dashboard-mfa-link = Activer la vérification en deux étapes

error-status = Statut
error-request-id = Référence
error-home = Vers l'aperçu
error-400-title = Demande non valide
error-400-text = La demande n'a pas pu être traitée. Vérifiez ce que vous avez saisi et réessayez.
error-401-title = Connexion requise
error-401-text = Connectez-vous pour continuer.
error-403-title = Accès refusé
error-403-text = Vous n'avez pas accès à cette page ou à ces données.
error-csrf-title = Formulaire expiré
error-csrf-text = Ce formulaire a expiré ou ne provient pas de Verbind. Rechargez la page et réessayez.
error-404-title = Introuvable
error-404-text = Cette page n'existe pas, ou vous n'y avez pas accès.
error-413-title = Trop volumineux
error-413-text = Ce que vous avez envoyé est trop volumineux. Raccourcissez-le et réessayez.
error-429-title = Un instant
error-429-text = Trop de demandes successives. Patientez un peu et réessayez.
error-500-title = Une erreur s'est produite
error-500-text = Une erreur s'est produite de notre côté. Transmettez la référence ci-dessous à l'administrateur.

password-too-short = Le mot de passe doit comporter au moins 12 caractères.
password-too-long = Le mot de passe peut comporter au maximum 128 caractères.
password-common = Ce mot de passe est trop courant ou trop facile à deviner. Choisissez par exemple une phrase de quelques mots.
password-contains-username = Le mot de passe ne peut pas contenir votre nom d'utilisateur.
