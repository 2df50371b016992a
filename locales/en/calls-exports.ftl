# Calls for projects, exports (crates/calls/src/exports): file exports, SCDL open data,
# statistics, API tokens. Staff only, except the open-data file.

## A call's navigation

exports-call-nav = Call menu
exports-back-to-call = Back to the call
exports-nav-export = Exports
exports-nav-stats = Statistics

## File states (this room's own names)


## Columns

exports-col-number = Number
exports-col-state = State
exports-col-title = Project title
exports-col-org_name = Organisation
exports-col-siret = SIRET
exports-col-rna = RNA
exports-col-commune = Commune
exports-col-requested = Amount requested
exports-col-submitted_at = Submitted on
exports-col-decided_at = Decided on
exports-col-assignee = Staff member in charge
exports-budget-requested = amount requested
exports-budget-total_charges = total charges
exports-budget-total_income = total income
exports-yes = Yes
exports-no = No

## Export page

exports-title = Exports: { $call }
exports-files-title = Files as CSV or XLSX
exports-files-intro = Choose the columns and the states of the files to export.
exports-fixed-legend = Columns every call has
exports-fields-legend = Form fields (current revision)
exports-fields-none = This call's form has no field yet.
exports-fields-hint = A budget table gives the amount requested and its totals; a repeatable block gives its items, one per line.
exports-states-legend = File states
exports-states-hint = With no box ticked, every file but drafts.
exports-csv-hint = The CSV downloads at once, however large: UTF-8 with a byte-order mark, semicolons between values and decimal commas, for Excel in French. Text starting with =, +, - or @ gets a leading apostrophe so that no formula runs.
exports-xlsx-hint = The XLSX file is prepared in the background; it can be downloaded for { $days } days.
exports-download-csv = Download the CSV
exports-prepare-xlsx = Prepare the XLSX file
exports-zip-title = Attachments as a ZIP
exports-zip-intro = Every current attachment of the submitted files (not drafts nor withdrawn files), in one folder per file number. The archive is prepared in the background; it can be downloaded for { $days } days.
exports-prepare-zip = Prepare the ZIP archive
exports-zip-missing-intro = These attachments could not be found in storage and are missing from the archive:
exports-recent-title = Recent exports
exports-recent-empty = No export has been prepared for this call.
exports-recent-caption = The call's last 20 XLSX and ZIP exports
exports-col-requested-at = Requested on
exports-col-format = Format
exports-col-requester = Requested by
exports-col-job-state = State
exports-col-download = File
exports-download = Download
exports-format-xlsx = XLSX spreadsheet
exports-format-zip = ZIP archive of attachments
exports-job-pending = Waiting
exports-job-running = Being prepared
exports-job-done = Ready
exports-job-failed = Failed
exports-job-expired = Expired (file deleted)
exports-requested = Export requested: it will be ready shortly.

## An export's page

exports-status-title = Background export
exports-finished-at = Finished on
exports-count-xlsx = Files
exports-count-zip = Attachments
exports-status-waiting = The file is being prepared. Reload this page in a moment; it also stays in the call's list of exports.
exports-status-reload = Reload the page
exports-status-ready = The file is ready. It will be deleted { $days } days after the request.
exports-status-empty = No attachment to export: no file was produced.
exports-status-failed = Preparing the file failed. The error is on record; you may ask for a new export.
exports-status-error = Recorded error:
exports-status-expired = This file was deleted at the end of its retention period.
exports-status-back = Back to the call's exports

## Open data (SCDL subventions)

exports-od-title = Open data on awarded subsidies
exports-od-intro = Awarded subsidies (accepted files) are published in the SCDL "subventions" 2.1.1 format, as the law requires: beneficiary organisation, SIRET, RNA, purpose, amount and decision date, without any personal data. First fill in the attributing body.
exports-od-public = Public address of the file:
exports-od-download = Download the file to check it
exports-od-not-yet = The public file becomes available once the attributing body is filled in.
exports-od-name = Name of the attributing body
exports-od-name-hint = Its official name, for example "Département des Hauts-de-Seine".
exports-od-siret = SIRET of the attributing body
exports-od-siret-hint = 14 digits.
exports-od-terms = Payment terms
exports-od-terms-unique = Single payment
exports-od-terms-staggered = Staggered payments
exports-od-start = Start of the payment period
exports-od-end = End of the payment period
exports-od-period-hint = Optional for a single payment: the decision date is given instead.
exports-od-notified-eu = Aid notified to the European Commission (de minimis aid)
exports-od-aid-scheme = Aid scheme identifier
exports-od-aid-scheme-hint = Optional: the scheme's identifier in the national schema of aid schemes.
exports-od-save = Save
exports-od-saved = The open-data settings are saved.
exports-od-name-required = Enter the name of the attributing body.
exports-od-too-long = This text is too long.
exports-od-terms-invalid = Choose the payment terms.
exports-od-date-invalid = Enter a valid date.
exports-od-period-order = The end of the period must come after its start.
exports-od-period-half = Enter both the start and the end of the period, or neither.
exports-od-period-needed = Staggered payments need a payment period.

## Statistics

exports-stats-title = Statistics: { $call }
exports-stats-percent = { $value }%
exports-stats-days = { $days } d
exports-funnel-title = Funnel of files
exports-funnel-intro = Each stage counts the files that reached it at least once, even if they have left it since (a file withdrawn after submission counts as submitted).
exports-funnel-caption = Files by stage reached
exports-funnel-started = Started (drafts included)
exports-funnel-submitted = Submitted
exports-funnel-instructed = Taken into instruction
exports-funnel-decided = Decided (accepted, refused or closed without follow-up)
exports-funnel-accepted = Accepted
exports-stats-stage = Stage
exports-stats-files = Files
exports-stats-of-previous = Share of the previous stage
exports-stats-of-started = Share of started files
exports-states-title = Files by current state
exports-states-caption = Files by current state (total: { $count })
exports-amounts-title = Amounts requested and envelope
exports-envelope = The call's envelope: { $amount }.
exports-envelope-none = This call has no budget envelope.
exports-amounts-caption = Amounts requested against the envelope
exports-stats-amount-kind = Files counted
exports-stats-amount = Amount requested
exports-stats-of-envelope = Share of the envelope
exports-amount-in-play = Files still in play (submitted, under instruction, in correction, accepted)
exports-amount-accepted = Accepted files
exports-times-title = Processing times
exports-times-intro = Computed from every decided file, without sampling:
exports-times-total-def = total time: from the first submission to the last decision, everything included;
exports-times-active-def = time with the department: the same, minus the time spent waiting for the applicant's corrections and the time spent decided before a reopening;
exports-times-stats-def = the median is the middle value (the mean of the two middle values for an even number of files); the 90th percentile is the time that 90% of files do not exceed (nearest rank).
exports-times-caption = Processing times in days
exports-stats-measure = Measure
exports-stats-decided-files = Decided files counted
exports-stats-median = Median
exports-stats-p90 = 90th percentile
exports-time-total = Total time
exports-time-active = Time with the department
exports-communes-title = Files by commune
exports-communes-intro = Submitted files (not drafts nor withdrawn files), by the project's commune.
exports-communes-empty = No submitted file.
exports-communes-caption = Submitted files and amounts requested by commune
exports-stats-code = INSEE code
exports-commune-outside = Outside the territory
exports-commune-none = Commune not given

## API tokens

exports-tokens-title = API tokens
exports-tokens-intro = A token lets a tool read the calls and submitted files through the read-only API, with your staff rights. It stops working as soon as it is revoked or you are no longer staff.
exports-tokens-doc = API documentation (OpenAPI)
exports-token-created = Token created.
exports-token-value = Your token
exports-token-once = Copy it now: it will never be shown again. Send it in the "Authorization: Bearer …" header.
exports-token-new = New token
exports-token-name = Token name
exports-token-name-hint = To recognise it, for example the tool that uses it.
exports-token-create = Create the token
exports-tokens-yours = Your tokens
exports-tokens-empty = You have no token.
exports-tokens-caption = Your API tokens
exports-token-created-at = Created on
exports-token-last-used = Last used
exports-token-status = State
exports-token-actions = Action
exports-token-never = Never
exports-token-live = Active
exports-token-revoked-at = Revoked on { $at }
exports-token-revoke = Revoke the token "{ $name }"
exports-token-revoked = The token is revoked.
exports-token-name-required = Give the token a name.
exports-token-name-long = This name is too long (100 characters at most).
