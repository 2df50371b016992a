# Appels à projets, côté agents : créer et publier un appel, construire son formulaire.
# Identifiants préfixés admin- (et call-state-*, call-unpublish-has-files, repris du cycle de vie).

## Cycle de vie d’un appel (essor_domain::lifecycle::CallState::message_id)

call-state-draft = Brouillon
call-state-published = Publié
call-state-closed = Clôturé
call-state-archived = Archivé
call-unpublish-has-files = Des dossiers ont déjà été commencés sur cet appel : il ne peut plus être dépublié. Clôturez-le si besoin.

## Navigation et liste

admin-nav = Appels à projets (back-office)
admin-nav-staff = Back-office
admin-list-title = Appels à projets
admin-list-intro = Tous les appels, quel que soit leur état, avec le nombre de dossiers par état.
admin-list-empty = Aucun appel pour l’instant.
admin-list-caption = Appels à projets, de l’ouverture la plus récente à la plus ancienne
admin-col-call = Appel
admin-col-state = État
admin-col-opens = Ouverture
admin-col-closes = Date limite
admin-col-files = Dossiers
admin-yes = Oui
admin-no = Non
admin-none = Aucun

## Formulaire de l’appel

admin-new-title = Nouvel appel à projets
admin-edit-title = Modifier l’appel
admin-form-intro = Les dates et heures se saisissent dans le fuseau horaire de l’appel ; elles sont affichées aux candidats dans ce même fuseau.
admin-section-presentation = Présentation
admin-section-dates = Dates et heures
admin-section-eligibility = Qui peut candidater
admin-section-money = Montants
admin-section-contact = Contact
admin-field-title = Titre
admin-field-slug = Adresse publique
    .hint = Lettres minuscules sans accents, chiffres et tirets, par exemple progress-2027. Laissez vide pour la déduire du titre.
    .locked = L’adresse ne change plus une fois l’appel publié, pour que les liens partagés restent valables.
admin-field-theme = Thème
    .hint = Par exemple : Vie quotidienne.
admin-field-summary = Résumé
    .hint = Deux ou trois phrases, affichées dans la liste des appels.
admin-field-description = Description
    .hint = Ce que l’appel finance et comment candidater. Mise en forme Markdown : **gras**, *italique*, listes avec « - », titres avec « ## », liens [texte](https://…). Le HTML est affiché tel quel, sans être interprété.
admin-field-zone = Fuseau horaire
    .hint = Dates et heures saisies et affichées dans ce fuseau ({ $zone }), changements d’heure compris.
admin-field-opens-date = Date d’ouverture
admin-field-opens-time = Heure d’ouverture
admin-field-closes-date = Date limite de dépôt
admin-field-closes-time = Heure limite de dépôt
    .hint = Un dossier déposé à cette heure précise est refusé ; une seconde avant, il est accepté. Par exemple 17:00.
admin-field-date = Date
    .hint = Au format 15/01/2027.
admin-field-time = Heure
    .hint = Au format 17:00.
admin-field-kinds = Structures éligibles
admin-field-esus = Exiger un agrément ESUS valide des entreprises de l’ESS
    .hint = Les entreprises de l’ESS devront détenir un agrément ESUS valide au dépôt du dossier.
admin-field-territory-rule = Territoire
    .hint = Territoire de l’appel : { $territory }.
admin-territory-head-office = Siège social dans une commune du territoire
admin-territory-any = Pas de condition de territoire
admin-field-rules = Règles d’éligibilité complémentaires (JSON)
    .hint = Facultatif. Une liste de règles, chacune avec un identifiant, une condition et un message affiché quand elle n’est pas remplie. Les conditions peuvent porter sur la structure (org) ou sur des champs du formulaire de l’appel.
admin-rules-example = Exemple de règle
admin-field-max-amount = Montant maximal par projet
admin-field-envelope = Enveloppe totale
admin-field-amount = Montant
    .hint = En euros, par exemple 30 000 ou 30 000,00 €. Laissez vide s’il n’y en a pas.
admin-field-documents = Pièces justificatives demandées
    .hint = Reprises du coffre-fort de documents de la structure quand elles y sont déjà.
admin-field-contact-name = Contact
    .hint = Le service ou la personne à joindre, par exemple : Service de l’économie sociale et solidaire.
admin-field-contact-email = Adresse électronique de contact
admin-field-prefix = Préfixe des numéros de dossier
    .hint = De 2 à 12 lettres majuscules ou chiffres, par exemple PRG : les dossiers seront numérotés PRG-2027-00001. Laissez vide pour le déduire de l’adresse.

admin-error-too-long = Ce texte dépasse { $max } caractères : raccourcissez-le.
admin-error-slug = L’adresse ne peut contenir que des lettres minuscules sans accents, des chiffres et des tirets simples, par exemple progress-2027.
admin-error-slug-taken = Cette adresse est déjà utilisée par un autre appel : choisissez-en une autre.
admin-error-zone = Choisissez un fuseau horaire de la liste.
admin-error-date = Cette date n’est pas lisible. Écrivez-la par exemple 15/01/2027.
admin-error-time = Cette heure n’est pas lisible. Écrivez-la par exemple 17:00.
admin-error-time-ambiguous = Cette heure existe deux fois ce jour-là (passage à l’heure d’hiver) : choisissez une autre heure, par exemple une heure plus tard.
admin-error-time-skipped = Cette heure n’existe pas ce jour-là (passage à l’heure d’été) : choisissez une autre heure, par exemple une heure plus tard.
admin-error-closes-before-opens = La date limite doit être postérieure à l’ouverture.
admin-error-closes-past = La date limite est déjà passée : choisissez une date à venir.
admin-error-kinds = Cochez au moins un type de structure éligible.
admin-error-territory-rule = Choisissez une règle de territoire.
admin-error-rules-json = Les règles ne sont pas un JSON valide : { $error }
admin-error-rules-id = Chaque règle doit avoir un identifiant unique (« { $id } »).
admin-error-amount-positive = Le montant doit être supérieur à zéro.
admin-error-max-over-envelope = Le montant maximal par projet ne peut pas dépasser l’enveloppe totale.
admin-error-documents = Choisissez les pièces dans la liste.
admin-error-prefix = Le préfixe comporte de 2 à 12 lettres majuscules ou chiffres, par exemple PRG.
admin-error-closed-deadline = La date limite d’un appel clôturé ne change pas : rouvrez l’appel pour en fixer une nouvelle.
admin-error-archived = Un appel archivé ne peut plus être modifié.

admin-flash-created = L’appel a été créé, en brouillon. Construisez son formulaire, puis publiez-le.
admin-flash-updated = L’appel a été enregistré.

## Page d’un appel

admin-public-page = Voir la page publique
admin-transitions-title = Publication
admin-publish-intro = La publication rend l’appel visible de tous. Il faut un formulaire sans erreur et une date limite à venir.
admin-action-publish = Publier l’appel
admin-action-unpublish = Dépublier
admin-action-close = Clôturer maintenant
admin-action-reopen = Rouvrir l’appel
admin-action-archive = Archiver
admin-close-hint = Clôturer maintenant avance la date limite à cet instant : plus aucun dossier ne peut être déposé.
admin-unpublish-hint = Des dossiers ont été commencés : l’appel ne peut plus être dépublié.
admin-reopen-hint = Indiquez la nouvelle date limite, dans le fuseau de l’appel ({ $zone }).
admin-archived-note = Cet appel est archivé : il n’est plus visible du public et ne peut plus être modifié.
admin-facts-title = L’appel
admin-files-title = Dossiers
admin-files-count = { $count ->
    [0] Aucun dossier.
    [one] Un dossier.
   *[other] { $count } dossiers.
}
admin-revisions-title = Versions du formulaire
admin-revisions-none = Pas encore de formulaire.
admin-revisions-caption = Versions du formulaire, de la plus récente à la plus ancienne
admin-col-revision = Version
admin-col-created = Créée le
admin-col-published = Publiée le
admin-revision-current = En vigueur
admin-revision-draft = Brouillon
admin-history-title = Historique
admin-history-empty = Aucun changement d’état pour l’instant.
admin-history-caption = Changements d’état de l’appel, du plus récent au plus ancien
admin-col-at = Date
admin-col-event = Action
admin-col-change = Changement
admin-col-actor = Par
admin-event-publish = Publication
admin-event-unpublish = Dépublication
admin-event-close = Clôture
admin-event-reopen = Réouverture
admin-event-archive = Archivage

admin-error-no-form = L’appel n’a pas encore de formulaire : créez-le avant de publier.
admin-error-form-invalid = Le formulaire contient des erreurs : corrigez-les dans l’éditeur avant de publier.
admin-error-reopen-past = La nouvelle date limite doit être à venir.
admin-error-transition = Cette action n’est pas possible dans l’état actuel de l’appel.
admin-error-stale = L’appel a changé entre-temps : rechargez la page et recommencez.

admin-flash-publish = L’appel est publié.
admin-flash-unpublish = L’appel est repassé en brouillon.
admin-flash-close = L’appel est clôturé.
admin-flash-reopen = L’appel est rouvert avec sa nouvelle date limite.
admin-flash-archive = L’appel est archivé.

## Éditeur de formulaire

admin-form-title = Formulaire de candidature
admin-back-to-call = Retour à l’appel « { $title } »
admin-back-to-form = Retour au formulaire de « { $title } »
admin-form-none = Cet appel n’a pas encore de formulaire.
admin-form-from-template = Créer depuis le modèle Progr’ESS (CERFA 12156)
    .hint = Le modèle suit le formulaire unique de demande de subvention : identification préremplie depuis le profil, budget, projet, déclarations et pièces. Vous pourrez tout ajuster ensuite.
admin-form-empty = Partir d’un formulaire vide
admin-form-revision-draft = Version { $revision }, en brouillon : les modifications s’y appliquent directement.
admin-form-revision-published = Version { $revision }, publiée.
admin-form-current = Version en vigueur pour les nouveaux dossiers : { $revision }.
admin-form-published-with-call = Ce formulaire sera publié avec l’appel.
admin-form-edit-creates-revision = Cette version est publiée : la première modification crée une nouvelle version en brouillon. Les dossiers déjà commencés gardent leur version.
admin-new-version-title = Nouvelle version { $revision } à publier
admin-new-version-intro = Les nouveaux dossiers utiliseront cette version ; les dossiers déjà commencés continuent avec la leur, leurs réponses sont conservées.
admin-conflicts-title = Ces champs ont changé de type : les réponses déjà données ne conviennent plus et les candidats devront y répondre de nouveau.
admin-conflicts-confirm = J’ai compris : publier quand même
admin-action-publish-version = Publier la nouvelle version
admin-action-discard-version = Abandonner cette version
admin-problems-title = À corriger avant de publier
admin-preview-title = Aperçu du formulaire
admin-preview-intro = Version { $revision }, en lecture seule.
admin-json-title = Importer ou exporter en JSON
admin-json-intro = Copiez ce JSON pour conserver le formulaire ou le reprendre dans un autre appel ; collez-en un pour remplacer la version en cours. Le formulaire importé est vérifié avant d’être enregistré.
admin-json-field = Formulaire en JSON
    .hint = Les identifiants des champs sont les clés des réponses : conservez-les pour que les dossiers commencés gardent leurs réponses.
admin-json-import = Importer ce formulaire

admin-edit = Modifier
admin-up = Monter
admin-down = Descendre
admin-delete = Supprimer
admin-condition = Condition
admin-edit-named = Modifier « { $name } »
admin-up-named = Monter « { $name } »
admin-down-named = Descendre « { $name } »
admin-delete-named = Supprimer « { $name } »
admin-condition-named = Condition d’affichage de « { $name } »
admin-fields-caption = Champs de la section « { $section } »
admin-col-field = Champ
admin-col-kind = Type
admin-col-required = Obligatoire
admin-col-condition = Affiché
admin-col-actions = Actions
admin-always-shown = Toujours affiché
admin-shown-when = Affiché si : { $condition }
admin-add-page = Ajouter une page
admin-add-section = Ajouter la section
admin-add-section-in = Ajouter une section à la page « { $page } »
admin-add-field = Ajouter le champ
admin-add-field-in = Ajouter un champ à la section « { $section } »
admin-add-member = Ajouter au bloc
admin-member-kind = Type du champ à ajouter au bloc « { $group } »
admin-field-kind = Type de champ
admin-field-label = Libellé
admin-field-title-fr = Titre en français
admin-field-title-en = Titre en anglais
admin-field-en = Anglais
    .hint = Facultatif : les lecteurs anglophones voient le français s’il est vide.
admin-field-intro-fr = Introduction en français
admin-field-intro-en = Introduction en anglais
admin-page-edit = Page « { $title } »
admin-page-edit-title = Modifier la page
admin-section-edit = Section « { $title } »
admin-section-edit-title = Modifier la section
admin-place-page = page « { $title } »
admin-place-section = section « { $title } »
admin-place-field = « { $label } » ({ $path })
admin-megabytes = { $size } Mo

admin-error-gone = Cet élément n’existe plus dans le formulaire : il a sans doute été modifié entre-temps. Rechargez la page.
admin-error-form-exists = L’appel a déjà un formulaire.
admin-error-template = Choisissez un modèle.
admin-error-kind = Choisissez un type de champ de la liste.
admin-error-publish-with-call = L’appel n’est pas publié : ce formulaire sera publié avec lui.
admin-error-nothing-to-publish = Il n’y a pas de nouvelle version à publier.
admin-error-nothing-to-discard = Il n’y a pas de version en brouillon à abandonner.
admin-error-confirm-conflicts = Des réponses déjà données ne conviendront plus : cochez la case pour confirmer la publication.
admin-error-json = Ce JSON n’est pas lisible : { $error }
admin-error-import = Le formulaire n’a pas été importé : { $count } problème(s) à corriger, listés ci-dessous.

admin-flash-form-created = Le formulaire a été créé.
admin-flash-form-saved = Le formulaire a été enregistré.
admin-flash-field-added = Le champ a été ajouté : réglez-le ci-dessous.
admin-flash-form-published = La nouvelle version du formulaire est publiée.
admin-flash-form-discarded = La version en brouillon a été abandonnée.
admin-flash-form-imported = Le formulaire a été importé.

## Types de champs

admin-kind-short-text = Texte court
admin-kind-long-text = Texte long
admin-kind-integer = Nombre entier
admin-kind-decimal = Nombre décimal
admin-kind-currency = Montant en euros
admin-kind-percentage = Pourcentage
admin-kind-date = Date
admin-kind-yes-no = Oui / non
admin-kind-single-choice = Choix unique
admin-kind-multiple-choice = Choix multiple
admin-kind-email = Adresse électronique
admin-kind-phone = Téléphone
admin-kind-url = Adresse web
admin-kind-commune = Commune
admin-kind-siret = Numéro SIRET
admin-kind-rna = Numéro RNA
admin-kind-attachment = Pièce jointe
admin-kind-group = Bloc répétable
admin-kind-budget-table = Tableau de budget (CERFA 12156)
admin-kind-computed = Champ calculé
admin-kind-explanation = Texte d’explication

## Réglages d’un champ

admin-field-edit-title = Champ { $path }
admin-field-kind-is = Type : { $kind }.
admin-field-question = Question
admin-field-label-fr = Libellé en français
admin-field-label-en = Libellé en anglais
admin-field-help-fr = Aide en français
admin-field-help-en = Aide en anglais
admin-field-required = Réponse obligatoire
admin-field-prefill = Préremplir depuis le profil de la structure
    .hint = Le candidat n’a pas à ressaisir ce que son profil contient déjà ; il peut le corriger.
admin-field-settings = Réglages
admin-field-text = Texte affiché
admin-field-text-fr = Texte en français
admin-field-text-en = Texte en anglais
admin-field-max-len = Nombre maximal de caractères
    .hint = Laissez vide pour la limite par défaut (250 pour un texte court, 20 000 pour un texte long).
admin-field-min = Minimum
admin-field-max = Maximum
admin-field-decimals = Nombre de décimales
admin-field-must-accept = Réponse « Oui » obligatoire
    .hint = Pour une déclaration sur l’honneur ou le contrat d’engagement républicain.
admin-field-options = Options, une par ligne
    .hint = Format : identifiant = Libellé | English label. L’identifiant et l’anglais sont facultatifs ; gardez l’identifiant d’une option existante pour conserver les réponses déjà données.
admin-field-min-choices = Nombre minimal de choix
admin-field-max-choices = Nombre maximal de choix
admin-field-communes-multiple = Plusieurs communes possibles
admin-field-accept = Types de fichiers acceptés
admin-field-max-mb = Taille maximale (Mo)
    .hint = De 1 à { $max } Mo.
admin-field-min-items = Nombre minimal d’éléments
admin-field-max-items = Nombre maximal d’éléments
admin-field-group = Bloc
    .hint = Les champs du bloc s’ajoutent depuis l’éditeur du formulaire.
admin-field-budget-project = Budget du projet
    .hint = Décoché : budget de la structure. Coché : budget du projet, avec les charges indirectes.
admin-field-requested-line = Ligne du montant demandé
admin-field-op = Calcul
admin-field-operands = Champs utilisés, un identifiant par ligne
    .hint = Champs numériques placés avant celui-ci : { $fields }.
admin-field-display = Affichage du résultat
admin-field-no-settings = Ce type de champ n’a pas de réglage.
admin-op-name-sum = Somme
admin-op-name-difference = Différence (le premier moins les suivants)
admin-op-name-ratio = Rapport (le premier divisé par le second, en pourcentage)
admin-display-integer = Nombre entier
admin-display-decimal = Nombre décimal
admin-display-currency = Montant en euros
admin-display-percentage = Pourcentage

admin-error-integer = Saisissez un nombre entier, par exemple 12.
admin-error-number = Saisissez un nombre, par exemple 12,5.
admin-error-percent = Saisissez un pourcentage, par exemple 12,5.
admin-error-decimals = Saisissez un nombre de décimales entre 0 et 6.
admin-error-max-len = Saisissez un nombre entre 1 et { $max }.
admin-error-max-mb = Saisissez une taille entre 1 et { $max } Mo.
admin-error-options = Saisissez au moins une option.
admin-error-option-label = Chaque option doit avoir un libellé en français.
admin-error-option-duplicate = Deux options ont le même identifiant.
admin-error-accept = Cochez au moins un type de fichier.
admin-error-choice = Choisissez une valeur de la liste.
admin-error-operand = « { $id } » n’est pas un identifiant de champ.
admin-error-prefill = Cette donnée du profil ne convient pas à ce type de champ.
admin-error-stale-field = Ce champ a été modifié entre-temps : rechargez la page.

admin-set-max-len = { $max } caractères au plus
admin-set-min = minimum { $min }
admin-set-max = maximum { $max }
admin-set-decimals = { $decimals } décimale(s)
admin-set-must-accept = « Oui » obligatoire
admin-set-options = options : { $options }
admin-set-communes-multiple = plusieurs communes
admin-set-attachment = { $types }, { $size } au plus
admin-set-budget-project = budget du projet
admin-set-budget-association = budget de la structure
admin-set-requested-line = montant demandé sur la ligne { $line }
admin-set-prefill = prérempli : { $source }
admin-op-sum = somme de { $operands }
admin-op-difference = différence de { $operands }
admin-op-ratio = rapport de { $operands }

admin-prefill-org-name = Nom
admin-prefill-org-acronym = Sigle
admin-prefill-org-siret = SIRET
admin-prefill-org-rna = Numéro RNA
admin-prefill-org-address = Adresse du siège
admin-prefill-org-commune = Commune du siège
admin-prefill-org-email = Adresse électronique de contact
admin-prefill-org-phone = Téléphone
admin-prefill-org-website = Site web
admin-prefill-org-legal-category = Catégorie juridique

## Conditions

admin-condition-title = Condition d’affichage
admin-condition-for = Condition d’affichage de « { $label } »
admin-condition-intro = Le champ n’est affiché (et donc demandé) que si la condition est remplie. Elle ne peut porter que sur des champs placés avant lui, ou sur la structure candidate.
admin-condition-current = Condition actuelle
admin-condition-remove = Retirer la condition
admin-condition-builder = Construire la condition
admin-condition-complex = La condition actuelle est trop complexe pour ce formulaire : elle est affichée en JSON plus bas. Enregistrer ce formulaire la remplace.
admin-combinator = Le champ est affiché si
admin-combinator-all = toutes les conditions ci-dessous sont remplies
admin-combinator-any = au moins une des conditions ci-dessous est remplie
admin-condition-row = Condition { $n }
admin-condition-var = Donnée testée
admin-condition-var-none = (aucune : ligne ignorée)
admin-condition-op = Comparaison
admin-condition-value = Valeur
    .hint = Nombre, montant, date (15/01/2027), oui ou non, identifiant ou libellé d’option ; plusieurs valeurs séparées par des virgules pour « fait partie de » et les communes (codes INSEE ou de département, par exemple 92).
admin-condition-more-rows = Besoin de plus de conditions ? Enregistrez : de nouvelles lignes apparaîtront.
admin-condition-json = Mode avancé : la condition en JSON
admin-condition-json-field = Condition en JSON
    .hint = Par exemple {"{"}"compare": {"{"}"var": {"{"}"field": "salaries"{"}"}, "op": "ge", "value": {"{"}"integer": 1{"}"}{"}"}{"}"}. Laissez vide pour retirer la condition.
admin-condition-json-save = Enregistrer le JSON
admin-op-eq = est égal à
admin-op-ne = est différent de
admin-op-lt = est inférieur à
admin-op-le = est inférieur ou égal à
admin-op-gt = est supérieur à
admin-op-ge = est supérieur ou égal à
admin-op-includes = contient ou fait partie de
admin-op-empty = est vide
admin-op-not-empty = est renseigné
admin-op-in-communes = est dans les communes ou départements
admin-error-value = Cette valeur ne convient pas à la donnée testée.
admin-error-value-required = Saisissez une valeur.
admin-error-var = Choisissez la donnée à tester.

admin-cond-field = « { $label } »
admin-cond-eq = { $var } est égal à { $value }
admin-cond-ne = { $var } est différent de { $value }
admin-cond-lt = { $var } est inférieur à { $value }
admin-cond-le = { $var } est inférieur ou égal à { $value }
admin-cond-gt = { $var } est supérieur à { $value }
admin-cond-ge = { $var } est supérieur ou égal à { $value }
admin-cond-includes = { $var } contient ou fait partie de { $value }
admin-cond-empty = { $var } est vide
admin-cond-in-communes = { $var } est dans { $codes }
admin-cond-not = non ({ $condition })
admin-cond-and = et
admin-cond-or = ou
admin-cond-always = toujours
admin-cond-never = jamais

admin-fact-kind = Type de structure
admin-fact-commune-code = Commune du siège
admin-fact-esus-status = Agrément ESUS (valid, expiring, expired, none)
admin-fact-has-siret = A un SIRET
admin-fact-has-rna = A un numéro RNA
admin-fact-legal-category = Catégorie juridique
admin-fact-created-years = Années depuis la création

admin-budget-total-charges = total des charges
admin-budget-total-income = total des produits
admin-budget-in-kind-uses = emplois des contributions en nature
admin-budget-in-kind-contributions = contributions volontaires en nature
admin-budget-grand-total-charges = total général des charges
admin-budget-grand-total-income = total général des produits
admin-budget-requested = montant demandé
admin-link-files = Dossiers
admin-link-jury = Jury
admin-link-stats = Statistiques
admin-link-export = Exports
