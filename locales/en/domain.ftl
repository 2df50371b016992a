# Messages of the essor-domain crate (crates/domain): error codes and names.
# Every id is returned by a `code()` or `message_id()` method; the crate's tests check that
# each one has a message here and in the French file. No variables.

## Identifiers (IdError::code)

id-empty = This field is empty: enter the number.
id-siren-length = A SIREN number has 9 digits.
id-siren-digits = A SIREN number contains digits only (spaces are accepted).
id-siren-checksum = This SIREN number is not valid: a digit was probably mistyped.
id-siret-length = A SIRET number has 14 digits: the 9 of the SIREN, then the 5 of the NIC.
id-siret-digits = A SIRET number contains digits only (spaces are accepted).
id-siret-siren-checksum = The first 9 digits of this SIRET are not a valid SIREN number: check them.
id-siret-checksum = This SIRET number is not valid: check its digits, especially the last 5 (NIC).
id-rna-format = An RNA number starts with the letter W, followed by 9 digits or letters (for example W921001234).
id-commune-format = An INSEE commune code has 5 characters, for example 92050 for Nanterre or 2A004 for Ajaccio. It is not the postal code.
id-naf-format = A NAF (APE) code has 4 digits and a letter, for example 88.91A.
id-legal-category-format = A legal category has 4 digits, for example 9220 for a declared association.

## Amounts (MoneyError::code)

money-format = This amount cannot be read. Write it for example as 1,234.56 or 1234.
money-precision = An amount has at most two decimals (the cents). To separate thousands, use a space or a comma with a decimal point: 1 234.56 or 1,234.56.
money-range = This amount is too large.

## E-mail (EmailError::code)

email-invalid = This e-mail address is not valid. Please check it (for example firstname.lastname@example.org).

## ESUS approval status (EsusStatus::code)

esus-valid = ESUS approval valid
esus-expiring = ESUS approval expiring soon
esus-expired = ESUS approval expired

## Organisation kinds (OrgKind::message_id)

org-kind-association = Association
org-kind-cooperative = Cooperative
org-kind-mutual = Mutual
org-kind-foundation = Foundation
org-kind-ess-company = Social economy company
org-kind-commercial-company = Commercial company
org-kind-funder = Funder
org-kind-school = School
org-kind-youth-structure = Youth organisation
org-kind-public-body = Local authority or public body
