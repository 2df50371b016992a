# Observatoire (crates/observatory) : import SIRENE, annuaire, observatoire, données ouvertes.

## Import SIRENE (agents)

observatory-imports-title = Imports SIRENE
observatory-imports-intro = L’import lit les fichiers stock de l’INSEE (unités légales puis établissements), garde les établissements du territoire dont l’unité légale relève de l’ESS et met l’annuaire à jour : nouveaux ajoutés, modifiés mis à jour, fermés marqués, rien en double.
observatory-import-folder-title = Depuis le dossier d’import du serveur
observatory-import-folder-intro = Fichiers déposés dans { $folder } (CSV, gzip ou ZIP).
observatory-import-folder-empty = Aucun fichier dans le dossier d’import.
observatory-import-units = Fichier des unités légales (StockUniteLegale)
observatory-import-establishments = Fichier des établissements (StockEtablissement)
observatory-import-start = Lancer l’import
observatory-import-upload-title = En envoyant les fichiers
observatory-import-upload-hint = CSV, CSV compressé gzip ou archive ZIP, 8 Go au plus.
observatory-import-upload = Envoyer et lancer l’import
observatory-import-choose-file = Choisissez un fichier du dossier d’import.
observatory-import-upload-missing = Choisissez un fichier à envoyer.
observatory-imports-history = Imports précédents
observatory-imports-none = Aucun import pour l’instant.
observatory-imports-caption = Les 20 derniers imports, du plus récent au plus ancien
observatory-imports-back = Retour aux imports
observatory-import-title = Import SIRENE n° { $id }
observatory-import-col-id = Import
observatory-import-col-created = Demandé le
observatory-import-col-state = État
observatory-import-col-file = Fichier
observatory-import-col-line = Ligne
observatory-import-col-reason = Raison
observatory-import-finished = Terminé le
observatory-import-progress = Avancement
observatory-import-reload = Actualiser la page
observatory-import-counts = Résultat de l’import
observatory-import-examples = Exemples de lignes mal formées
observatory-import-units-read = Unités légales lues
observatory-import-units-kept = Unités légales de l’ESS retenues
observatory-import-lines-read = Lignes d’établissements lues
observatory-import-kept = Établissements retenus
observatory-import-added = Ajoutés
observatory-import-updated = Mis à jour
observatory-import-closed = Fermés
observatory-import-unchanged = Inchangés
observatory-import-absent = Absents des fichiers
observatory-import-malformed = Lignes mal formées
observatory-import-state-queued = En attente
observatory-import-state-starting = Démarrage
observatory-import-state-running = En cours
observatory-import-state-done = Terminé
observatory-import-state-failed = Échec
observatory-import-phase-queued = en attente d’un traitement
observatory-import-phase-units = lecture des unités légales
observatory-import-phase-establishments = lecture des établissements
observatory-import-phase-closing = marquage des absents
observatory-import-phase-done = terminé
observatory-import-phase-failed = interrompu

## Familles juridiques

observatory-family-association = Association
observatory-family-cooperative = Coopérative
observatory-family-mutual = Mutuelle
observatory-family-foundation = Fondation
observatory-family-ess-company = Entreprise de l’ESS
