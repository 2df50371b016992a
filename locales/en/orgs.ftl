# Organisations: identity, members and invitations, ESUS approval, document vault.

## My organisations

orgs-title = My organisations
orgs-intro = Tell us once about your organisation and its supporting documents: they are reused in your applications.
orgs-create = Register an organisation
orgs-empty = You are not a member of any organisation yet. Register yours, or ask one of its owners to invite you.
orgs-caption = The organisations you belong to
orgs-back = Back to my organisations
org-back = Back to { $org }
org-my-role = My role

## Identity form

org-new-title = Register an organisation
org-new-intro = You will be its owner: you can then invite other people and upload the organisation’s documents.
org-edit-title = Edit the organisation
org-edit-intro = If you change the name, the kind or the SIRET or RNA number, the department will have to verify the organisation again.
org-identity = Identity
org-head-office = Head office
org-contact = Contact
org-field-kind = Kind of organisation
org-kind-choose = Choose a kind
org-field-name = Name
org-field-acronym = Acronym
org-field-siret = SIRET number
    .hint = 14 digits, spaces allowed. Required unless an association or youth structure has only an RNA number.
org-field-siren = SIREN number
org-field-rna = RNA number
    .hint = For an association: W followed by 9 digits or letters, for example W921001234.
org-field-legal-category = Legal category
    .hint = Optional: 4 digits, for example 9220 for a declared association.
org-field-address = Head office address
    .hint = Number, street, postcode.
org-field-commune = Head office commune
    .hint = If the head office is outside the territory, choose “Other commune” and give its INSEE code below.
org-commune-choose = Choose a commune
org-commune-outside = Other commune (outside the territory)
org-field-commune-other = INSEE code of the commune, if outside the territory
    .hint = 5 characters, for example 75056 for Paris. Not the postcode.
org-field-contact-email = Contact e-mail address
    .hint = The organisation’s general address.
org-field-contact-phone = Phone
org-field-website = Website
    .hint = For example https://www.example.org
org-error-kind = Choose the kind of organisation.
org-error-too-long = This text is too long ({ $max } characters at most).
org-error-siret-required = A SIRET number is required for this kind of organisation.
org-error-id-required = Give the organisation’s RNA number or SIRET number.
org-error-siret-taken = An organisation with this SIRET number is already registered. Ask one of its owners to invite you, or contact the department.
org-error-rna-taken = An organisation with this RNA number is already registered. Ask one of its owners to invite you, or contact the department.
org-error-commune = Choose the head office’s commune from the list.
org-error-commune-unknown = This code matches no known commune. Check it (it is not the postcode).
org-error-website = This website address is not valid. It must start with https:// or http://, for example https://www.example.org
org-error-phone = This phone number is not valid (6 to 15 digits).
org-created = The organisation is registered. You are its owner.
org-updated = Your changes are saved.

## Organisation page

org-edit = Edit the organisation
org-none = Not given
org-verification = Verification
org-verified = Verified by the department
org-verified-on = Verified by the department on { $date }
org-not-verified = Not yet verified
    .detail = Not yet verified by the department.
org-staff-view = Viewing as department staff
org-members = Members
org-member-name = Name
org-member-email = E-mail address
org-member-role = Role
org-member-since = Member since
org-member-actions = Actions
org-member-you = (you)
org-member-promote = Make { $name } an owner
org-member-demote = Remove { $name }’s owner role
org-member-remove = Remove { $name } from the organisation
org-role-owner = Owner
org-role-member = Member
org-leave = Leave the organisation
org-last-owner = The organisation must always have at least one owner: make someone else an owner first.
org-last-owner-leave = You are the organisation’s only owner: make someone else an owner before leaving.
org-member-role-changed = The role was changed.
org-member-removed = The person was removed from the organisation.
org-left = You have left the organisation.

## Invitations

org-invitations = Pending invitations
org-invitations-none = No pending invitation.
org-invitation-expires = Valid until
org-invitation-revoke = Cancel the invitation of { $email }
org-invitation-revoked = The invitation was cancelled.
org-invite-title = Invite someone
org-invite-email = The person’s e-mail address
    .hint = They will receive a link valid for { $days } days. They must sign in with an account at this address, or create one.
org-invite-submit = Send the invitation
org-invite-sent = The invitation was sent.
org-invite-already-member = This person is already a member of the organisation.
invitation-title = Invitation to join an organisation
invitation-body = You are invited to join { $org } on Essor.
invitation-sign-in = To accept, sign in with the account of { $email }. If you do not have an account yet, create one with this same address, then open the invitation link again.
invitation-wrong-account = This invitation was sent to { $email }, but you are signed in with another account. Sign out, then sign in with the account of that address (or create it).
invitation-already-member = You are already a member of this organisation.
invitation-open-org = See the organisation
invitation-accept = Accept the invitation
invitation-accepted = You have joined the organisation.
invitation-invalid-title = Invalid or expired invitation
invitation-invalid-body = This invitation was already used, was cancelled or is no longer valid. Ask the organisation’s owner to send you a new one.
email-invitation-subject = Invitation to join an organisation on Essor · { $territory }
email-invitation-intro = You are invited to join an organisation on Essor, the social economy platform of { $territory }. Open the link to see which one and accept.
email-invitation-action = See the invitation
email-invitation-outro = To accept, sign in with an account at this e-mail address; if you do not have one, create it with this same address. The invitation is valid for 14 days. If you did not expect this message, ignore it.

## ESUS approval

esus-title = ESUS approval
esus-intro = The “Entreprise solidaire d’utilité sociale” approval is granted by a decision of the préfet of the head office’s département. Its end of validity is computed from the decision date.
esus-rule-default = Validity: { $years } years.
esus-rule-young = Reduced to { $years } years for a company that was young at the decision date (see the creation date).
esus-none = No ESUS approval recorded.
esus-record = Record an ESUS approval decision
esus-replace-note = Recording a decision again (renewal or correction) replaces this one; the history is kept.
esus-valid-through = Valid through { $date }.
esus-valid-until = End of validity
esus-young = (reduced duration: the company was under { $years } years old at the decision date)
esus-field-decision-date = Decision date
    .hint = Date of the préfectoral decision, for example 15/03/2024.
esus-field-authority = Authority that granted the approval
    .hint = For example: Préfecture des Hauts-de-Seine.
esus-field-company-created = Company creation date
    .hint = Optional. Used for the { $years }-year rule: a younger company’s approval lasts less.
esus-field-proof = Proof
    .hint = The préfectoral decision, uploaded first to the organisation’s documents.
esus-proof-none = None
esus-submit = Record the approval
esus-saved = The ESUS approval is recorded.
esus-error-future = The decision date cannot be in the future.
esus-error-created-after = The creation date must come before the decision date.
esus-error-proof = Choose one of the organisation’s documents from the list.
org-error-date = This date is not valid. Write it for example 15/03/2024.

## Document vault

documents-heading = Documents
documents-title = Documents of { $org }
documents-intro = Upload the organisation’s documents here once and for all; they are reused in your applications. A new document replaces the previous one of the same kind, which stays in the history.
documents-open = See and upload documents
documents-empty = No document uploaded.
documents-current = Current documents
documents-history = Replaced documents
documents-col-kind = Kind
documents-col-file = File
documents-col-size = Size
documents-col-uploaded = Uploaded on
documents-col-validity = Valid until
documents-col-replaced = Replaced on
documents-expired = Expired
documents-no-validity = No end date
documents-unnamed = document
documents-upload-title = Upload a document
documents-upload-intro = The file is checked on arrival; if the upload fails, the existing document is left unchanged.
documents-field-kind = Kind of document
documents-kind-choose = Choose a kind
documents-field-valid-until = End of validity
    .hint = Optional, for example for a certificate.
documents-field-file = File
    .hint = PDF, PNG, JPEG, ODT, DOCX, ODS or XLSX, { $max } MB at most.
documents-upload-submit = Upload the document
documents-error-kind = Choose the kind of document.
documents-error-no-file = Choose a file to upload.
document-uploaded = The document was uploaded.
doc-kind-statutes = Statutes
doc-kind-bank-details = Bank details (RIB)
doc-kind-approved-accounts = Latest approved accounts
doc-kind-activity-report = Activity report
doc-kind-republican-contract = Signed Contrat d’engagement républicain
doc-kind-esus-decision = ESUS approval decision
doc-kind-board-list = List of board members
doc-kind-other = Other document
documents-size-kb = { $n } KB
documents-size-mb = { $n } MB
