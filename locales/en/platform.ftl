# Layout
skip-links = Quick access
skip-to-content = Skip to content
skip-to-menu = Skip to menu
nav-main = Main menu
nav-calls = Calls for projects
nav-events = Events
nav-youth = Youth and companies
nav-jury = My reviews
nav-workshops = Workshops
nav-laureates = Laureates
nav-directory = Directory
nav-observatory = Observatory
nav-open-data = Open data
nav-files = My files
nav-home = Home
nav-orgs = My organisations
nav-staff = Back-office
nav-account = My account
nav-login = Sign in
nav-signup = Create an account
nav-logout = Sign out
lang-switch = Français
footer-programme = Essor, the social and solidarity economy platform of { $territory }.
footer-accessibility = Accessibility: partially compliant
footer-legal = Legal notice
footer-privacy = Personal data
back-home = Back to the home page

# Forms
form-errors-title = There is a problem with the form
form-required = (required)
form-save = Save
form-cancel = Cancel
field-required = This field is required.
upload-too-large = The file is larger than the maximum allowed size.
upload-empty = The file is empty.
upload-bad-type = This type of file is not accepted (PDF, PNG, JPEG, ODT, DOCX, ODS, XLSX).
upload-failed = The upload failed; the existing document was not changed. Please try again.

# Errors
error-not-found = Page not found
    .detail = The page you asked for does not exist or you do not have access to it.
error-forbidden = Access denied
    .detail = You do not have the rights needed for this page or action.
error-bad-request = Invalid request
    .detail = The request could not be understood. Go back and try again.
error-too-many = Too many attempts
    .detail = For security, attempts are limited. Try again in fifteen minutes.
error-csrf = Form expired
    .detail = For security, this form is no longer valid. Reload the page and send it again.
error-internal = Server error
    .detail = An unexpected error occurred. It has been logged; please try again in a moment.

# Home
home-title = Home
home-heading = The social and solidarity economy in { $territory }
home-lead = Calls for projects, meetings with funders, bridges between young people and companies, workshops and an observatory: the territory’s whole programme in one place.
home-cta-signup = Create an account
home-axes-title = The programme’s four axes
axis-observe = Observe and exchange
    .text = An observatory of the territory’s social and solidarity economy built from SIRENE open data, a directory of organisations and open data.
axis-train = Train and accompany
    .text = Workshops and training for project holders, and a bridge between 14 to 25 year-olds and companies.
axis-support = Support
    .text = Calls for projects such as Progr’ESS and impact-financing mornings with funders.
axis-showcase = Showcase
    .text = A public showcase of the laureate projects and their results.

# Accessibility statement
a11y-title = Accessibility statement
a11y-status = Compliance status
    .text = Essor is partially compliant with the French accessibility framework (RGAA 4.1). Every page is checked automatically (axe-core, WCAG 2.1 A and AA rules); the full audit of the 106 criteria is still to be carried out.
a11y-results = Test results
    .text = The sign-up, sign-in and organisation journeys show no violation detected by the automated tests.
a11y-exceptions = Non-accessible content
    .text = Documents uploaded by users (PDF) may not be accessible.
a11y-contact = Feedback and contact
    .text = If you cannot access some content or service, contact the département’s social economy team to be offered an accessible alternative.
a11y-remedy = Remedies
    .text = If you find an accessibility defect that prevents you from accessing content and did not get a satisfactory answer, you may refer the matter to the Défenseur des droits.

# Legal notice
legal-title = Legal notice
legal-publisher = Publisher
    .text = The service is published by the public body that runs it (the département), responsible for publication.
legal-host = Hosting
    .text = The service is hosted on the infrastructure chosen by the public body.
legal-licence = Free software
    .text = Essor is free software (AGPL 3.0 or later). Commune data comes from INSEE’s official geographic code, through the @etalab/decoupage-administratif package (MIT licence).

# Privacy
privacy-title = Personal data
privacy-controller = Data controller
    .text = The public body that runs Essor, as part of its public-interest mission of supporting the social and solidarity economy (GDPR article 6-1-e). Its data-protection officer can be reached at the address the body publishes.
privacy-data = Data collected
    .text = For your account: e-mail address, display name, password (stored only as an argon2id hash), preferred language. For organisations: identity, SIRET and RNA numbers, address, contacts, uploaded documents. A security log records the actions taken.
privacy-purposes = Purposes
    .text = Managing your access, processing applications and subsidy requests, organising events, keeping the service secure and decisions traceable.
privacy-retention = Retention
    .text = Account: until deleted, then erased within three months. Sessions: fourteen days. Sign-in attempts: twenty-four hours. Subsidy files: their administrative life, then public archives. Audit log: five years.
privacy-recipients = Recipients
    .text = Authorised staff of the public body, jury members for the files entrusted to them, and the members of your organisation. No data is sold or passed on for commercial purposes.
privacy-rights = Your rights
    .text = You have rights of access, rectification, objection and restriction, and a right to erasure when no file is in progress. You may complain to the CNIL.
privacy-cookies = Cookies
    .text = Essor only uses strictly necessary cookies: the session, form protection, the chosen language and confirmation messages. No audience-measurement or advertising cookies.
