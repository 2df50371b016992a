# Aiguillage des dossiers d’un appel (règles d’affectation et d’étiquetage).
routing-title = Aiguillage des dossiers
routing-link = Aiguillage des dossiers
routing-back = Retour à l’appel « { $title } »
routing-intro = À chaque dépôt, Essor applique ces règles dans l’ordre : chaque règle dont la condition est remplie pose son étiquette sur le dossier, et la première règle qui désigne un agent lui confie le dossier s’il n’est encore confié à personne. Les conditions s’écrivent comme celles d’éligibilité et d’affichage des champs.
routing-rules-title = Règles
routing-rules-caption = Règles d’aiguillage, dans l’ordre où elles s’appliquent
routing-none = Aucune règle pour le moment : les dossiers déposés ne sont ni confiés ni étiquetés automatiquement.
routing-col-order = Ordre
routing-col-name = Règle
routing-col-condition = Quand
routing-col-actions = Alors
routing-col-delete = Supprimer
routing-delete = Supprimer la règle « { $name } »
routing-action-assign = Confier le dossier à { $name }
routing-action-label = Poser l’étiquette « { $label } »
routing-former-staff = un ancien agent
routing-condition-unreadable = Condition illisible : cette règle ne s’applique plus.
routing-apply = Appliquer les règles aux dossiers déjà reçus
    .hint = Concerne les dossiers déposés ou en instruction. Un dossier déjà confié à un agent le reste ; les étiquettes s’ajoutent.
routing-applied = { $count ->
    [0] Aucun dossier reçu ne remplit les conditions des règles.
    [one] Les règles ont été appliquées : 1 dossier remplissait au moins une condition.
   *[other] Les règles ont été appliquées : { $count } dossiers remplissaient au moins une condition.
}
routing-add-title = Ajouter une règle
routing-no-form = Cet appel n’a pas encore de formulaire : les règles s’écrivent sur ses champs.
routing-field-name = Nom de la règle
    .hint = Par exemple « Projets à Nanterre » ou « Demandes de plus de 10 000 € ».
routing-when = Quand le dossier remplit cette condition
routing-field-json = Ou la condition en JSON
    .hint = Pour une condition que le constructeur ne sait pas écrire (groupes imbriqués, négations). Utilisée avec le bouton « Enregistrer avec la condition en JSON ».
routing-then = Alors
routing-field-assignee = Confier le dossier à
routing-no-assignee = Personne (étiquette seulement)
routing-field-label = Poser l’étiquette
    .hint = Créée si l’appel ne l’a pas encore.
routing-save-builder = Enregistrer la règle
routing-save-json = Enregistrer avec la condition en JSON
routing-error-name = Donnez un nom à la règle.
routing-error-name-long = Le nom de la règle est limité à 120 caractères.
routing-error-action = Choisissez un agent, une étiquette, ou les deux.
routing-error-condition = Écrivez la condition de la règle.
routing-flash-added = La règle a été ajoutée. Elle s’appliquera aux prochains dépôts.
routing-flash-deleted = La règle a été supprimée.
