## Jury — grille, jurés, affectation, notation

jury-nav-label = Jury de l’appel
jury-nav-back-to-call = Retour à l’appel
jury-nav-overview = Jury
jury-nav-grid = Grille de notation
jury-nav-reviewers = Jurés
jury-nav-assignment = Affectation et suivi
jury-save = Enregistrer
jury-choose = — Choisir —
jury-none = Aucun
jury-you = vous
jury-back-to-grid = Retour à la grille
jury-back-to-dashboard = Retour à mon espace juré
jury-back-to-review = Retour à mon évaluation

jury-overview-title = Jury — { $call }
jury-overview-criteria = { $n ->
    [one] { $n } critère
   *[other] { $n } critères
}
jury-overview-active = { $n ->
    [one] { $n } juré actif
   *[other] { $n } jurés actifs
}
jury-overview-invited = { $n ->
    [one] { $n } invitation en attente
   *[other] { $n } invitations en attente
}
jury-overview-files = { $n ->
    [one] { $n } dossier soumis au jury
   *[other] { $n } dossiers soumis au jury
}
jury-overview-reviews = { $n ->
    [one] { $n } évaluation affectée
   *[other] { $n } évaluations affectées
}
jury-overview-submitted = { $n ->
    [one] { $n } évaluation rendue
   *[other] { $n } évaluations rendues
}
jury-settings-title = Réglages du jury
jury-field-reviews-per-file = Évaluations par dossier
    .hint = Nombre de jurés différents qui notent chaque dossier.
jury-field-default-min-load = Charge minimale par défaut
    .hint = Nombre minimal de dossiers proposé pour un nouveau juré.
jury-field-default-max-load = Charge maximale par défaut
    .hint = Nombre maximal de dossiers proposé pour un nouveau juré.
jury-field-hide-others = Masquer les notes des autres jurés tant que le juré n’a pas rendu la sienne
    .hint = Évite que les premières notes influencent les suivantes.
jury-flash-settings = Réglages du jury enregistrés.

jury-grid-title = Grille de notation — { $call }
jury-grid-empty = Aucun critère pour l’instant. Partez de la grille Progr’ESS ou ajoutez vos critères un à un.
jury-grid-default = Utiliser la grille Progr’ESS par défaut
    .hint = Cinq critères notés de 0 à 5 avec un repère écrit pour chaque niveau : impact social auprès des publics fragiles, réponse à un besoin fondamental du quotidien, innovation, faisabilité et budget, ancrage local et partenariats. Tout reste modifiable.
jury-grid-default-not-empty = La grille contient déjà des critères : la grille par défaut ne s’ajoute qu’à une grille vide.
jury-grid-locked = La notation a commencé : la grille est figée pour que toutes les notes gardent le même sens.
jury-grid-scale = Échelle
jury-grid-eliminates-below = Une note inférieure à { $n } élimine le dossier.
jury-grid-no-elimination = Pas de seuil éliminatoire
jury-grid-comment = Commentaire
jury-grid-comment-required = obligatoire
jury-grid-comment-optional = facultatif
jury-grid-anchors-caption = Repères de notation : { $criterion }
jury-grid-level = Niveau
jury-grid-anchor = Repère
jury-grid-edit = Modifier « { $criterion } »
jury-grid-delete = Supprimer « { $criterion } »
jury-grid-add = Ajouter un critère
jury-field-title = Intitulé du critère
jury-field-description = Description
    .hint = Ce que les jurés doivent regarder.
jury-field-weight = Poids
    .hint = Poids relatif, entier de 1 à 100 : un critère de poids 2 compte deux fois plus qu’un critère de poids 1.
jury-field-scale-min = Note minimale
jury-field-scale-max = Note maximale
    .hint = Au plus 11 niveaux (par exemple de 0 à 10).
jury-field-anchors = Repères écrits, un par niveau
    .hint = Une ligne par niveau, du plus bas au plus haut : autant de lignes que de niveaux.
jury-field-elimination = Seuil éliminatoire
    .hint = Facultatif : une note strictement inférieure élimine le dossier.
jury-field-comment-required = Commentaire obligatoire sur ce critère
jury-flash-grid-default = La grille Progr’ESS a été ajoutée.
jury-flash-criterion-saved = Critère enregistré.
jury-flash-criterion-deleted = Critère supprimé.

jury-error-required = Ce champ est obligatoire.
jury-error-too-long = Ce texte est trop long.
jury-error-not-a-number = Saisissez un nombre entier.
jury-error-out-of-range = Ce nombre est hors des limites permises.
jury-error-scale-order = La note maximale doit être supérieure à la note minimale.
jury-error-scale-too-long = L’échelle compte au plus 11 niveaux.
jury-error-anchor-count = Écrivez exactement un repère par niveau de l’échelle, une ligne chacun.
jury-error-elimination-range = Le seuil doit être compris entre la note minimale (exclue) et la note maximale.
jury-error-min-above-max = La charge minimale ne peut dépasser la charge maximale.
jury-error-already-reviewer = Cette personne fait déjà partie du jury de cet appel.
jury-error-already-removed = Ce juré a déjà été retiré.
jury-error-choose-org = Choisissez une structure.
jury-error-choose-file = Choisissez un dossier du jury.
jury-error-choose-reviewer = Choisissez un juré du jury.
jury-error-file-excluded = Ce dossier est écarté du jury.
jury-error-no-proposal = Aucune proposition à accepter : lancez d’abord une proposition réalisable.
jury-error-review-started = Cette évaluation est commencée : elle ne peut plus être retirée.
jury-error-score-missing = Choisissez une note pour ce critère.
jury-error-comment-missing = Un commentaire est obligatoire pour ce critère.
jury-error-no-grid = La grille de notation n’est pas encore prête : l’évaluation ne peut pas être rendue.

jury-reviewers-title = Jurés — { $call }
jury-reviewers-empty = Aucun juré pour l’instant.
jury-reviewers-caption = Jurés de l’appel, avec leur charge et leur avancement
jury-col-reviewer = Juré
jury-col-state = État
jury-col-expertise = Expertise
jury-col-loads = Charge (min – max)
jury-col-progress = Avancement
jury-col-conflicts = Conflits d’intérêts
jury-col-file = Dossier
jury-col-reviewers = Jurés
jury-col-reviews = Évaluations
jury-col-actions = Actions
jury-col-assigned = Dossiers affectés
jury-col-criterion = Critère
jury-col-score = Note
jury-col-comment = Commentaire
jury-col-weighted = Note pondérée
jury-reviewer-state-invited = invité
jury-reviewer-state-active = actif
jury-reviewer-state-removed = retiré
jury-progress-submitted = { $done } rendue(s)
jury-load-out-of-bounds = (hors des limites de charge)
jury-field-expertise = Expertise (mots-clés séparés par des virgules)
    .hint = Par exemple : alimentation, logement, mobilité, numérique. Comparés au contenu des dossiers pour proposer l’affectation.
jury-field-min-load = Charge minimale (dossiers)
jury-field-max-load = Charge maximale (dossiers)
jury-reviewer-save = Enregistrer le profil de { $name }
jury-reviewer-remove = Retirer { $name } du jury
jury-links-title = Liens déclarés avec des structures
jury-links-none = Aucun lien enregistré.
jury-field-link-org = Structure liée (les dossiers de cette structure seront en conflit d’intérêts)
jury-field-link-note = Nature du lien
jury-link-add = Enregistrer un lien pour { $name }
jury-link-delete = Supprimer le lien avec { $org }
jury-invite-title = Inviter un juré
jury-invite-intro = La personne reçoit un lien par courriel. Elle se connecte ou crée un compte avec cette adresse, accepte, et devient jurée de cet appel.
jury-field-email = Adresse électronique
jury-field-name = Nom et prénom
jury-invite-submit = Envoyer l’invitation
jury-flash-invited = Invitation envoyée.
jury-flash-reviewer-saved = Profil du juré enregistré.
jury-flash-reviewer-removed = Juré retiré ; ses évaluations non commencées ont été supprimées.
jury-flash-link-saved = Lien enregistré.
jury-flash-link-deleted = Lien supprimé.

jury-conflict = Conflit d’intérêts
jury-conflict-member = membre de la structure candidate
jury-conflict-link = lien déclaré avec la structure
jury-conflict-declared = déclaré par le juré

jury-invitation-title = Invitation à rejoindre un jury
jury-invitation-body = Vous êtes invité(e) à évaluer les dossiers de l’appel « { $call } ».
jury-invitation-sign-in = Connectez-vous avec le compte de l’adresse { $email }, ou créez un compte avec cette adresse, puis revenez sur ce lien.
jury-invitation-wrong-account = Cette invitation est adressée à { $email } : connectez-vous avec ce compte pour l’accepter.
jury-invitation-accept = Accepter et rejoindre le jury
jury-invitation-invalid-title = Invitation introuvable
jury-invitation-invalid-body = Ce lien d’invitation est inconnu, a déjà servi ou a expiré. Demandez une nouvelle invitation au service instructeur.
jury-flash-welcome = Bienvenue dans le jury : vos dossiers à évaluer apparaissent ici.

jury-assignment-title = Affectation et suivi — { $call }
jury-propose-title = Proposer une affectation
jury-propose-intro = Chaque dossier reçoit { $n } évaluations de jurés différents, chaque juré reste dans ses limites de charge, aucun conflit d’intérêts n’est affecté. L’affinité combine l’expertise des jurés et leur intérêt déclaré.
jury-field-objective = Objectif
jury-objective-total = Affinité totale maximale (optimum exact)
    .hint = La meilleure affectation possible au total, prouvée optimale, y compris avec des charges minimales.
jury-objective-fair = Équitable
    .hint = Relève d’abord le dossier le moins bien servi, puis maximise le total.
jury-propose = Proposer
jury-proposal-title = Proposition
jury-proposal-infeasible = Ces réglages ne permettent aucune affectation.
jury-proposal-status = Statut
jury-proposal-objective = Affinité totale
    .hint = Somme des affinités des paires affectées (expertise de 0 à 1, plus 0,5 ou 1 selon l’intérêt déclaré).
jury-proposal-caption = Affectation proposée, par dossier
jury-status-optimal = optimale (prouvée)
jury-status-feasible = valide (optimalité non prouvée)
jury-status-infeasible = impossible
jury-accept-proposal = Accepter la proposition
    .hint = Les évaluations non commencées absentes de la proposition sont retirées ; celles déjà commencées sont conservées.
jury-current-title = Affectation actuelle et avancement
jury-current-caption = Dossiers soumis au jury, leurs évaluations et leurs conflits
jury-no-files = Aucun dossier en instruction pour cet appel.
jury-excluded = écarté du jury
jury-file-short = Évaluations insuffisantes
jury-review-state-draft = à rendre
jury-review-state-submitted = rendue
jury-remove-review = Retirer { $name }
jury-add-reviewer-to = Ajouter un juré au dossier { $file }
jury-add-reviewer = Ajouter
jury-exclude = Écarter { $file } du jury
jury-include = Remettre { $file } au jury
jury-loads-title = Charge des jurés
jury-loads-caption = Dossiers affectés à chaque juré
jury-added = { $name } évalue désormais le dossier { $file }.
jury-removed = Évaluation retirée.
jury-warning-duplicate = { $name } évalue déjà le dossier { $file }.
jury-warning-conflict = { $name } ne peut pas évaluer le dossier { $file } : conflit d’intérêts ({ $why }).
jury-warning-load-above = Attention : { $name } a maintenant { $load } dossiers, au-delà de sa charge maximale ({ $max }).
jury-warning-load-below = Attention : { $name } n’a plus que { $load } dossiers, sous sa charge minimale ({ $min }).
jury-warning-file-above = Attention : le dossier { $file } a maintenant { $n } évaluations pour { $want } prévues.
jury-infeasible-no-files = Aucun dossier n’est soumis au jury : passez des dossiers en instruction ou remettez ceux qui ont été écartés.
jury-infeasible-too-few-reviewers = Il y a { $reviewers } juré(s) pour { $per_file } évaluations par dossier : invitez d’autres jurés ou réduisez le nombre d’évaluations par dossier.
jury-infeasible-capacity = Les charges maximales des jurés totalisent { $max } évaluations, mais il en faut { $demand } : augmentez des charges maximales ou invitez d’autres jurés.
jury-infeasible-min-loads = Les charges minimales des jurés totalisent { $min } évaluations, mais il n’y en a que { $demand } à faire : baissez des charges minimales.
jury-flash-proposal = Proposition calculée : vérifiez-la puis acceptez-la.
jury-flash-proposal-infeasible = Aucune affectation possible avec ces réglages : la raison est indiquée.
jury-flash-assignment-accepted = Affectation enregistrée : les jurés voient leurs dossiers.
jury-flash-excluded = Dossier écarté du jury.
jury-flash-included = Dossier remis au jury.

jury-dashboard-title = Mon espace juré
jury-dashboard-empty = Vous ne faites partie d’aucun jury pour l’instant.
jury-dashboard-no-reviews = Aucun dossier ne vous est encore affecté.
jury-progress-of = Avancement de mes évaluations pour { $call }
jury-my-reviews-caption = Mes dossiers à évaluer — { $call }
jury-interest-link = Indiquer mon intérêt pour les dossiers et déclarer un conflit d’intérêts
jury-interest-title = Dossiers de l’appel — { $call }
jury-interest-intro = Seuls l’intitulé et un résumé sont visibles ici. Indiquez les dossiers que vous aimeriez évaluer ; l’affectation en tient compte.
jury-interest-legend = Mon intérêt pour le dossier { $file }
jury-interest-0 = Sans préférence
jury-interest-1 = Intéressé(e)
jury-interest-2 = Très intéressé(e)
jury-interest-save = Enregistrer mes préférences
jury-declare-title = Déclarer un conflit d’intérêts
jury-declare-intro = Si vous avez un lien avec une structure candidate, déclarez-le : vous ne verrez plus ce dossier et il ne vous sera pas affecté.
jury-declare-reason = Nature du lien avec le dossier { $file } (facultatif)
jury-declare-submit = Déclarer un conflit sur { $file }
jury-flash-bids = Préférences enregistrées.
jury-flash-conflict = Conflit d’intérêts déclaré : ce dossier ne vous sera plus montré.

jury-review-title = Évaluation du dossier { $file }
jury-weighted-score = Note pondérée : { $score }
jury-others-link = Voir les notes des autres jurés
jury-others-hidden = Les notes des autres jurés seront visibles quand vous aurez rendu votre évaluation.
jury-your-scores = Vos notes
jury-eliminating = (éliminatoire)
jury-submitted-read-only = Évaluation rendue : elle ne peut plus être modifiée.
jury-weight-is = Poids : { $weight }.
jury-field-comment-on = Commentaire sur « { $criterion } »
jury-field-general-comment = Appréciation générale
jury-save-draft = Enregistrer le brouillon
jury-submit-review = Rendre mon évaluation
    .hint = Une fois rendue, l’évaluation ne peut plus être modifiée. Toutes les notes et les commentaires obligatoires sont requis.
jury-file-content = Le dossier
jury-file-empty = Ce dossier ne contient aucune réponse lisible ici.
jury-flash-draft = Brouillon enregistré.
jury-flash-submitted = Évaluation rendue. Merci !
jury-flash-already-submitted = Cette évaluation est déjà rendue.
jury-others-title = Notes des jurés — { $file }
jury-others-none = Aucune évaluation rendue pour l’instant.
jury-others-caption = Notes rendues sur le dossier { $file }
jury-comments-of = Commentaires de { $name }

email-jury-invitation-subject = Invitation à rejoindre un jury · { $territory }
email-jury-invitation-intro = Le service instructeur vous invite à évaluer des dossiers d’un appel à projets sur Essor, la plateforme ESS du territoire { $territory }.
email-jury-invitation-action = Voir l’invitation
email-jury-invitation-outro = Pour accepter, connectez-vous avec un compte à cette adresse électronique ; si vous n’en avez pas, créez-le avec cette même adresse. L’invitation est valable 21 jours. Si vous ne vous attendiez pas à ce message, ignorez-le.
jury-budget-total-charges = Total des charges
jury-budget-total-income = Total des produits
jury-budget-requested = Montant demandé
