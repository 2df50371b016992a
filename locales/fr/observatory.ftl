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
observatory-import-upload-bad-type = Ce fichier n’est ni un CSV (qui commence par sa ligne d’en-tête), ni un CSV compressé gzip, ni une archive ZIP.
observatory-import-upload-failed = L’envoi du fichier a échoué ; rien n’a été gardé. Veuillez réessayer.
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

## Annuaire

observatory-nav = Observatoire de l’ESS
observatory-nav-directory = Annuaire
observatory-nav-figures = Observatoire
observatory-nav-open-data = Données ouvertes
observatory-directory-title = Annuaire de l’ESS
observatory-directory-intro = Les structures de l’économie sociale et solidaire établies dans le territoire { $territory }, d’après le répertoire SIRENE de l’INSEE.
observatory-directory-search = Rechercher
observatory-directory-q = Nom de la structure
observatory-directory-q-hint = Accents et majuscules indifférents, par exemple « epicerie solidaire ».
observatory-directory-results = { $count ->
    [0] Aucun établissement
    [one] 1 établissement
   *[other] { $count } établissements
}
observatory-directory-empty = Aucun établissement ne correspond à cette recherche.
observatory-directory-caption = Résultats, page { $page }
observatory-directory-back = Retour à l’annuaire
observatory-pagination = Pages de résultats
observatory-page-prev = Page précédente
observatory-page-next = Page suivante
observatory-page-of = Page { $page }
observatory-filter-any = Tous
observatory-col-name = Nom
observatory-col-commune = Commune
observatory-col-family = Famille juridique
observatory-col-sector = Secteur d’activité
observatory-col-size = Effectif salarié
observatory-col-acronym = Sigle
observatory-col-usual-name = Nom d’usage de l’établissement
observatory-col-siret = SIRET
observatory-col-rna = Numéro RNA
observatory-col-legal-category = catégorie juridique
observatory-col-ess-flag = Inscrite à l’ESS dans SIRENE
observatory-col-head-office = Siège
observatory-col-address = Adresse
observatory-col-created = Date de création
observatory-yes = oui
observatory-no = non
observatory-on-essor = inscrite sur Essor
observatory-on-essor-long = Cette structure a un compte sur Essor.
observatory-profile-link = Voir sa fiche sur Essor
observatory-name-withheld = Établissement en diffusion partielle
observatory-name-unknown = Nom non renseigné
observatory-partial-diffusion = Cette structure a demandé une diffusion partielle de ses données : seule sa commune est indiquée.
observatory-source-sirene = Source : répertoire SIRENE de l’INSEE, Licence Ouverte 2.0.
observatory-status-active = En activité
observatory-status-closed = Établissement fermé ou unité légale cessée
observatory-status-absent = Absent du dernier import SIRENE
observatory-size-unknown = non renseigné

## Sections NAF

observatory-naf-A = Agriculture, sylviculture et pêche
observatory-naf-B = Industries extractives
observatory-naf-C = Industrie manufacturière
observatory-naf-D = Électricité, gaz, vapeur
observatory-naf-E = Eau, assainissement, déchets, dépollution
observatory-naf-F = Construction
observatory-naf-G = Commerce, réparation d’automobiles
observatory-naf-H = Transports et entreposage
observatory-naf-I = Hébergement et restauration
observatory-naf-J = Information et communication
observatory-naf-K = Activités financières et d’assurance
observatory-naf-L = Activités immobilières
observatory-naf-M = Activités spécialisées, scientifiques et techniques
observatory-naf-N = Services administratifs et de soutien
observatory-naf-O = Administration publique
observatory-naf-P = Enseignement
observatory-naf-Q = Santé humaine et action sociale
observatory-naf-R = Arts, spectacles et activités récréatives
observatory-naf-S = Autres activités de services
observatory-naf-T = Activités des ménages employeurs
observatory-naf-U = Activités extra-territoriales

## Tranches d’effectif

observatory-size-NN = non employeur
observatory-size-00 = 0 salarié
observatory-size-01 = 1 à 2 salariés
observatory-size-02 = 3 à 5 salariés
observatory-size-03 = 6 à 9 salariés
observatory-size-11 = 10 à 19 salariés
observatory-size-12 = 20 à 49 salariés
observatory-size-21 = 50 à 99 salariés
observatory-size-22 = 100 à 199 salariés
observatory-size-31 = 200 à 249 salariés
observatory-size-32 = 250 à 499 salariés
observatory-size-41 = 500 à 999 salariés
observatory-size-42 = 1 000 à 1 999 salariés
observatory-size-51 = 2 000 à 4 999 salariés
observatory-size-52 = 5 000 à 9 999 salariés
observatory-size-53 = 10 000 salariés et plus

## Observatoire

observatory-figures-title = Observatoire de l’ESS
observatory-figures-intro = L’économie sociale et solidaire du territoire { $territory } en chiffres : établissements en activité d’après le dernier import SIRENE, et chiffres du programme.
observatory-figures-toc = Sommaire des figures
observatory-figure-table = Données de la figure « { $title } »
observatory-figure-download = Télécharger les données :
observatory-figure-csv = { $title } (CSV)
observatory-figure-json = { $title } (JSON)
observatory-fig-establishments = Établissements
observatory-fig-structures = Structures (unités légales)
observatory-fig-code = Code
observatory-fig-measure = Mesure
observatory-fig-latest = Dernier import
observatory-fig-previous = Import précédent
observatory-fig-communes = Établissements par commune
observatory-fig-communes-intro = Établissements en activité et structures distinctes, pour chaque commune du territoire.
observatory-fig-families = Établissements par famille juridique
observatory-fig-families-intro = Associations, coopératives, mutuelles, fondations et autres entreprises de l’ESS.
observatory-fig-sectors = Établissements par secteur d’activité
observatory-fig-sectors-intro = Par section de la nomenclature d’activités française (NAF rév. 2).
observatory-fig-sizes = Établissements par tranche d’effectif salarié
observatory-fig-sizes-intro = D’après la tranche d’effectif déclarée dans SIRENE.
observatory-fig-change = Évolution entre les deux derniers imports
observatory-fig-change-intro = Comptes des imports { $ids } (le plus récent d’abord).
observatory-fig-change-none = Il faut deux imports terminés pour comparer ; les comptes manquants valent zéro.
observatory-fig-calls = Appels à projets par commune
observatory-fig-calls-intro = Dossiers déposés, lauréats (dossiers acceptés) et montants attribués, selon la commune de la structure.
observatory-fig-files = Dossiers déposés
observatory-fig-laureates = Lauréats
observatory-fig-amount = Montant attribué
observatory-fig-elsewhere = Hors du territoire ou commune inconnue

## Données ouvertes

observatory-od-title = Données ouvertes
observatory-od-intro = Les fichiers publiés par la plateforme, librement réutilisables sous
observatory-od-licence = Licence Ouverte 2.0 (Etalab)
observatory-od-caption = Jeux de données téléchargeables, avec leur schéma et leur licence
observatory-od-col-dataset = Jeu de données
observatory-od-col-download = Téléchargement
observatory-od-col-schema = Schéma
observatory-od-col-licence = Licence
observatory-od-schema-columns = Colonnes décrites dans le fichier (en-tête et JSON)
observatory-od-table-schema = Table Schema (JSON)
observatory-od-directory = Annuaire de l’ESS
observatory-od-directory-desc = Établissements en activité ou fermés des structures de l’ESS du territoire, d’après SIRENE ; diffusion partielle respectée.
observatory-od-figure = Observatoire : { $title }
observatory-od-subsidies = Subventions attribuées : { $call }
observatory-od-subsidies-desc = Au format SCDL « subventions » (décret 2017-779).
