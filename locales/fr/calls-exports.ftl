# Appels à projets, exports (crates/calls/src/exports) : exports des dossiers, données ouvertes
# SCDL, statistiques, jetons de l’API. Réservé aux agents, sauf le fichier de données ouvertes.

## Navigation d’un appel

exports-call-nav = Menu de l’appel
exports-back-to-call = Retour à l’appel
exports-nav-export = Exports
exports-nav-stats = Statistiques

## États des dossiers (noms propres à cette partie)


## Colonnes

exports-col-number = Numéro
exports-col-state = État
exports-col-title = Titre du projet
exports-col-org_name = Structure
exports-col-siret = SIRET
exports-col-rna = RNA
exports-col-commune = Commune
exports-col-requested = Montant demandé
exports-col-submitted_at = Déposé le
exports-col-decided_at = Décidé le
exports-col-assignee = Agent chargé du dossier
exports-budget-requested = montant demandé
exports-budget-total_charges = total des charges
exports-budget-total_income = total des produits
exports-yes = Oui
exports-no = Non

## Page d’export

exports-title = Exports : { $call }
exports-files-title = Dossiers en CSV ou XLSX
exports-files-intro = Choisissez les colonnes et les états des dossiers à exporter.
exports-fixed-legend = Colonnes communes à tous les appels
exports-fields-legend = Champs du formulaire (version en cours)
exports-fields-none = Le formulaire de cet appel n’a pas encore de champ.
exports-fields-hint = Un tableau de budget donne le montant demandé et ses totaux ; un bloc répétable donne ses éléments, un par ligne.
exports-states-legend = États des dossiers
exports-states-hint = Sans case cochée, tous les dossiers sauf les brouillons.
exports-csv-hint = Le CSV se télécharge aussitôt, quelle que soit sa taille : encodage UTF-8 avec BOM, séparateur point-virgule et virgule décimale, pour Excel en français. Les textes commençant par =, +, - ou @ sont précédés d’une apostrophe pour qu’aucune formule ne s’exécute.
exports-xlsx-hint = Le fichier XLSX est préparé en arrière-plan ; il reste téléchargeable { $days } jours.
exports-download-csv = Télécharger le CSV
exports-prepare-xlsx = Préparer le fichier XLSX
exports-zip-title = Pièces jointes en ZIP
exports-zip-intro = Toutes les pièces jointes en cours des dossiers déposés (hors brouillons et dossiers retirés), rangées par numéro de dossier. L’archive est préparée en arrière-plan ; elle reste téléchargeable { $days } jours.
exports-prepare-zip = Préparer l’archive ZIP
exports-zip-missing-intro = Ces pièces jointes sont introuvables dans le stockage et manquent à l’archive :
exports-recent-title = Exports récents
exports-recent-empty = Aucun export préparé pour cet appel.
exports-recent-caption = Les 20 derniers exports XLSX et ZIP de l’appel
exports-col-requested-at = Demandé le
exports-col-format = Format
exports-col-requester = Demandé par
exports-col-job-state = État
exports-col-download = Fichier
exports-download = Télécharger
exports-format-xlsx = Tableur XLSX
exports-format-zip = Archive ZIP des pièces jointes
exports-job-pending = En attente
exports-job-running = En préparation
exports-job-done = Prêt
exports-job-failed = Échec
exports-job-expired = Expiré (fichier supprimé)
exports-requested = Export demandé : il sera prêt dans quelques instants.

## Page d’un export

exports-status-title = Export en arrière-plan
exports-finished-at = Terminé le
exports-count-xlsx = Dossiers
exports-count-zip = Pièces jointes
exports-status-waiting = Le fichier est en préparation. Rechargez cette page dans un moment ; il restera aussi dans la liste des exports de l’appel.
exports-status-reload = Recharger la page
exports-status-ready = Le fichier est prêt. Il sera supprimé { $days } jours après la demande.
exports-status-empty = Aucune pièce jointe à exporter : aucun fichier n’a été produit.
exports-status-failed = La préparation a échoué. L’erreur est enregistrée ; vous pouvez demander un nouvel export.
exports-status-error = Erreur enregistrée :
exports-status-expired = Ce fichier a été supprimé à l’échéance de sa conservation.
exports-status-back = Retour aux exports de l’appel

## Données ouvertes (SCDL subventions)

exports-od-title = Données ouvertes des subventions attribuées
exports-od-intro = Les subventions attribuées (dossiers acceptés) sont publiées au format SCDL « subventions » 2.1.1, comme la loi le demande : structure bénéficiaire, SIRET, RNA, objet, montant et date de décision, sans aucune donnée personnelle. Renseignez d’abord l’organisme attributaire.
exports-od-public = Adresse publique du fichier :
exports-od-download = Télécharger le fichier pour le vérifier
exports-od-not-yet = Le fichier public sera disponible dès que l’organisme attributaire sera renseigné.
exports-od-name = Nom de l’organisme attributaire
exports-od-name-hint = Son nom officiel, par exemple « Département des Hauts-de-Seine ».
exports-od-siret = SIRET de l’organisme attributaire
exports-od-siret-hint = 14 chiffres.
exports-od-terms = Conditions de versement
exports-od-terms-unique = Versement unique
exports-od-terms-staggered = Versement échelonné
exports-od-start = Début de la période de versement
exports-od-end = Fin de la période de versement
exports-od-period-hint = Facultatif pour un versement unique : la date de décision est alors indiquée.
exports-od-notified-eu = Aide notifiée à la Commission européenne (aide de minimis)
exports-od-aid-scheme = Identifiant du dispositif d’aide
exports-od-aid-scheme-hint = Facultatif : l’identifiant du dispositif au schéma national des dispositifs d’aide.
exports-od-save = Enregistrer
exports-od-saved = Les informations des données ouvertes sont enregistrées.
exports-od-name-required = Indiquez le nom de l’organisme attributaire.
exports-od-too-long = Ce texte est trop long.
exports-od-terms-invalid = Choisissez les conditions de versement.
exports-od-date-invalid = Indiquez une date valide.
exports-od-period-order = La fin de la période doit suivre son début.
exports-od-period-half = Indiquez le début et la fin de la période, ou aucun des deux.
exports-od-period-needed = Un versement échelonné demande une période de versement.

## Statistiques

exports-stats-title = Statistiques : { $call }
exports-stats-percent = { $value } %
exports-stats-days = { $days } j
exports-funnel-title = Entonnoir des dossiers
exports-funnel-intro = Chaque étape compte les dossiers qui l’ont atteinte au moins une fois, même s’ils en sont sortis depuis (un dossier retiré après dépôt compte comme déposé).
exports-funnel-caption = Dossiers par étape atteinte
exports-funnel-started = Commencés (brouillons compris)
exports-funnel-submitted = Déposés
exports-funnel-instructed = Passés en instruction
exports-funnel-decided = Décidés (acceptés, refusés ou classés sans suite)
exports-funnel-accepted = Acceptés
exports-stats-stage = Étape
exports-stats-files = Dossiers
exports-stats-of-previous = Part de l’étape précédente
exports-stats-of-started = Part des dossiers commencés
exports-states-title = Dossiers par état actuel
exports-states-caption = Dossiers par état actuel (total : { $count })
exports-amounts-title = Montants demandés et enveloppe
exports-envelope = Enveloppe de l’appel : { $amount }.
exports-envelope-none = Cet appel n’a pas d’enveloppe budgétaire.
exports-amounts-caption = Montants demandés par rapport à l’enveloppe
exports-stats-amount-kind = Dossiers comptés
exports-stats-amount = Montant demandé
exports-stats-of-envelope = Part de l’enveloppe
exports-amount-in-play = Dossiers encore en lice (déposés, en instruction, en correction, acceptés)
exports-amount-accepted = Dossiers acceptés
exports-times-title = Délais de traitement
exports-times-intro = Calculés sur tous les dossiers décidés, sans échantillon :
exports-times-total-def = délai total : du premier dépôt à la dernière décision, tout compris ;
exports-times-active-def = délai de l’administration : le même, moins le temps passé à attendre les corrections du porteur et le temps passé décidé avant une réouverture ;
exports-times-stats-def = la médiane est la valeur du milieu (la moyenne des deux valeurs du milieu pour un nombre pair de dossiers) ; le 90e centile est le délai que 90 % des dossiers ne dépassent pas (rang le plus proche).
exports-times-caption = Délais de traitement en jours
exports-stats-measure = Mesure
exports-stats-decided-files = Dossiers décidés comptés
exports-stats-median = Médiane
exports-stats-p90 = 90e centile
exports-time-total = Délai total
exports-time-active = Délai de l’administration
exports-communes-title = Dossiers par commune
exports-communes-intro = Dossiers déposés (hors brouillons et dossiers retirés), selon la commune du projet.
exports-communes-empty = Aucun dossier déposé.
exports-communes-caption = Dossiers déposés et montants demandés par commune
exports-stats-code = Code INSEE
exports-commune-outside = Hors du territoire
exports-commune-none = Commune non indiquée

## Jetons de l’API

exports-tokens-title = Jetons de l’API
exports-tokens-intro = Un jeton permet à un outil de lire les appels et les dossiers déposés par l’API en lecture seule, avec vos droits d’agent. Il cesse de fonctionner dès qu’il est révoqué ou que vous n’êtes plus agent.
exports-tokens-doc = Documentation de l’API (OpenAPI)
exports-token-created = Jeton créé.
exports-token-value = Votre jeton
exports-token-once = Copiez-le maintenant : il ne sera plus jamais affiché. Envoyez-le dans l’en-tête « Authorization: Bearer … ».
exports-token-new = Nouveau jeton
exports-token-name = Nom du jeton
exports-token-name-hint = Pour le reconnaître, par exemple l’outil qui l’utilise.
exports-token-create = Créer le jeton
exports-tokens-yours = Vos jetons
exports-tokens-empty = Vous n’avez aucun jeton.
exports-tokens-caption = Vos jetons de l’API
exports-token-created-at = Créé le
exports-token-last-used = Dernière utilisation
exports-token-status = État
exports-token-actions = Action
exports-token-never = Jamais
exports-token-live = Actif
exports-token-revoked-at = Révoqué le { $at }
exports-token-revoke = Révoquer le jeton « { $name } »
exports-token-revoked = Le jeton est révoqué.
exports-token-name-required = Donnez un nom au jeton.
exports-token-name-long = Ce nom est trop long (100 caractères au plus).
