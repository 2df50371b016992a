# Messages of the forms module (crates/domain/src/forms): errors on answers and on schemas.
# Every id is returned by FieldErrorCode::code() or SchemaError::code(); the crate's tests check
# that each one has a message here and in the English file, with the same variables.
# Amounts ($charges, $income, $uses, $contributions, and $min / $max of an amount field) arrive
# as Cents and are formatted by the web layer; $min / $max of a date are dates; the $max of a
# file is a size in bytes, shown in MB.

## Answers (FieldErrorCode::code)

forms-required = Ce champ est obligatoire.
forms-too-long = Ce texte dépasse { $max } caractères : raccourcissez-le.
forms-integer-format = Saisissez un nombre entier, sans virgule, par exemple 12 ou 1 500.
forms-number-format = Ce nombre n’est pas lisible. Écrivez-le par exemple 12,5 ou 1 234,75.
forms-number-decimals = { $max ->
    [0] Saisissez un nombre sans décimales.
    [one] Un seul chiffre après la virgule, s’il vous plaît.
   *[other] Au plus { $max } chiffres après la virgule, s’il vous plaît.
}
forms-percent-format = Ce pourcentage n’est pas lisible. Écrivez-le par exemple 12,5 %.
forms-too-small = La valeur minimale est { $min }.
forms-too-large = La valeur maximale est { $max }.
forms-date-format = Cette date n’est pas lisible. Écrivez-la par exemple 28/11/2026.
forms-date-too-early = La date doit être le { $min } ou après.
forms-date-too-late = La date doit être le { $max } ou avant.
forms-choice-invalid = Choisissez l’une des options proposées.
forms-choices-too-few = { $min ->
    [one] Choisissez au moins une option.
   *[other] Choisissez au moins { $min } options.
}
forms-choices-too-many = { $max ->
    [one] Choisissez une seule option.
   *[other] Choisissez au plus { $max } options.
}
forms-must-accept = Cette déclaration est nécessaire pour déposer la demande : cochez « Oui » pour l’accepter.
forms-phone-format = Ce numéro de téléphone n’est pas valide. Écrivez-le par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.
forms-url-format = Cette adresse web n’est pas valide : elle doit commencer par https:// ou http://, par exemple https://www.exemple.fr.
forms-commune-outside = Cette commune n’est pas dans le territoire de l’appel : choisissez une commune de la liste.
forms-file-type = Ce type de fichier n’est pas accepté. Formats acceptés : { $accept }.
forms-file-too-large = Ce fichier est trop volumineux : la taille maximale est { $max }.
forms-group-too-few = { $min ->
    [one] Ajoutez au moins un élément.
   *[other] Ajoutez au moins { $min } éléments.
}
forms-group-too-many = { $max ->
    [one] Un seul élément est possible : retirez les autres.
   *[other] Au plus { $max } éléments sont possibles : retirez-en.
}
forms-budget-unbalanced = Le budget n’est pas équilibré : le total des charges ({ $charges }) doit être égal au total des produits ({ $income }), contributions volontaires en nature comprises.
forms-budget-in-kind-unbalanced = Les contributions volontaires en nature doivent figurer des deux côtés pour le même montant : emplois (86) { $uses }, contributions (87) { $contributions }.
forms-budget-negative = Un montant du budget ne peut pas être négatif.
forms-budget-unknown-line = Cette ligne ne fait pas partie du budget.
forms-budget-request-missing = Indiquez sur cette ligne le montant demandé au titre de cet appel.
forms-budget-request-over-cap = Le montant demandé dépasse le plafond de l’appel, { $max }.
forms-budget-request-share = Le montant demandé ne peut pas dépasser { $max } du total des produits du projet.
forms-value-invalid = Cette réponse ne correspond plus à la question, qui a été modifiée : répondez de nouveau.

## Schemas (SchemaError::code), for staff building a form. $at says where.

forms-schema-bad-id = { $at } : l’identifiant « { $id } » doit comporter de 1 à 64 caractères parmi a-z, 0-9 et _ (et - pour une option).
forms-schema-duplicate-id = { $at } : l’identifiant « { $id } » est déjà utilisé dans ce formulaire.
forms-schema-empty-form = Le formulaire ne contient aucun champ.
forms-schema-nested-group = { $at } : un bloc répétable ne peut pas contenir un autre bloc répétable.
forms-schema-empty-group = { $at } : ce bloc répétable ne contient aucun champ.
forms-schema-not-in-group = { $at } : un tableau de budget ou un champ calculé ne peut pas être placé dans un bloc répétable.
forms-schema-no-options = { $at } : ajoutez au moins une option.
forms-schema-duplicate-option = { $at } : l’option « { $id } » apparaît deux fois.
forms-schema-bad-range = { $at } : les limites ne sont pas cohérentes (minimum supérieur au maximum, maximum nul ou trop de décimales).
forms-schema-unknown-reference = { $at } : le champ « { $id } » n’existe pas dans ce formulaire.
forms-schema-forward-reference = { $at } : le champ « { $id } » doit être placé avant celui-ci pour pouvoir être utilisé ici.
forms-schema-member-reference = { $at } : le champ « { $id } » appartient à un bloc répétable et ne peut être utilisé qu’à l’intérieur de ce bloc.
forms-schema-condition-type = { $at } : la condition sur « { $id } » ne peut jamais être vraie (type de valeur, option ou code commune inconnu, comparaison impossible).
forms-schema-computed-operand = { $at } : « { $id } » n’est pas un nombre compatible avec les autres valeurs du calcul.
forms-schema-computed-arity = { $at } : un rapport prend exactement deux valeurs, une différence au moins deux, une somme au moins une.
forms-schema-computed-display = { $at } : l’affichage choisi ne correspond pas au résultat du calcul.
forms-schema-no-file-types = { $at } : indiquez au moins un type de fichier accepté.
forms-schema-budget-line = { $at } : « { $line } » n’est pas une ligne de produits de ce budget.
forms-schema-prefill = { $at } : la donnée du profil choisie pour préremplir ce champ ne convient pas à ce type de champ.
