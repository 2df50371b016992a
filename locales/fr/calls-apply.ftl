# Appels à projets, côté candidat : éligibilité, dossier, dépôt, accusé de réception, messages.

## Éligibilité

apply-eligibility-title = Vérifier son éligibilité : { $call }
apply-eligibility-intro = Avant de remplir le formulaire, vérifiez que votre structure peut répondre à cet appel. La vérification utilise le profil de votre structure et, le cas échéant, quelques questions.
apply-eligibility-deadline = Date limite de dépôt : { $date }.
apply-eligibility-check = Vérifier l’éligibilité
apply-eligibility-again = Vérifier pour une autre structure
apply-eligibility-org = Structure qui dépose le dossier
apply-eligibility-choose-org = Choisissez la structure qui dépose le dossier.
apply-eligibility-questions = Quelques questions
apply-eligibility-submit = Vérifier
apply-eligibility-result = Résultat pour { $org }
apply-eligibility-yes = Votre structure peut déposer un dossier pour cet appel.
apply-eligibility-no = Votre structure ne peut pas déposer de dossier pour cet appel. Voici la ou les règles qui ne sont pas respectées.
apply-eligibility-start = Commencer le dossier
apply-eligibility-resume = Reprendre le dossier { $number }
apply-eligibility-no-org = Pour déposer un dossier, créez d’abord la fiche de votre structure : elle servira à préremplir tous vos dossiers.
apply-eligibility-create-org = Créer la fiche de ma structure
apply-back-to-call = Retour à l’appel « { $call } »

apply-outcome-pass = Respecté
apply-outcome-fail = Non respecté
apply-outcome-warn = À compléter

apply-check-open = Appel ouvert
apply-check-open-until = Dépôt possible jusqu’au { $date } (heure de { $zone }).
apply-check-open-not-yet = Les dépôts ne sont pas encore ouverts : ils ouvriront le { $date }.
apply-check-open-closed = Les dépôts sont clos depuis le { $date }.
apply-check-open-not-published = Cet appel n’est pas ouvert aux dépôts.
apply-check-open-no-form = Le formulaire de cet appel n’est pas encore publié.
apply-check-kind = Type de structure
apply-check-kind-pass = { $kind } : ce type de structure peut répondre.
apply-check-kind-fail = Cet appel est ouvert aux structures suivantes : { $kinds }. Votre structure est enregistrée comme : { $kind }.
apply-check-esus = Agrément ESUS
apply-check-esus-valid = Agrément en cours de validité jusqu’au { $date } inclus.
apply-check-esus-none = Cet appel exige des entreprises un agrément ESUS en cours de validité, et aucun agrément n’est enregistré pour votre structure.
apply-check-esus-expired = Votre agrément ESUS a expiré le { $date } : cet appel exige un agrément en cours de validité. Renouvelez-le auprès de la préfecture, puis enregistrez la nouvelle décision.
apply-check-esus-link = Enregistrer l’agrément ESUS
apply-check-territory = Siège social dans le territoire
apply-check-territory-pass = Le siège social ({ $commune }) est dans le territoire { $territory }.
apply-check-territory-fail = Le siège social de votre structure ({ $commune }) est hors du territoire { $territory }.
apply-check-document-missing = Absent de votre coffre-fort de documents : vous pouvez commencer le dossier, mais ce document devra y être déposé avant l’envoi.
apply-check-document-expired = Le document de votre coffre-fort n’est plus valable depuis le { $date } : déposez-en une version à jour avant l’envoi du dossier.
apply-check-document-present = Dans votre coffre-fort : { $name }.
apply-check-document-valid-until = Dans votre coffre-fort : { $name }, valable jusqu’au { $date }.
apply-check-document-link = Ouvrir le coffre-fort de documents
apply-check-rule = Règle « { $id } »
apply-check-rule-pass = Condition remplie.
apply-check-rule-later = Vérifiée au moment de l’envoi du dossier, d’après vos réponses au formulaire.

apply-orgfact-kind = Le type de structure
apply-orgfact-commune = La commune du siège social
apply-orgfact-esus = L’agrément ESUS
apply-orgfact-siret = Le numéro SIRET enregistré
apply-orgfact-rna = Le numéro RNA enregistré
apply-orgfact-legal-category = La catégorie juridique
apply-orgfact-created-years = L’âge de l’entreprise (en années)
apply-esus-valid = en cours de validité
apply-esus-expiring = bientôt expiré
apply-esus-expired = expiré
apply-esus-none = aucun agrément

apply-cond-eq = { $subject } doit être : { $value } (actuellement : { $actual }).
apply-cond-ne = { $subject } ne doit pas être : { $value }.
apply-cond-lt = { $subject } doit être inférieur à { $value } (actuellement : { $actual }).
apply-cond-le = { $subject } doit être au plus { $value } (actuellement : { $actual }).
apply-cond-gt = { $subject } doit être supérieur à { $value } (actuellement : { $actual }).
apply-cond-ge = { $subject } doit être au moins { $value } (actuellement : { $actual }).
apply-cond-includes = { $subject } doit comprendre : { $value } (actuellement : { $actual }).
apply-cond-empty = { $subject } doit rester vide (actuellement : { $actual }).
apply-cond-in-communes = { $subject } doit être dans : { $value } (actuellement : { $actual }).
apply-cond-not = La condition suivante ne doit pas être remplie : { $condition }
apply-cond-none = Aucune des conditions prévues n’est remplie.

## Dossier

apply-file-number = Dossier { $number }
apply-back-to-file = Retour au dossier { $number }
apply-back-to-list = Mes dossiers
apply-started = Votre dossier est créé. Les informations de votre structure ont été reprises : vérifiez-les.
apply-state-draft = Brouillon — non envoyé
apply-state-submitted = Envoyé
apply-state-under-instruction = En cours d’instruction
apply-state-correction-requested = Correction demandée
apply-state-accepted = Accepté
apply-state-refused = Refusé
apply-state-closed-without-follow-up = Classé sans suite
apply-state-withdrawn = Retiré
apply-banner-draft = Brouillon — non envoyé
apply-banner-draft-text = Ce dossier n’a pas encore été transmis au Département : envoyez-le avant le { $date }.
apply-banner-draft-closed = Ce dossier n’a pas été transmis au Département, et la date limite du { $date } est passée.
apply-banner-correction = Correction demandée par le Département
apply-banner-correction-reason = Motif :
apply-banner-correction-text = Corrigez le dossier puis envoyez-le à nouveau.
apply-banner-sent = Dossier envoyé le { $date }
apply-banner-sent-text = Le Département l’a bien reçu. Il n’est plus modifiable ; vous pouvez échanger avec le Département par la messagerie du dossier.
apply-banner-withdrawn = Ce dossier a été retiré.
apply-time-left = Temps restant : { $left }.
apply-time-left-days = { $days ->
    [one] 1 jour
   *[other] { $days } jours
} et { $hours ->
    [one] 1 heure
   *[other] { $hours } heures
}
apply-time-left-hours = { $hours ->
    [one] 1 heure
   *[other] { $hours } heures
} et { $minutes } min
apply-time-left-minutes = { $minutes } min
apply-fact-number = Numéro de dossier
apply-fact-call = Appel à projets
apply-fact-org = Structure
apply-fact-siret = Numéro SIRET
apply-fact-rna = Numéro RNA
apply-fact-state = État
apply-fact-submitted = Envoyé le
apply-fact-deadline = Date limite
apply-fact-requested = Montant demandé
apply-at-zone = { $at } (heure de { $zone })

apply-toc = Étapes du dossier
apply-progress = { $done ->
    [one] { $done } étape complète
   *[other] { $done } étapes complètes
} sur { $total }
apply-page-complete = Complète
apply-page-incomplete = À compléter
apply-page-errors = À corriger
apply-step = Étape { $n } sur { $total }

apply-actions = Actions
apply-download-pdf = Télécharger le dossier complet (PDF)
apply-download-receipt = Télécharger l’accusé de réception (PDF)
apply-award-link = Subvention accordée : { $amount } — la décision, le calendrier de versement et la vitrine des lauréats
apply-messages-link = Messagerie avec le Département
apply-withdraw-link = Retirer ce dossier
apply-staff-view = Vue du candidat, en lecture seule : les actions du Département se font depuis le back-office.
apply-staff-view-link = Ouvrir le dossier dans le back-office
apply-answers = Réponses

## Remplir une étape

apply-save = Enregistrer
apply-save-next = Enregistrer et continuer
apply-save-finish = Enregistrer et terminer
apply-previous = Étape précédente
apply-next = Étape suivante
apply-saved = Vos réponses sont enregistrées.
apply-error-with-label = { $label } : { $message }
apply-saved-with-errors = Vos réponses sont enregistrées, mais certaines sont à corriger avant l’envoi du dossier.
apply-stale = Ce dossier a été modifié ailleurs (dans un autre onglet ou par un autre membre) depuis l’ouverture de cette page. Votre saisie ci-dessous n’a PAS encore été enregistrée : vérifiez-la, puis enregistrez à nouveau. Les fichiers choisis sont à joindre de nouveau.
apply-read-only-refused = Ce dossier a été envoyé : il ne peut plus être modifié. Pour signaler une erreur, écrivez au Département par la messagerie du dossier.
apply-autosave-hint = Vos réponses sont enregistrées automatiquement pendant la saisie.
apply-autosaved = Enregistré à { $time }
apply-autosave-conflict = Ce dossier a été modifié ailleurs : rechargez la page avant de continuer.
apply-autosave-failed = L’enregistrement automatique a échoué ; utilisez le bouton « Enregistrer ».
apply-yes = Oui
apply-no = Non
apply-choose = — Choisir —
apply-not-answered = Non renseigné
apply-items = { $n ->
    [0] aucun élément
    [one] 1 élément
   *[other] { $n } éléments
}
apply-item-number = n° { $n }
apply-computed-hint = Calculé automatiquement à l’enregistrement.
apply-computed-none = Pas encore calculé : complétez les champs dont il dépend.
apply-chars-max = { $max } caractères au maximum.
apply-chars-left = { "{n}" } caractère(s) restant(s)
apply-chars-over = { "{n}" } caractère(s) en trop
apply-hint-max-chars = { $max } caractères au maximum.
apply-hint-integer = Un nombre entier, par exemple 12 ou 1 500.
apply-hint-decimal = Un nombre, par exemple 12,5.
apply-hint-currency = En euros, par exemple 1 500 ou 1 500,50.
apply-hint-percent = En pourcentage, par exemple 12,5.
apply-hint-date = Au format jj/mm/aaaa, par exemple 28/11/2026.
apply-hint-phone = Par exemple 06 12 34 56 78.
apply-hint-url = Commence par https://, par exemple https://www.exemple.fr.
apply-hint-siret = 14 chiffres, les espaces sont acceptés.
apply-hint-rna = W suivi de 9 caractères, par exemple W921001234.
apply-hint-commune = Code commune INSEE à 5 caractères (pas le code postal), par exemple 92050.
apply-hint-communes = Codes communes INSEE séparés par des virgules, par exemple 92050, 92012.

apply-group-item = { $label } — élément { $n }
apply-group-add = Ajouter un élément : { $label }
apply-group-remove = Retirer l’élément { $n } ({ $label })
apply-group-empty = Aucun élément pour l’instant.
apply-group-min = Au moins { $min } élément(s).
apply-group-max = Au plus { $max } élément(s).
apply-group-min-max = De { $min } à { $max } élément(s).

apply-attachment-types = Formats acceptés : { $types }.
apply-attachment-max = Taille maximale : { $max }.
apply-attachment-current = Document joint :
apply-attachment-none = Aucun document joint.
apply-attachment-remove = Retirer ce document
apply-attachment-upload = Joindre un fichier depuis votre ordinateur
apply-attachment-replace = Remplacer par un fichier de votre ordinateur
apply-attachment-vault = Ou utiliser un document de votre coffre-fort
apply-attachment-unnamed = document
apply-vault-keep = — Garder le document joint —
apply-vault-none = — Aucun —
apply-vault-expired = Ce document de votre coffre-fort n’est plus valable depuis le { $date } : choisissez-en un autre.
apply-upload-too-large = Ce fichier est trop volumineux : la taille maximale est { $max }.
apply-upload-bad-type = Le contenu de ce fichier ne correspond pas aux formats acceptés ({ $types }).
apply-size-kb = { $n } Ko
apply-size-mb = { $n } Mo

apply-budget-hint = Montants en euros, par exemple 1 500 ou 1 500,50. Laissez vide les lignes sans montant. Les totaux sont recalculés à chaque enregistrement.
apply-budget-charges = Charges
apply-budget-income = Produits
apply-budget-in-kind = Contributions volontaires en nature
apply-budget-col-line = Poste
apply-budget-col-amount = Montant
apply-budget-subtotal = Sous-total : { $amount }
apply-budget-total-charges = Total des charges
apply-budget-total-income = Total des produits
apply-budget-total-in-kind = Total des contributions en nature
apply-budget-grand-charges = Total général des charges (contributions en nature comprises)
apply-budget-grand-income = Total général des produits (contributions en nature comprises)
apply-budget-difference = Écart (produits moins charges)
apply-budget-balanced = Budget équilibré
apply-budget-unbalanced = Budget non équilibré : les charges doivent être égales aux produits
apply-budget-requested = Montant demandé au titre de cet appel
apply-budget-requested-line = (montant demandé au titre de cet appel)
apply-budget-detail = Financeur(s) : { $line }
apply-budget-totals-hint = Totaux calculés lors du dernier enregistrement.

## Envoi

apply-submit-title = Envoyer le dossier
apply-submit-intro = Une fois envoyé, le dossier n’est plus modifiable. Vous recevrez un accusé de réception par courriel.
apply-submit-button = Envoyer le dossier
apply-resubmit-button = Envoyer le dossier corrigé
apply-submit-deadline-passed = La date limite du { $date } est passée : ce dossier ne peut plus être envoyé.
apply-submitted = Votre dossier est envoyé. Un accusé de réception vous a été adressé par courriel.
apply-submit-refused-title = Dossier non envoyé
apply-submit-closed = Dossier non envoyé : la date limite de dépôt était le { $date } (heure de { $zone }). Le dossier reste un brouillon.
apply-submit-not-editable = Ce dossier ne peut pas être envoyé dans son état actuel.
apply-submit-invalid = Dossier non envoyé : des réponses manquent ou sont à corriger. Chaque lien mène à la question concernée.
apply-submit-ineligible = Dossier non envoyé : une condition de l’appel n’est pas remplie.
apply-submit-problems = Réponses à compléter ou corriger
apply-submit-checks = Conditions non remplies

apply-receipt-title = Accusé de réception
apply-receipt-title-number = Accusé de réception — dossier { $number }
apply-receipt-intro = Le Département ({ $territory }) a bien reçu le dossier décrit ci-dessous.
apply-receipt-summary = Résumé des réponses
apply-receipt-note = Ce document atteste du dépôt du dossier à la date et à l’heure indiquées. Il ne préjuge pas de la décision.
apply-receipt-file-name = accuse-de-reception
apply-pdf-title = Dossier { $number }
apply-pdf-draft = BROUILLON — NON ENVOYÉ : ce document n’a pas été transmis au Département.
apply-pdf-file-name = dossier

## Mes dossiers

apply-list-title = Mes dossiers
apply-list-caption = Dossiers de mes structures, du plus récemment modifié au plus ancien
apply-list-empty = Aucun dossier pour l’instant. Les appels ouverts sont présentés sur la page des appels à projets.
apply-list-col-number = Dossier
apply-list-col-call = Appel à projets
apply-list-col-org = Structure
apply-list-col-state = État
apply-list-col-updated = Dernière modification
apply-list-deadline = À envoyer avant le { $date }

## Retrait

apply-withdraw-title = Retirer le dossier { $number }
apply-withdraw-intro = Un dossier retiré n’est plus examiné par le Département et ne peut plus être modifié ni envoyé.
apply-withdraw-reason = Motif (facultatif)
apply-withdraw-reason-hint = Le motif est transmis au Département.
apply-withdraw-confirm = Je confirme le retrait de ce dossier.
apply-withdraw-confirm-required = Cochez la case pour confirmer le retrait.
apply-withdraw-button = Retirer le dossier
apply-withdraw-not-allowed = Ce dossier ne peut plus être retiré dans son état actuel.
apply-withdrawn = Le dossier a été retiré.

## Messagerie

apply-messages-title = Messagerie du dossier { $number }
apply-messages-empty = Aucun message pour l’instant.
apply-messages-staff-author = { $name } (Département)
apply-messages-from-staff = Département
apply-messages-attachment = Pièce jointe :
apply-messages-write = Écrire au Département
apply-messages-body = Votre message
apply-messages-attach = Pièce jointe (facultatif)
apply-messages-attach-hint = PDF, image ou document bureautique.
apply-messages-send = Envoyer le message
apply-messages-body-required = Écrivez votre message.
apply-messages-body-too-long = Le message dépasse { $max } caractères.
apply-message-sent = Votre message a été envoyé au Département.

## Courriels

apply-mail-open-file = Voir le dossier
apply-mail-open-staff = Ouvrir le dossier
apply-mail-receipt-subject = Accusé de réception : dossier { $number }
apply-mail-receipt-intro = Votre dossier { $number } pour l’appel « { $call } » a bien été reçu par le Département ({ $territory }).
apply-mail-receipt-pdf = L’accusé de réception est téléchargeable ici : { $link }
apply-mail-reminder-subject = Votre dossier { $number } n’est pas encore envoyé
apply-mail-reminder-intro = Votre dossier { $number } pour l’appel « { $call } » est encore un brouillon : il n’a pas été transmis au Département. L’appel se termine le { $date } (heure de { $zone }).
apply-mail-reminder-outro = Pensez à l’envoyer avant cette date : après, il ne pourra plus l’être.
apply-mail-message-subject = Nouveau message sur le dossier { $number }
apply-mail-message-intro = { $org } a écrit au sujet du dossier { $number } (appel « { $call } ») :
apply-mail-withdrawn-subject = Dossier { $number } retiré
apply-mail-withdrawn-intro = { $org } a retiré son dossier { $number } (appel « { $call } »).
