# Organisations: identity, members and invitations, ESUS approval, document vault.

## My organisations

orgs-title = Mes structures
orgs-intro = Renseignez une seule fois l’identité de votre structure et ses pièces justificatives : elles seront reprises dans vos candidatures.
orgs-create = Déclarer une structure
orgs-empty = Vous ne faites encore partie d’aucune structure. Déclarez la vôtre, ou demandez à l’un de ses responsables de vous inviter.
orgs-caption = Les structures dont vous êtes membre
orgs-back = Retour à mes structures
org-back = Retour à { $org }
org-my-role = Mon rôle

## Identity form

org-new-title = Déclarer une structure
org-new-intro = Vous en deviendrez responsable : vous pourrez ensuite inviter d’autres personnes et déposer les documents de la structure.
org-edit-title = Modifier la structure
org-edit-intro = Si vous modifiez le nom, le type ou les numéros SIRET ou RNA, la structure devra être vérifiée à nouveau par le Département.
org-identity = Identité
org-head-office = Siège
org-contact = Contact
org-field-kind = Type de structure
org-kind-choose = Choisir un type
org-field-name = Nom
org-field-acronym = Sigle
org-field-siret = Numéro SIRET
    .hint = 14 chiffres, espaces acceptés. Obligatoire sauf pour une association ou une structure jeunesse qui n’a qu’un numéro RNA.
org-field-siren = Numéro SIREN
org-field-rna = Numéro RNA
    .hint = Pour une association : W suivi de 9 chiffres ou lettres, par exemple W921001234.
org-field-legal-category = Catégorie juridique
    .hint = Facultatif : 4 chiffres, par exemple 9220 pour une association déclarée.
org-field-address = Adresse du siège
    .hint = Numéro, voie, code postal.
org-field-commune = Commune du siège
    .hint = Si le siège est hors du territoire, choisissez « Autre commune » et indiquez son code INSEE ci-dessous.
org-commune-choose = Choisir une commune
org-commune-outside = Autre commune (hors du territoire)
org-field-commune-other = Code INSEE de la commune, si elle est hors du territoire
    .hint = 5 caractères, par exemple 75056 pour Paris. Ce n’est pas le code postal.
org-field-contact-email = Adresse électronique de contact
    .hint = L’adresse générale de la structure.
org-field-contact-phone = Téléphone
org-field-website = Site internet
    .hint = Par exemple https://www.exemple.fr
org-error-kind = Choisissez le type de structure.
org-error-too-long = Ce texte est trop long ({ $max } caractères au plus).
org-error-siret-required = Le numéro SIRET est obligatoire pour ce type de structure.
org-error-id-required = Indiquez le numéro RNA ou le numéro SIRET de la structure.
org-error-siret-taken = Une structure avec ce numéro SIRET est déjà inscrite. Demandez à l’un de ses responsables de vous inviter, ou contactez le Département.
org-error-rna-taken = Une structure avec ce numéro RNA est déjà inscrite. Demandez à l’un de ses responsables de vous inviter, ou contactez le Département.
org-error-commune = Choisissez la commune du siège dans la liste.
org-error-commune-unknown = Ce code ne correspond à aucune commune connue. Vérifiez-le (ce n’est pas le code postal).
org-error-website = L’adresse du site n’est pas valide. Elle doit commencer par https:// ou http://, par exemple https://www.exemple.fr
org-error-phone = Ce numéro de téléphone n’est pas valide (6 à 15 chiffres).
org-created = La structure est enregistrée. Vous en êtes responsable.
org-updated = Les modifications sont enregistrées.

## Organisation page

org-edit = Modifier la structure
org-none = Non renseigné
org-verification = Vérification
org-verified = Vérifiée par le Département
org-verified-on = Vérifiée par le Département le { $date }
org-not-verified = Pas encore vérifiée
    .detail = Pas encore vérifiée par le Département.
org-staff-view = Consultation en tant qu’agent du Département
org-members = Membres
org-member-name = Nom
org-member-email = Adresse électronique
org-member-role = Rôle
org-member-since = Membre depuis
org-member-actions = Actions
org-member-you = (vous)
org-member-promote = Nommer { $name } responsable
org-member-demote = Retirer à { $name } le rôle de responsable
org-member-remove = Retirer { $name } de la structure
org-role-owner = Responsable
org-role-member = Membre
org-leave = Quitter la structure
org-last-owner = La structure doit toujours avoir au moins un responsable : nommez d’abord un autre responsable.
org-last-owner-leave = Vous êtes le seul responsable de la structure : nommez d’abord un autre responsable avant de la quitter.
org-member-role-changed = Le rôle a été modifié.
org-member-removed = La personne a été retirée de la structure.
org-left = Vous avez quitté la structure.

## Invitations

org-invitations = Invitations en attente
org-invitations-none = Aucune invitation en attente.
org-invitation-expires = Valable jusqu’au
org-invitation-revoke = Annuler l’invitation de { $email }
org-invitation-revoked = L’invitation a été annulée.
org-invite-title = Inviter une personne
org-invite-email = Adresse électronique de la personne
    .hint = Elle recevra un lien valable { $days } jours. Elle devra se connecter avec un compte à cette adresse, ou en créer un.
org-invite-submit = Envoyer l’invitation
org-invite-sent = L’invitation a été envoyée.
org-invite-already-member = Cette personne est déjà membre de la structure.
invitation-title = Invitation à rejoindre une structure
invitation-body = Vous êtes invité à rejoindre la structure { $org } sur Essor.
invitation-sign-in = Pour accepter, connectez-vous avec le compte de l’adresse { $email }. Si vous n’avez pas encore de compte, créez-le avec cette même adresse, puis rouvrez le lien de l’invitation.
invitation-wrong-account = Cette invitation a été envoyée à l’adresse { $email }, mais vous êtes connecté avec un autre compte. Déconnectez-vous, puis connectez-vous avec le compte de cette adresse (ou créez-le).
invitation-already-member = Vous êtes déjà membre de cette structure.
invitation-open-org = Voir la structure
invitation-accept = Accepter l’invitation
invitation-accepted = Vous avez rejoint la structure.
invitation-invalid-title = Invitation invalide ou expirée
invitation-invalid-body = Cette invitation a déjà été utilisée, a été annulée ou n’est plus valable. Demandez au responsable de la structure de vous en envoyer une nouvelle.
email-invitation-subject = Invitation à rejoindre une structure sur Essor · { $territory }
email-invitation-intro = Vous êtes invité à rejoindre une structure sur Essor, la plateforme ESS du territoire { $territory }. Ouvrez le lien pour voir laquelle et accepter.
email-invitation-action = Voir l’invitation
email-invitation-outro = Pour accepter, connectez-vous avec un compte à cette adresse électronique ; si vous n’en avez pas, créez-le avec cette même adresse. L’invitation est valable 14 jours. Si vous ne vous attendiez pas à ce message, ignorez-le.

## ESUS approval

esus-title = Agrément ESUS
esus-intro = L’agrément « Entreprise solidaire d’utilité sociale » est accordé par décision du préfet du département du siège. Sa fin de validité est calculée à partir de la date de la décision.
esus-rule-default = Durée de validité : { $years } ans.
esus-rule-young = Durée réduite à { $years } ans pour une entreprise jeune à la date de la décision (voir la date de création).
esus-none = Aucun agrément ESUS enregistré.
esus-record = Enregistrer une décision d’agrément ESUS
esus-replace-note = Enregistrer une nouvelle décision (renouvellement ou correction) remplace celle-ci ; l’historique est conservé.
esus-valid-through = Valable jusqu’au { $date } inclus.
esus-valid-until = Fin de validité
esus-young = (durée réduite : entreprise de moins de { $years } ans à la date de la décision)
esus-field-decision-date = Date de la décision
    .hint = Date de l’arrêté préfectoral, par exemple 15/03/2024.
esus-field-authority = Autorité qui a accordé l’agrément
    .hint = Par exemple : Préfecture des Hauts-de-Seine.
esus-field-company-created = Date de création de l’entreprise
    .hint = Facultatif. Sert à la règle des { $years } ans : l’agrément d’une entreprise plus jeune a une durée réduite.
esus-field-proof = Justificatif
    .hint = La décision préfectorale, déposée au préalable dans les documents de la structure.
esus-proof-none = Aucun
esus-submit = Enregistrer l’agrément
esus-saved = L’agrément ESUS est enregistré.
esus-error-future = La date de la décision ne peut pas être dans le futur.
esus-error-created-after = La date de création doit précéder la date de la décision.
esus-error-proof = Choisissez un document de la structure dans la liste.
org-error-date = Cette date n’est pas valide. Écrivez-la par exemple 15/03/2024.

## Document vault

documents-heading = Documents
documents-title = Documents de { $org }
documents-intro = Déposez ici une fois pour toutes les pièces de la structure ; elles seront reprises dans vos candidatures. Un nouveau document remplace le précédent du même type, qui reste consultable dans l’historique.
documents-open = Voir et déposer les documents
documents-empty = Aucun document déposé.
documents-current = Documents en vigueur
documents-history = Documents remplacés
documents-col-kind = Type
documents-col-file = Fichier
documents-col-size = Taille
documents-col-uploaded = Déposé le
documents-col-validity = Valable jusqu’au
documents-col-replaced = Remplacé le
documents-expired = Expiré
documents-no-validity = Sans date de fin
documents-unnamed = document
documents-upload-title = Déposer un document
documents-upload-intro = Le fichier est vérifié à la réception ; en cas d’échec, le document existant n’est pas modifié.
documents-field-kind = Type de document
documents-kind-choose = Choisir un type
documents-field-valid-until = Date de fin de validité
    .hint = Facultatif, par exemple pour une attestation.
documents-field-file = Fichier
    .hint = PDF, PNG, JPEG, ODT, DOCX, ODS ou XLSX, { $max } Mo au plus.
documents-upload-submit = Déposer le document
documents-error-kind = Choisissez le type de document.
documents-error-no-file = Choisissez un fichier à déposer.
document-uploaded = Le document a été déposé.
doc-kind-statutes = Statuts
doc-kind-bank-details = Relevé d’identité bancaire (RIB)
doc-kind-approved-accounts = Derniers comptes approuvés
doc-kind-activity-report = Rapport d’activité
doc-kind-republican-contract = Contrat d’engagement républicain signé
doc-kind-esus-decision = Décision d’agrément ESUS
doc-kind-board-list = Liste des membres du conseil d’administration
doc-kind-other = Autre document
documents-size-kb = { $n } Ko
documents-size-mb = { $n } Mo
