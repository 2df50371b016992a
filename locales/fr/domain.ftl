# Messages of the essor-domain crate (crates/domain): error codes and names.
# Every id is returned by a `code()` or `message_id()` method; the crate's tests check that
# each one has a message here and in the English file. No variables.

## Identifiers (IdError::code)

id-empty = Ce champ est vide : saisissez le numéro.
id-siren-length = Le numéro SIREN doit comporter 9 chiffres.
id-siren-digits = Le numéro SIREN ne doit contenir que des chiffres (les espaces sont acceptés).
id-siren-checksum = Ce numéro SIREN n’est pas valide : un chiffre a sans doute été mal saisi.
id-siret-length = Le numéro SIRET doit comporter 14 chiffres : les 9 du SIREN puis les 5 du NIC.
id-siret-digits = Le numéro SIRET ne doit contenir que des chiffres (les espaces sont acceptés).
id-siret-siren-checksum = Les 9 premiers chiffres de ce SIRET ne forment pas un numéro SIREN valide : vérifiez-les.
id-siret-checksum = Ce numéro SIRET n’est pas valide : vérifiez ses chiffres, en particulier les 5 derniers (NIC).
id-rna-format = Le numéro RNA commence par la lettre W, suivie de 9 chiffres ou lettres (par exemple W921001234).
id-commune-format = Le code commune INSEE comporte 5 caractères, par exemple 92050 pour Nanterre ou 2A004 pour Ajaccio. Ce n’est pas le code postal.
id-naf-format = Le code NAF (APE) comporte 4 chiffres et une lettre, par exemple 88.91A.
id-legal-category-format = La catégorie juridique comporte 4 chiffres, par exemple 9220 pour une association déclarée.

## Amounts (MoneyError::code)

money-format = Ce montant n’est pas lisible. Écrivez-le par exemple 1 234,56 ou 1234.
money-precision = Un montant a au plus deux décimales (les centimes). Pour séparer les milliers, utilisez une espace : 1 234,56.
money-range = Ce montant est trop élevé.

## E-mail (EmailError::code)

email-invalid = Cette adresse électronique n’est pas valide. Vérifiez-la (par exemple prenom.nom@exemple.fr).

## ESUS approval status (EsusStatus::code)

esus-valid = Agrément ESUS en cours de validité
esus-expiring = Agrément ESUS bientôt échu
esus-expired = Agrément ESUS expiré

## Organisation kinds (OrgKind::message_id)

org-kind-association = Association
org-kind-cooperative = Coopérative
org-kind-mutual = Mutuelle
org-kind-foundation = Fondation
org-kind-ess-company = Entreprise de l’ESS
org-kind-commercial-company = Entreprise commerciale
org-kind-funder = Financeur
org-kind-school = Établissement scolaire
org-kind-youth-structure = Structure jeunesse
org-kind-public-body = Collectivité ou organisme public
