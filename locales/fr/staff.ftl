# Back-office (crates/accounts/src/staff): department staff and administrators only.

## Navigation and pagination

staff-nav = Menu du back-office
staff-title = Back-office
staff-intro = Suivi des comptes, des structures, du journal d’audit et des tâches de fond.
staff-people-title = Personnes
staff-orgs-title = Structures
staff-audit-title = Journal d’audit
staff-jobs-title = Tâches de fond
staff-pager = Pagination
staff-page-prev = Page précédente
staff-page-next = Page suivante
staff-page-position = Page { $position }
staff-results = { $count ->
    [0] Aucun résultat
    [one] { $count } résultat
   *[other] { $count } résultats
}
staff-search = Rechercher
staff-filter-all = Tous
staff-filter-submit = Filtrer

## Dashboard

staff-count-people = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
staff-count-orgs = { $count ->
    [one] { $count } structure
   *[other] { $count } structures
}
staff-count-awaiting = { $count ->
    [0] Aucune structure en attente de vérification
    [one] { $count } structure en attente de vérification
   *[other] { $count } structures en attente de vérification
}
staff-count-jobs-pending = { $count ->
    [0] Aucune tâche en attente
    [one] { $count } tâche en attente
   *[other] { $count } tâches en attente
}
staff-count-jobs-dead = { $count ->
    [0] Aucune tâche abandonnée
    [one] { $count } tâche abandonnée après plusieurs échecs
   *[other] { $count } tâches abandonnées après plusieurs échecs
}
staff-people-link = Rechercher une personne
staff-orgs-link = Rechercher une structure
staff-jobs-link = Voir la file des tâches
staff-audit-link = Consulter le journal

## Tables

staff-col-name = Nom
staff-col-email = Adresse électronique
staff-col-roles = Rôles
staff-col-status = État
staff-col-created = Compte créé le
staff-col-role = Rôle
staff-col-granted = Attribué le
staff-col-actions = Actions
staff-col-org = Structure
staff-col-kind = Type de structure
staff-col-member-role = Rôle dans la structure
staff-col-siret = SIRET
staff-col-rna = RNA
staff-col-commune = Code commune
staff-col-job = Tâche
staff-col-attempts = Tentatives
staff-col-run-at = Prochaine exécution
staff-col-error = Dernière erreur

## People

staff-people-search = Nom ou adresse électronique
    .hint = Une partie suffit, sans tenir compte des majuscules.
staff-people-caption = Comptes, par ordre alphabétique
staff-people-caption-search = Comptes correspondant à « { $q } »
staff-no-role = Aucun rôle
staff-email-verified = Adresse confirmée
staff-email-unverified = Adresse non confirmée
staff-email-state = Confirmation de l’adresse
staff-account-state = État du compte
staff-account-is-active = Actif
staff-account-is-disabled = Désactivé
staff-granted-roles = Rôles attribués
    .hint = Les agents attribuent les rôles de membre de jury et de jeune ; seuls les administrateurs attribuent les rôles d’agent et d’administrateur. Les autres rôles découlent de l’appartenance à une structure.
staff-granted-roles-caption = Rôles attribués à { $name }
staff-no-granted-role = Aucun rôle attribué directement.
staff-revoke-role = Retirer le rôle « { $role } »
staff-grant-role = Rôle à attribuer
staff-grant-submit = Attribuer le rôle
staff-role-granted = Le rôle a été attribué.
staff-role-revoked = Le rôle a été retiré.
staff-role-unchanged = Aucun changement : la personne avait déjà ce rôle, ou ne l’avait plus.
staff-revoke-own-admin = Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez-le à un autre administrateur.
staff-account-title = Accès au compte
staff-account-self = C’est votre propre compte : un autre agent peut le désactiver si nécessaire.
staff-account-admin-only = Seul un administrateur peut désactiver ou réactiver le compte d’un agent ou d’un administrateur.
staff-disable = Désactiver le compte
    .hint = La personne sera déconnectée immédiatement et ne pourra plus se connecter jusqu’à la réactivation du compte.
staff-enable = Réactiver le compte
    .hint = Ce compte est désactivé. Une fois réactivé, la personne pourra de nouveau se connecter.
staff-disable-self = Vous ne pouvez pas désactiver votre propre compte.
staff-account-disabled = Le compte a été désactivé et ses sessions fermées.
staff-account-enabled = Le compte a été réactivé.
staff-person-orgs = Structures
staff-person-orgs-caption = Structures dont { $name } est membre
staff-person-no-org = Membre d’aucune structure.
staff-person-history = Historique récent
staff-person-history-caption = Dernières entrées du journal d’audit concernant { $name }

## Organisations

staff-orgs-search = Nom, sigle, SIRET ou RNA
    .hint = Une partie suffit ; les espaces dans les numéros sont ignorés.
staff-filter-verified = Vérification
staff-orgs-caption = Structures, par ordre alphabétique
staff-org-is-verified = Vérifiée
staff-org-is-unverified = En attente de vérification
staff-org-verify = Marquer « { $name } » comme vérifiée
staff-org-unverify = Retirer la vérification de « { $name } »
staff-org-verified = La structure est marquée comme vérifiée.
staff-org-unverified = La structure n’est plus marquée comme vérifiée.

## Audit log

staff-audit-intro = Chaque action qui modifie des données y est enregistrée. Les entrées sont chaînées : toute modification ultérieure est détectée.
staff-audit-chain-ok = { $count ->
    [0] Le journal est vide.
    [one] Intégrité vérifiée : la chaîne de { $count } entrée est intacte.
   *[other] Intégrité vérifiée : la chaîne de { $count } entrées est intacte.
}
staff-audit-chain-broken = Intégrité compromise : la chaîne est rompue à l’entrée n° { $seq }.
    .hint = Une entrée a été modifiée, supprimée ou insérée en dehors de l’application. Prévenez l’administrateur du service sans modifier la base de données.
staff-audit-type = Type d’enregistrement
staff-audit-caption = Entrées du journal, de la plus récente à la plus ancienne
staff-audit-empty = Aucune entrée.
staff-audit-newest = Entrées les plus récentes
staff-audit-older = Entrées plus anciennes
staff-audit-seq = N°
staff-audit-at = Date
staff-audit-actor = Auteur
staff-audit-action = Action
staff-audit-record = Enregistrement
staff-audit-summary = Détails
staff-audit-system = Système

audit-action-user-signup = Création de compte
audit-action-user-verify_email = Confirmation de l’adresse
audit-action-user-login = Connexion
audit-action-user-logout = Déconnexion
audit-action-user-password_reset = Nouveau mot de passe (lien oublié)
audit-action-user-password_change = Changement de mot de passe
audit-action-user-email_change = Changement d’adresse électronique
audit-action-admin-create_admin = Création d’un administrateur (console)
audit-action-admin-reset_password = Nouveau mot de passe (console)
audit-action-admin-grant_role = Attribution d’un rôle (console)
audit-action-staff-grant_role = Attribution d’un rôle
audit-action-staff-revoke_role = Retrait d’un rôle
audit-action-staff-disable_user = Désactivation d’un compte
audit-action-staff-enable_user = Réactivation d’un compte
audit-action-staff-org_verify = Vérification d’une structure
audit-action-staff-org_unverify = Retrait de la vérification d’une structure
audit-action-staff-job_retry = Relance d’une tâche
audit-action-org-create = Création d’une structure
audit-action-org-update = Modification d’une structure
audit-action-org-esus_set = Agrément ESUS enregistré
audit-action-org-invite = Invitation d’un membre
audit-action-org-invitation_revoke = Annulation d’une invitation
audit-action-org-invitation_accept = Invitation acceptée
audit-action-org-member_role = Changement de rôle d’un membre
audit-action-org-member_remove = Retrait d’un membre
audit-action-org-leave = Départ d’un membre
audit-action-org-document_upload = Dépôt d’un document

## Jobs

staff-jobs-intro = Envois de courriels et autres traitements différés. Une tâche qui échoue est réessayée avec un délai croissant, puis abandonnée : vous pouvez alors la relancer après avoir corrigé la cause.
staff-jobs-caption = Tâches en file, par ordre d’arrivée
staff-jobs-empty = Aucune tâche en attente.
staff-job-pending = En attente
staff-job-retrying = Nouvel essai prévu
staff-job-dead = Abandonnée
staff-job-retry = Relancer la tâche n° { $id }
staff-job-retried = La tâche a été remise dans la file.
staff-job-not-dead = Cette tâche n’est pas abandonnée : elle suit déjà son cours.
staff-calls-title = Appels à projets
staff-events-title = Événements
staff-youth-title = Jeunes et entreprises
staff-workshops-title = Ateliers
staff-imports-title = Imports SIRENE
staff-files-title = Dossiers
staff-api-tokens-title = Jetons d’API
