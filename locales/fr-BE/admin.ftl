# Verbind : administration (utilisateurs, sessions) et journal d'audit. Français.

## Administration : utilisateurs
admin-users-title = Utilisateurs
admin-user-new-link = Créer un utilisateur
admin-users-search-label = Rechercher des utilisateurs
admin-users-search = Rechercher
admin-users-search-help = Par nom d'utilisateur, nom ou organisation.
admin-users-all-roles = Tous les rôles
admin-filter-submit = Appliquer
admin-users-count = { $shown } comptes affichés sur { $total }.
admin-users-none = Aucun compte trouvé.
admin-field-username = Nom d'utilisateur
admin-field-name = Nom
admin-field-email = Adresse e-mail
admin-field-organisation = Organisation
admin-field-role = Rôle
admin-field-mfa = Vérification en deux étapes
admin-field-status = Statut
admin-field-password = Mot de passe
admin-field-created = Créé le
admin-mfa-on = Activée
admin-mfa-off = Désactivée
admin-status-active = Actif
admin-status-disabled = Désactivé
admin-since = depuis le
admin-none = Aucune
admin-optional = facultatif
admin-choose = Choisir…
admin-password-set = Défini
admin-password-not-set = Pas encore défini

## Nouvel utilisateur
admin-user-new-title = Nouvel utilisateur
admin-user-new-intro = Créez un compte. L'utilisateur choisit lui-même son mot de passe grâce au lien à usage unique que vous recevez après la création.
admin-username-help = De 3 à 64 caractères : lettres minuscules a-z, chiffres, point, tiret bas ou trait d'union.
admin-user-new-submit = Créer le compte
admin-form-has-errors = Le compte n'a pas été créé. Corrigez les champs ci-dessous.
admin-back-to-users = Retour aux utilisateurs
admin-error-username-length = Le nom d'utilisateur doit compter de 3 à 64 caractères.
admin-error-username-characters = Utilisez uniquement des lettres minuscules a-z, des chiffres, le point, le tiret bas ou le trait d'union.
admin-error-username-taken = Ce nom d'utilisateur est déjà utilisé. Choisissez-en un autre.
admin-error-name-required = Indiquez le nom.
admin-error-name-too-long = Le nom ne peut pas dépasser 200 caractères.
admin-error-name-characters = Le nom contient des caractères non autorisés.
admin-error-email = Indiquez une adresse e-mail valide, par exemple nom@commune.be, ou laissez le champ vide.
admin-error-organisation = Choisissez une organisation de cette CSIL-R.
admin-error-role = Choisissez un rôle dans la liste.
admin-user-created-title = Compte créé
admin-user-created-text = Le compte a été créé :
admin-user-open = Ouvrir le compte

## Lien à usage unique
admin-link-title = Lien à usage unique pour définir un mot de passe
admin-link-once = Ce lien n'est affiché qu'une seule fois. Transmettez-le à l'utilisateur par un canal sûr : quiconque possède le lien peut choisir le mot de passe.
admin-link-label = Lien
admin-link-expires = Valable jusqu'au

## Un utilisateur
admin-user-title = Compte
admin-actions-title = Actions
admin-reauth-help = Pour ces actions, Verbind vous demande d'abord à nouveau votre mot de passe (et votre code).
admin-action-disable = Désactiver
admin-action-disable-help = Met fin immédiatement à toutes les sessions de cet utilisateur.
admin-action-enable = Réactiver
admin-action-new-link = Créer un nouveau lien de mot de passe
admin-action-reset-mfa = Réinitialiser la vérification en deux étapes
admin-action-reset-mfa-help = Désactive la vérification en deux étapes et met fin à toutes les sessions ; l'utilisateur la configure à nouveau à sa prochaine connexion.
admin-error-self = Vous ne pouvez pas faire ceci pour votre propre compte.
admin-done-disabled = Le compte a été désactivé et toutes ses sessions ont pris fin.
admin-done-enabled = Le compte a été réactivé.
admin-done-mfa-reset = La vérification en deux étapes a été réinitialisée et toutes les sessions du compte ont pris fin.
admin-done-session-ended = La session a pris fin.
admin-user-sessions-title = Sessions ouvertes de ce compte

## Sessions
admin-sessions-title = Sessions
admin-sessions-intro = Toutes les sessions ouvertes de cette CSIL-R. Mettre fin à une session déconnecte immédiatement l'utilisateur sur cet appareil.
admin-sessions-search-label = Filtrer les sessions
admin-sessions-open = Sessions ouvertes
admin-sessions-none = Aucune session ouverte.
admin-session-reference = Référence
admin-session-started = Connecté le
admin-session-last-seen = Dernière activité
admin-session-action = Action
admin-session-end = Mettre fin à la session
admin-session-yours = votre session

## Journal d'audit
audit-title = Journal d'audit
audit-intro = Qui a fait quoi, quand, depuis quelle organisation et avec quel résultat. Les plus récents d'abord, 100 par page. Vos consultations sont également enregistrées ici.
audit-filter-label = Filtrer le journal d'audit
audit-all-actions = Toutes les actions
audit-filter-actor = Nom d'utilisateur
audit-filter-from = Du (date)
audit-filter-to = Au (date, incluse)
audit-filter-object = Identifiant d'objet
audit-filter-submit = Filtrer
audit-filter-clear = Effacer les filtres
audit-filter-has-errors = Corrigez les filtres ci-dessous.
audit-date-help = Dates au format jj/mm/aaaa, par exemple 28/11/2026 (heure belge, journées entières).
audit-csv = Télécharger en CSV
audit-table-caption = Journal d'audit, les plus récents d'abord
audit-none = Aucune entrée trouvée.
audit-no-actor = Personne (système ou compte inconnu)
audit-paging-label = Pages
audit-older = Entrées plus anciennes
audit-newest = Vers les entrées les plus récentes
audit-error-action = Choisissez une action dans la liste.
audit-error-actor = Indiquez un nom d'utilisateur valide.
audit-error-actor-unknown = Aucun utilisateur de ce nom dans cette CSIL-R.
audit-error-date = Indiquez une date au format jj/mm/aaaa, par exemple 28/11/2026.
audit-error-date-order = La date de fin précède la date de début.
audit-error-object = Un identifiant d'objet se compose de lettres, de chiffres et de - _ . : (100 caractères au plus).
audit-col-seq = N°
audit-col-time = Moment
audit-col-time-utc = Moment (UTC)
audit-col-actor = Utilisateur
audit-col-actor-id = Identifiant utilisateur
audit-col-organisation = Organisation
audit-col-organisation-id = Identifiant organisation
audit-col-action = Action
audit-col-action-code = Code de l'action
audit-col-object = Objet
audit-col-object-type = Type d'objet
audit-col-object-id = Identifiant d'objet
audit-col-outcome = Résultat
audit-col-detail = Détail

## Contrôler la chaîne
audit-verify-button = Contrôler la chaîne
audit-verify-help = Contrôle la chaîne de hachage de tout le journal d'audit et indique la première entrée erronée.
audit-verify-title = Contrôle du journal d'audit
audit-verify-ok-label = Intact :
audit-verify-intact = { $entries } entrées contrôlées, la chaîne est intacte.
audit-verify-broken-label = Pas intact :
audit-verify-broken = la première entrée erronée est le n° { $seq }.
audit-verify-gap = L'entrée { $expected } était attendue ici : une entrée a été supprimée, ajoutée ou déplacée.
audit-verify-prev-hash = L'entrée ne suit pas la précédente : l'entrée précédente a été supprimée ou remplacée.
audit-verify-hash = Le hachage ne correspond pas au contenu : l'entrée a été modifiée.
audit-verify-truncated = La chaîne se termine trop tôt : des entrées ont été retirées.
audit-verify-checkpoint = La chaîne ne correspond pas au point de contrôle signé.
audit-verify-head = La chaîne se termine à l'entrée { $last }, mais selon l'en-tête la dernière est l'entrée { $head } : des entrées ont été supprimées ou l'en-tête a été modifié.
audit-verify-show-entry = Afficher les entrées à partir de ce numéro
audit-back = Retour au journal d'audit

## Actions du journal d'audit
audit-action-login-succeeded = Connexion
audit-action-login-failed = Échec de connexion
audit-action-login-throttled = Connexion temporairement bloquée
audit-action-logout = Déconnexion
audit-action-session-expired = Session expirée
audit-action-session-ended = Session terminée
audit-action-reauth-succeeded = Nouvelle confirmation réussie
audit-action-reauth-failed = Échec de la nouvelle confirmation
audit-action-mfa-enrolled = Vérification en deux étapes configurée
audit-action-mfa-reset = Vérification en deux étapes réinitialisée
audit-action-mfa-recovery-code-used = Code de récupération utilisé
audit-action-mfa-recovery-codes-regenerated = Nouveaux codes de récupération créés
audit-action-password-changed = Mot de passe modifié
audit-action-password-link-created = Lien de mot de passe créé
audit-action-password-link-used = Lien de mot de passe utilisé
audit-action-user-created = Compte créé
audit-action-user-disabled = Compte désactivé
audit-action-user-enabled = Compte réactivé
audit-action-user-locale-changed = Langue modifiée
audit-action-seat-assigned = Siège attribué
audit-action-profile-loaded = Profil communal chargé
audit-action-keys-master-rotated = Clé maîtresse renouvelée
audit-action-audit-read = Journal d'audit consulté
audit-action-access-denied = Accès refusé
audit-outcome-ok = Réussi
audit-outcome-denied = Refusé
audit-outcome-failed = Échoué
audit-object-user = Compte
audit-object-session = Session
audit-object-seat = Siège
