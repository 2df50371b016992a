# Calls for projects, applicant side: eligibility, the file, submission, receipt, messages.

## Eligibility

apply-eligibility-title = Check eligibility: { $call }
apply-eligibility-intro = Before filling in the form, check that your organisation may answer this call. The check uses your organisation’s profile and, where needed, a few questions.
apply-eligibility-deadline = Deadline: { $date }.
apply-eligibility-check = Check eligibility
apply-eligibility-again = Check for another organisation
apply-eligibility-org = Organisation applying
apply-eligibility-choose-org = Choose the organisation that applies.
apply-eligibility-questions = A few questions
apply-eligibility-submit = Check
apply-eligibility-result = Result for { $org }
apply-eligibility-yes = Your organisation may apply to this call.
apply-eligibility-no = Your organisation may not apply to this call. These are the rules it does not meet.
apply-eligibility-start = Start the application
apply-eligibility-resume = Resume application { $number }
apply-eligibility-no-org = To apply, first create your organisation’s profile: it prefills all your applications.
apply-eligibility-create-org = Create my organisation’s profile
apply-back-to-call = Back to the call “{ $call }”

apply-outcome-pass = Met
apply-outcome-fail = Not met
apply-outcome-warn = To complete

apply-check-open = Call open
apply-check-open-until = Applications accepted until { $date } ({ $zone } time).
apply-check-open-not-yet = Applications are not open yet: they open on { $date }.
apply-check-open-closed = Applications closed on { $date }.
apply-check-open-not-published = This call is not open for applications.
apply-check-open-no-form = This call’s form is not published yet.
apply-check-kind = Kind of organisation
apply-check-kind-pass = { $kind }: this kind of organisation may apply.
apply-check-kind-fail = This call is open to: { $kinds }. Your organisation is registered as: { $kind }.
apply-check-esus = ESUS approval
apply-check-esus-valid = Approval valid until { $date } inclusive.
apply-check-esus-none = This call requires companies to hold a valid ESUS approval, and none is recorded for your organisation.
apply-check-esus-expired = Your ESUS approval expired on { $date }: this call requires a valid approval. Renew it with the préfecture, then record the new decision.
apply-check-esus-link = Record the ESUS approval
apply-check-territory = Head office in the territory
apply-check-territory-pass = The head office ({ $commune }) is in the territory { $territory }.
apply-check-territory-fail = Your organisation’s head office ({ $commune }) is outside the territory { $territory }.
apply-check-document-missing = Not in your document vault: you may start the application, but this document must be there before you submit.
apply-check-document-expired = The document in your vault expired on { $date }: upload a current version before submitting.
apply-check-document-present = In your vault: { $name }.
apply-check-document-valid-until = In your vault: { $name }, valid until { $date }.
apply-check-document-link = Open the document vault
apply-check-rule = Rule “{ $id }”
apply-check-rule-pass = Condition met.
apply-check-rule-later = Checked when you submit, from your answers to the form.

apply-orgfact-kind = The kind of organisation
apply-orgfact-commune = The head office’s commune
apply-orgfact-esus = The ESUS approval
apply-orgfact-siret = The recorded SIRET number
apply-orgfact-rna = The recorded RNA number
apply-orgfact-legal-category = The legal category
apply-orgfact-created-years = The company’s age (years)
apply-esus-valid = valid
apply-esus-expiring = expiring soon
apply-esus-expired = expired
apply-esus-none = no approval

apply-cond-eq = { $subject } must be: { $value } (currently: { $actual }).
apply-cond-ne = { $subject } must not be: { $value }.
apply-cond-lt = { $subject } must be less than { $value } (currently: { $actual }).
apply-cond-le = { $subject } must be at most { $value } (currently: { $actual }).
apply-cond-gt = { $subject } must be more than { $value } (currently: { $actual }).
apply-cond-ge = { $subject } must be at least { $value } (currently: { $actual }).
apply-cond-includes = { $subject } must include: { $value } (currently: { $actual }).
apply-cond-empty = { $subject } must be left empty (currently: { $actual }).
apply-cond-in-communes = { $subject } must be in: { $value } (currently: { $actual }).
apply-cond-not = The following must not hold: { $condition }
apply-cond-none = None of the conditions is met.

## The file

apply-file-number = Application { $number }
apply-back-to-file = Back to application { $number }
apply-back-to-list = My applications
apply-started = Your application is created. Your organisation’s details were filled in: please check them.
apply-state-draft = Draft — not submitted
apply-state-submitted = Submitted
apply-state-under-instruction = Under review
apply-state-correction-requested = Correction requested
apply-state-accepted = Accepted
apply-state-refused = Refused
apply-state-closed-without-follow-up = Closed without follow-up
apply-state-withdrawn = Withdrawn
apply-banner-draft = Draft — not submitted
apply-banner-draft-text = This application has not been sent to the département yet: submit it before { $date }.
apply-banner-draft-closed = This application was not sent to the département, and the deadline of { $date } has passed.
apply-banner-correction = Correction requested by the département
apply-banner-correction-reason = Reason:
apply-banner-correction-text = Correct the application, then submit it again.
apply-banner-sent = Application submitted on { $date }
apply-banner-sent-text = The département has received it. It can no longer be changed; you can write to the département through the application’s messages.
apply-banner-withdrawn = This application was withdrawn.
apply-time-left = Time left: { $left }.
apply-time-left-days = { $days ->
    [one] 1 day
   *[other] { $days } days
} and { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
apply-time-left-hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
} and { $minutes } min
apply-time-left-minutes = { $minutes } min
apply-fact-number = Application number
apply-fact-call = Call for projects
apply-fact-org = Organisation
apply-fact-siret = SIRET number
apply-fact-rna = RNA number
apply-fact-state = State
apply-fact-submitted = Submitted on
apply-fact-deadline = Deadline
apply-fact-requested = Amount requested
apply-at-zone = { $at } ({ $zone } time)

apply-toc = Steps of the application
apply-progress = { $done } of { $total } { $total ->
    [one] step
   *[other] steps
} complete
apply-page-complete = Complete
apply-page-incomplete = To complete
apply-page-errors = To correct
apply-step = Step { $n } of { $total }

apply-actions = Actions
apply-download-pdf = Download the whole application (PDF)
apply-download-receipt = Download the receipt (PDF)
apply-award-link = Grant awarded: { $amount } — the decision, the payment schedule and the laureates’ showcase
apply-messages-link = Messages with the département
apply-withdraw-link = Withdraw this application
apply-staff-view = The applicant’s view, read only: the département acts from the back-office.
apply-staff-view-link = Open the application in the back-office
apply-answers = Answers

## Filling in a step

apply-save = Save
apply-save-next = Save and continue
apply-save-finish = Save and finish
apply-previous = Previous step
apply-next = Next step
apply-saved = Your answers are saved.
apply-error-with-label = { $label }: { $message }
apply-saved-with-errors = Your answers are saved, but some must be corrected before you submit.
apply-stale = This application was changed elsewhere (in another tab or by another member) since this page was opened. Your input below has NOT been saved yet: check it, then save again. Chosen files must be attached again.
apply-read-only-refused = This application was submitted: it can no longer be changed. To report a mistake, write to the département through the application’s messages.
apply-autosave-hint = Your answers are saved automatically as you type.
apply-autosaved = Saved at { $time }
apply-autosave-conflict = This application was changed elsewhere: reload the page before going on.
apply-autosave-failed = Automatic saving failed; use the “Save” button.
apply-yes = Yes
apply-no = No
apply-choose = — Choose —
apply-not-answered = Not answered
apply-items = { $n ->
    [0] no item
    [one] 1 item
   *[other] { $n } items
}
apply-item-number = no. { $n }
apply-computed-hint = Computed automatically when you save.
apply-computed-none = Not computed yet: complete the fields it depends on.
apply-chars-max = { $max } characters at most.
apply-chars-left = { "{n}" } character(s) left
apply-chars-over = { "{n}" } character(s) too many
apply-hint-max-chars = { $max } characters at most.
apply-hint-integer = A whole number, for example 12 or 1,500.
apply-hint-decimal = A number, for example 12.5.
apply-hint-currency = In euros, for example 1,500 or 1,500.50.
apply-hint-percent = As a percentage, for example 12.5.
apply-hint-date = As dd/mm/yyyy, for example 28/11/2026.
apply-hint-phone = For example 06 12 34 56 78 or +44 20 7946 0958.
apply-hint-url = Starts with https://, for example https://www.example.org.
apply-hint-siret = 14 digits, spaces allowed.
apply-hint-rna = W followed by 9 characters, for example W921001234.
apply-hint-commune = 5-character INSEE commune code (not the postcode), for example 92050.
apply-hint-communes = INSEE commune codes separated by commas, for example 92050, 92012.

apply-group-item = { $label } — item { $n }
apply-group-add = Add an item: { $label }
apply-group-remove = Remove item { $n } ({ $label })
apply-group-empty = No item yet.
apply-group-min = At least { $min } item(s).
apply-group-max = At most { $max } item(s).
apply-group-min-max = From { $min } to { $max } item(s).

apply-attachment-types = Accepted formats: { $types }.
apply-attachment-max = Largest size: { $max }.
apply-attachment-current = Attached document:
apply-attachment-none = No document attached.
apply-attachment-remove = Remove this document
apply-attachment-upload = Attach a file from your computer
apply-attachment-replace = Replace with a file from your computer
apply-attachment-vault = Or use a document from your vault
apply-attachment-unnamed = document
apply-vault-keep = — Keep the attached document —
apply-vault-none = — None —
apply-vault-expired = This document from your vault expired on { $date }: choose another one.
apply-upload-too-large = This file is too large: the largest size is { $max }.
apply-upload-bad-type = This file’s content does not match the accepted formats ({ $types }).
apply-size-kb = { $n } KB
apply-size-mb = { $n } MB

apply-budget-hint = Amounts in euros, for example 1,500 or 1,500.50. Leave lines without an amount empty. Totals are computed again at every save.
apply-budget-charges = Charges
apply-budget-income = Income
apply-budget-in-kind = Voluntary contributions in kind
apply-budget-col-line = Line
apply-budget-col-amount = Amount
apply-budget-subtotal = Subtotal: { $amount }
apply-budget-total-charges = Total charges
apply-budget-total-income = Total income
apply-budget-total-in-kind = Total contributions in kind
apply-budget-grand-charges = Grand total of charges (contributions in kind included)
apply-budget-grand-income = Grand total of income (contributions in kind included)
apply-budget-difference = Difference (income minus charges)
apply-budget-balanced = Balanced budget
apply-budget-unbalanced = Unbalanced budget: charges must equal income
apply-budget-requested = Amount requested from this call
apply-budget-requested-line = (amount requested from this call)
apply-budget-detail = Funder(s): { $line }
apply-budget-totals-hint = Totals as computed at the last save.

## Submission

apply-submit-title = Submit the application
apply-submit-intro = Once submitted, the application can no longer be changed. You will receive a receipt by e-mail.
apply-submit-button = Submit the application
apply-resubmit-button = Submit the corrected application
apply-submit-deadline-passed = The deadline of { $date } has passed: this application can no longer be submitted.
apply-submitted = Your application is submitted. A receipt was sent to you by e-mail.
apply-submit-refused-title = Application not submitted
apply-submit-closed = Application not submitted: the deadline was { $date } ({ $zone } time). The application stays a draft.
apply-submit-not-editable = This application cannot be submitted in its current state.
apply-submit-invalid = Application not submitted: answers are missing or must be corrected. Each link leads to the question.
apply-submit-ineligible = Application not submitted: a condition of the call is not met.
apply-submit-problems = Answers to complete or correct
apply-submit-checks = Conditions not met

apply-receipt-title = Receipt
apply-receipt-title-number = Receipt — application { $number }
apply-receipt-intro = The département ({ $territory }) has received the application described below.
apply-receipt-summary = Summary of the answers
apply-receipt-note = This document certifies that the application was submitted at the date and time shown. It does not prejudge the decision.
apply-receipt-file-name = receipt
apply-pdf-title = Application { $number }
apply-pdf-draft = DRAFT — NOT SUBMITTED: this document was not sent to the département.
apply-pdf-file-name = application

## My applications

apply-list-title = My applications
apply-list-caption = Applications of my organisations, most recently changed first
apply-list-empty = No application yet. Open calls are listed on the calls for projects page.
apply-list-col-number = Application
apply-list-col-call = Call for projects
apply-list-col-org = Organisation
apply-list-col-state = State
apply-list-col-updated = Last change
apply-list-deadline = To submit before { $date }

## Withdrawal

apply-withdraw-title = Withdraw application { $number }
apply-withdraw-intro = A withdrawn application is no longer reviewed by the département and can no longer be changed or submitted.
apply-withdraw-reason = Reason (optional)
apply-withdraw-reason-hint = The reason is sent to the département.
apply-withdraw-confirm = I confirm the withdrawal of this application.
apply-withdraw-confirm-required = Tick the box to confirm the withdrawal.
apply-withdraw-button = Withdraw the application
apply-withdraw-not-allowed = This application can no longer be withdrawn in its current state.
apply-withdrawn = The application was withdrawn.

## Messages

apply-messages-title = Messages about application { $number }
apply-messages-empty = No message yet.
apply-messages-staff-author = { $name } (département)
apply-messages-from-staff = Département
apply-messages-attachment = Attachment:
apply-messages-write = Write to the département
apply-messages-body = Your message
apply-messages-attach = Attachment (optional)
apply-messages-attach-hint = PDF, image or office document.
apply-messages-send = Send the message
apply-messages-body-required = Write your message.
apply-messages-body-too-long = The message is longer than { $max } characters.
apply-message-sent = Your message was sent to the département.

## E-mails

apply-mail-open-file = See the application
apply-mail-open-staff = Open the application
apply-mail-receipt-subject = Receipt: application { $number }
apply-mail-receipt-intro = Your application { $number } to the call “{ $call }” has been received by the département ({ $territory }).
apply-mail-receipt-pdf = The receipt can be downloaded here: { $link }
apply-mail-reminder-subject = Your application { $number } is not submitted yet
apply-mail-reminder-intro = Your application { $number } to the call “{ $call }” is still a draft: it has not been sent to the département. The call closes on { $date } ({ $zone } time).
apply-mail-reminder-outro = Remember to submit it before then: afterwards it can no longer be submitted.
apply-mail-message-subject = New message about application { $number }
apply-mail-message-intro = { $org } wrote about application { $number } (call “{ $call }”):
apply-mail-withdrawn-subject = Application { $number } withdrawn
apply-mail-withdrawn-intro = { $org } withdrew its application { $number } (call “{ $call }”).
