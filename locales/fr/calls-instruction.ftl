# Instruction des dossiers par les services du Département (liste, dossier, décisions, avis
# d'experts, messagerie). Identifiants préfixés par « instruction- ».

## États et transitions

instruction-event-submit = Déposer
instruction-event-start_instruction = Passer en instruction
instruction-event-request_correction = Demander une correction au demandeur
instruction-event-accept = Accepter
instruction-event-refuse = Refuser
instruction-event-close_without_follow_up = Classer sans suite
instruction-event-withdraw = Retirer
instruction-event-reopen = Rouvrir l’instruction

## Liste des dossiers

instruction-list-title = Dossiers
instruction-filters = Filtrer les dossiers
instruction-filter-q = Recherche
    .hint = Numéro, titre du projet, structure… Les accents et les majuscules sont ignorés ; chaque mot doit figurer dans le dossier.
instruction-filter-call = Appel à projets
instruction-filter-any-call = Tous les appels
instruction-filter-state = État
instruction-filter-state-not-draft = Tous sauf les brouillons
instruction-filter-state-all = Tous, brouillons compris
instruction-filter-label = Étiquette
instruction-filter-any-label = Toutes les étiquettes
instruction-filter-assignee = Instructeur ou instructrice
instruction-filter-anyone = Tout le monde
instruction-filter-commune = Commune
instruction-filter-any-commune = Toutes les communes
instruction-filter-amount = Montant demandé
    .hint = En euros, par exemple 1 500 ou 1 500,50. Laissez vide pour ne pas borner.
instruction-filter-min = Au moins
instruction-filter-max = Au plus
instruction-columns = Colonnes affichées
instruction-filter-submit = Appliquer
instruction-filter-reset = Effacer les filtres
instruction-results = Résultats
instruction-list-count = { $count ->
    [0] Aucun dossier ne correspond.
    [one] { $count } dossier correspond.
   *[other] { $count } dossiers correspondent.
}
instruction-list-caption = Dossiers correspondant aux filtres
instruction-col-select = Sélection
instruction-col-number = Numéro
instruction-col-title = Projet
instruction-col-org = Structure
instruction-col-call = Appel à projets
instruction-col-state = État
instruction-col-amount = Montant demandé
instruction-col-commune = Commune
instruction-col-submitted = Déposé le
instruction-col-updated = Modifié le
instruction-col-assignee = Instruit par
instruction-col-labels = Étiquettes
instruction-select-file = Sélectionner le dossier { $number }
instruction-pager = Pages de résultats
instruction-page-prev = Page précédente
instruction-page-next = Page suivante
instruction-page-position = Page { $position }
instruction-unassigned = Personne (non attribué)
instruction-choose = Choisir…

## Actions groupées

instruction-bulk-title = Agir sur les dossiers sélectionnés
instruction-bulk-intro = Cochez les dossiers dans le tableau, puis choisissez une action (500 dossiers au plus). Chaque dossier est traité séparément : un refus sur l’un n’empêche pas les autres.
instruction-bulk-transition = Changer l’état
instruction-bulk-event = Nouvelle étape
instruction-bulk-apply-transition = Changer l’état des dossiers sélectionnés
instruction-bulk-label = Ajouter une étiquette
instruction-label = Étiquette
instruction-bulk-apply-label = Étiqueter les dossiers sélectionnés
instruction-bulk-assign = Attribuer
instruction-assignee = Instructeur ou instructrice
instruction-bulk-apply-assign = Attribuer les dossiers sélectionnés
instruction-bulk-message = Écrire aux demandeurs
    .hint = Le message est ajouté à la messagerie de chaque dossier ; chaque demandeur est prévenu par courriel.
instruction-bulk-apply-message = Envoyer aux dossiers sélectionnés
instruction-bulk-result-title = Résultat de l’action groupée
instruction-bulk-result-action = Action : { $action }
instruction-bulk-result-caption = Résultat pour chaque dossier
instruction-bulk-outcome = Résultat
instruction-bulk-done = Fait
instruction-bulk-refused = Non fait
instruction-bulk-succeeded = { $count ->
    [0] Aucun dossier traité.
    [one] { $count } dossier traité.
   *[other] { $count } dossiers traités.
}
instruction-bulk-failed = { $count ->
    [0] Aucun refus.
    [one] { $count } dossier non traité.
   *[other] { $count } dossiers non traités.
}
instruction-bulk-moved = Passé à l’état « { $state } ».
instruction-bulk-labelled = Étiquette ajoutée.
instruction-bulk-already-labelled = Le dossier portait déjà cette étiquette.
instruction-bulk-label-other-call = Cette étiquette appartient à un autre appel à projets.
instruction-bulk-assigned = Attribution modifiée.
instruction-bulk-already-assigned = Le dossier était déjà attribué ainsi.
instruction-bulk-sent = Message envoyé.
instruction-bulk-not-found = Ce dossier n’existe pas.
instruction-bulk-error = Une erreur technique a empêché l’action ; réessayez pour ce dossier.
instruction-back-to-list = Revenir à la liste des dossiers

## Page d'un dossier

instruction-file-title = Dossier { $number }
instruction-back-to-call = Dossiers de l’appel « { $call } »
instruction-back-to-file = Revenir au dossier { $number }
instruction-creator = Déposé par
instruction-decided-at = Décidé le
instruction-not-submitted = Pas encore déposé
instruction-not-answered = Non renseigné
instruction-yes = Oui
instruction-no = Non
instruction-messages-link = { $count ->
    [0] Messagerie avec le demandeur (aucun message)
    [one] Messagerie avec le demandeur ({ $count } message)
   *[other] Messagerie avec le demandeur ({ $count } messages)
}
instruction-decision = Étape suivante
instruction-no-event = Aucune étape n’est possible pour un dossier dans cet état.
instruction-next-step = Que faire de ce dossier ?
instruction-reason-needed = (motif obligatoire)
instruction-reason = Motif
    .hint = Obligatoire pour un refus ou une demande de correction. Le demandeur le reçoit tel quel par courriel : rédigez-le à son intention.
instruction-transition-submit = Valider l’étape
instruction-assignment = Attribution
instruction-assign-submit = Attribuer
instruction-labels = Étiquettes
instruction-no-label = Aucune étiquette.
instruction-label-remove = Retirer l’étiquette « { $label } »
instruction-label-existing = Étiquette existante
instruction-label-new = Ou nouvelle étiquette
    .hint = Elle sera disponible pour tous les dossiers de cet appel (60 caractères au plus).
instruction-label-add = Ajouter l’étiquette
instruction-answers = Réponses du demandeur
instruction-answers-toc = Étapes du formulaire
instruction-answers-empty = Le dossier ne contient encore aucune réponse.
instruction-answers-unreadable = Les réponses de ce dossier ne peuvent pas être affichées : la version du formulaire sur laquelle il a été commencé est introuvable ou illisible.
instruction-group-item = Élément { $n }
instruction-budget-line = Poste
instruction-budget-amount = Montant
instruction-budget-total-charges = Total des charges
instruction-budget-total-income = Total des produits
instruction-budget-in-kind-uses = Emplois des contributions volontaires en nature (86)
instruction-budget-in-kind-contributions = Contributions volontaires en nature (87)
instruction-budget-grand-total-charges = Total général des charges
instruction-budget-grand-total-income = Total général des produits
instruction-attachments = Pièces jointes
instruction-no-attachment = Aucune pièce jointe.
instruction-attachments-caption = Pièces jointes du dossier { $number }
instruction-attachment-name = Document
instruction-attachment-field = Question
instruction-attachment-size = Taille
instruction-attachment-uploaded = Ajouté le
instruction-attachment-status = Version
instruction-attachment-current = Version actuelle
instruction-attachment-replaced = Remplacé le { $at }
instruction-size-kb = { $n } Ko
instruction-size-mb = { $n } Mo
instruction-history = Historique
instruction-history-empty = Aucune étape n’a encore été franchie.
instruction-history-caption = Historique des étapes du dossier { $number }
instruction-history-at = Date
instruction-history-event = Étape
instruction-history-actor = Par
instruction-history-from = Ancien état
instruction-history-to = Nouvel état
instruction-annotations = Annotations privées
    .hint = Ce que vous notez sur le dossier. Seuls les services du Département les lisent.
instruction-annotation-new = Nouvelle annotation
instruction-annotation-add = Ajouter l’annotation
instruction-comments = Commentaires internes
    .hint = Échanges entre collègues à propos du dossier. Ni le demandeur ni les experts ne les voient.
instruction-comment-new = Nouveau commentaire
instruction-comment-add = Publier le commentaire
instruction-notes-empty = Rien pour l’instant.

## Avis d'experts

instruction-experts = Avis d’experts
instruction-experts-empty = Aucun avis demandé.
instruction-expert-status = Statut
instruction-expert-pending = En attente
instruction-expert-answered = Avis rendu
instruction-expert-revoked = Demande retirée
instruction-expert-requested = Demandé
instruction-expert-requested-by = par { $name }
instruction-expert-question = Question posée
instruction-expert-sees-others = Peut lire les avis des autres experts
    .hint = Sinon, l’expert ne voit que le dossier et votre question.
instruction-expert-opinion = Avis
instruction-expert-comment = Commentaire
    .hint = Expliquez votre avis : points forts, réserves, conditions éventuelles.
instruction-expert-revoke = Retirer la demande faite à { $name }
instruction-expert-new = Demander un avis
    .hint = L’expert reçoit par courriel un lien personnel, sans compte à créer, pour lire le dossier et donner son avis une fois. Vous pouvez retirer la demande à tout moment.
instruction-expert-name = Nom de l’expert
instruction-expert-lang = Langue du courriel à l’expert
instruction-error-expert-lang = Choisissez le français ou l’anglais.
instruction-expert-email = Adresse électronique de l’expert
instruction-expert-send = Envoyer la demande d’avis
instruction-opinion-favourable = Favorable
instruction-opinion-reserved = Réservé
instruction-opinion-unfavourable = Défavorable
instruction-expert-page-title = Avis demandé sur le dossier { $number }
instruction-expert-page-intro = { $name }, le service instructeur du Département sollicite votre avis sur ce dossier. Vous pouvez répondre une seule fois.
instruction-expert-your-opinion = Votre avis
instruction-expert-answered-once = Merci : votre avis a été transmis au service instructeur. Il ne peut plus être modifié.
instruction-expert-submit = Envoyer mon avis
instruction-expert-others = Avis des autres experts
instruction-expert-others-none = Aucun autre avis n’a encore été rendu.

## Messagerie

instruction-messages-title = Messagerie du dossier { $number }
instruction-messages-intro = Les messages sont lus par le demandeur dans son espace ; il est prévenu de chaque nouveau message par courriel.
instruction-messages-empty = Aucun message pour l’instant.
instruction-message-from-staff = Service instructeur
instruction-message-from-applicant = Demandeur
instruction-message-attachment = Pièce jointe :
instruction-message-new = Écrire au demandeur
instruction-message-body = Message
    .hint = Le demandeur le lira dans son espace ; le courriel qui le prévient n’en reprend pas le texte.
instruction-message-file = Pièce jointe (facultative)
    .hint = PDF, image PNG ou JPEG, document bureautique ; { $max } Mo au plus.
instruction-message-send = Envoyer le message

## Erreurs

instruction-error-event = Choisissez l’étape à appliquer.
instruction-error-reason-required = Indiquez le motif : il est obligatoire pour un refus ou une demande de correction.
instruction-error-not-allowed = Cette étape n’est pas possible pour un dossier dans cet état.
instruction-error-stale = Le dossier vient d’être modifié par quelqu’un d’autre. Vérifiez son état et recommencez.
instruction-error-too-long = Ce texte est trop long.
instruction-error-amount = Montant illisible : écrivez un nombre d’euros, par exemple 1 500 ou 1 500,50.
instruction-error-amount-range = Le montant maximal doit être supérieur ou égal au montant minimal.
instruction-error-assignee = Choisissez une personne des services du Département.
instruction-error-label-missing = Choisissez une étiquette existante ou écrivez-en une nouvelle.
instruction-error-label-long = Une étiquette compte 60 caractères au plus.
instruction-error-note-empty = Écrivez le texte à ajouter.
instruction-error-message-empty = Écrivez le message.
instruction-error-bulk-none = Sélectionnez au moins un dossier dans le tableau.
instruction-error-bulk-too-many = Sélectionnez { $max } dossiers au plus.
instruction-error-expert-name = Indiquez le nom de l’expert.
instruction-error-question = Écrivez la question posée à l’expert.
instruction-error-opinion = Choisissez votre avis : favorable, réservé ou défavorable.
instruction-error-comment = Expliquez votre avis en quelques lignes.

## Confirmations

instruction-flash-transition = L’étape a été enregistrée.
instruction-flash-assigned = L’attribution a été enregistrée.
instruction-flash-labelled = L’étiquette a été ajoutée.
instruction-flash-unlabelled = L’étiquette a été retirée.
instruction-flash-note = Le texte a été ajouté au dossier.
instruction-flash-expert-sent = La demande d’avis a été envoyée.
instruction-flash-expert-revoked = La demande d’avis a été retirée : le lien ne fonctionne plus.
instruction-flash-opinion = Merci, votre avis a été transmis.
instruction-flash-message = Le message a été envoyé.

## Courriers et courriels

instruction-letter-greeting = Bonjour { $name },
instruction-letter-object = Objet : { $subject }
instruction-letter-date = Le { $date }
instruction-letter-fact-call = Appel à projets :
instruction-letter-fact-number = Dossier n° :
instruction-letter-fact-title = Projet :
instruction-letter-fact-org = Structure :
instruction-letter-fact-amount = Montant demandé :
instruction-letter-open-file = Ouvrir votre dossier
instruction-letter-signature = Le service instructeur — { $territory }
instruction-letter-contact = Contact : { $contact }
instruction-letter-correction-subject = Votre dossier { $number } est à compléter
instruction-letter-correction-body = Le service instructeur a examiné le dossier que vous avez déposé dans le cadre de l’appel à projets « { $call } ». Avant de poursuivre son instruction, il vous demande de le compléter ou de le corriger.
instruction-letter-correction-reason = Ce qui vous est demandé :
instruction-letter-correction-next = Votre dossier est de nouveau modifiable. Apportez les corrections demandées, puis déposez-le à nouveau : l’instruction reprendra dès réception.
instruction-letter-accepted-subject = Votre demande { $number } est acceptée
instruction-letter-accepted-body = Nous avons le plaisir de vous informer que la demande que vous avez présentée dans le cadre de l’appel à projets « { $call } » a reçu une décision favorable.
instruction-letter-accepted-reason = Précisions du service instructeur :
instruction-letter-accepted-next = Vous recevrez prochainement les éléments nécessaires à la signature de la convention et au versement de la subvention.
instruction-letter-refused-subject = Décision sur votre demande { $number }
instruction-letter-refused-body = Nous avons le regret de vous informer que la demande que vous avez présentée dans le cadre de l’appel à projets « { $call } » n’a pas été retenue.
instruction-letter-refused-reason = Motif de la décision :
instruction-letter-refused-next = Vous pouvez poser vos questions au service instructeur depuis la messagerie de votre dossier. Cette décision peut faire l’objet d’un recours gracieux auprès du Département ou d’un recours contentieux devant le tribunal administratif compétent, dans un délai de deux mois à compter de sa notification.
instruction-letter-closed-subject = Votre dossier { $number } est classé sans suite
instruction-letter-closed-body = Nous vous informons que le dossier que vous avez déposé dans le cadre de l’appel à projets « { $call } » a été classé sans suite.
instruction-letter-closed-reason = Précisions du service instructeur :
instruction-letter-closed-next = Pour toute question, écrivez au service instructeur depuis la messagerie de votre dossier.
instruction-expert-mail-subject = Demande d’avis sur le dossier { $number }
instruction-expert-mail-intro = { $name }, du service instructeur, sollicite votre avis d’expert sur le dossier de demande de subvention suivant.
instruction-expert-mail-question = Question posée :
instruction-expert-mail-how = Le lien ci-dessous ouvre le dossier complet et le formulaire de réponse (avis favorable, réservé ou défavorable, avec un commentaire). Aucun compte n’est nécessaire ; vous pouvez répondre une seule fois.
instruction-expert-mail-private = Ce lien vous est personnel : ne le transférez pas. Il cesse de fonctionner si le service instructeur retire sa demande. Le dossier est confidentiel.
instruction-expert-mail-action = Lire le dossier et donner mon avis
instruction-message-mail-subject = Nouveau message sur votre dossier { $number }
instruction-message-mail-intro = Le service instructeur vous a écrit au sujet de votre dossier.
instruction-message-mail-private = Pour protéger vos échanges, le message n’est pas reproduit ici : lisez-le et répondez depuis votre espace.
instruction-message-mail-action = Lire le message
instruction-answered-mail-subject = Avis d’expert reçu sur le dossier { $number }
instruction-answered-mail-intro = { $name } a rendu l’avis que vous aviez demandé.
instruction-answered-mail-action = Voir le dossier
