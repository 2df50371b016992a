# Instruction of application files by the Département's staff (list, file, decisions, expert
# opinions, messaging). Ids prefixed with "instruction-".

## States and transitions

instruction-event-submit = Submit
instruction-event-start_instruction = Start instruction
instruction-event-request_correction = Ask the applicant for a correction
instruction-event-accept = Accept
instruction-event-refuse = Refuse
instruction-event-close_without_follow_up = Close without follow-up
instruction-event-withdraw = Withdraw
instruction-event-reopen = Reopen the instruction

## List of files

instruction-list-title = Files
instruction-filters = Filter files
instruction-filter-q = Search
    .hint = Number, project title, organisation… Accents and capitals are ignored; every word must appear in the file.
instruction-filter-call = Call for projects
instruction-filter-any-call = Every call
instruction-filter-state = State
instruction-filter-state-not-draft = All but drafts
instruction-filter-state-all = All, drafts included
instruction-filter-label = Label
instruction-filter-any-label = Every label
instruction-filter-assignee = Instructor
instruction-filter-anyone = Anyone
instruction-filter-commune = Commune
instruction-filter-any-commune = Every commune
instruction-filter-amount = Amount requested
    .hint = In euros, for example 1,500 or 1,500.50. Leave empty for no bound.
instruction-filter-min = At least
instruction-filter-max = At most
instruction-columns = Columns shown
instruction-filter-submit = Apply
instruction-filter-reset = Clear the filters
instruction-results = Results
instruction-list-count = { $count ->
    [0] No file matches.
    [one] { $count } file matches.
   *[other] { $count } files match.
}
instruction-list-caption = Files matching the filters
instruction-col-select = Selection
instruction-col-number = Number
instruction-col-title = Project
instruction-col-org = Organisation
instruction-col-call = Call for projects
instruction-col-state = State
instruction-col-amount = Amount requested
instruction-col-commune = Commune
instruction-col-submitted = Submitted on
instruction-col-updated = Updated on
instruction-col-assignee = Instructed by
instruction-col-labels = Labels
instruction-select-file = Select file { $number }
instruction-pager = Result pages
instruction-page-prev = Previous page
instruction-page-next = Next page
instruction-page-position = Page { $position }
instruction-unassigned = No one (unassigned)
instruction-choose = Choose…

## Bulk actions

instruction-bulk-title = Act on the selected files
instruction-bulk-intro = Tick files in the table, then choose an action (500 files at most). Each file is handled on its own: a refusal on one does not stop the others.
instruction-bulk-transition = Change the state
instruction-bulk-event = Next step
instruction-bulk-apply-transition = Change the state of the selected files
instruction-bulk-label = Add a label
instruction-label = Label
instruction-bulk-apply-label = Label the selected files
instruction-bulk-assign = Assign
instruction-assignee = Instructor
instruction-bulk-apply-assign = Assign the selected files
instruction-bulk-message = Write to the applicants
    .hint = The message is added to each file's thread; each applicant is told by e-mail.
instruction-bulk-apply-message = Send to the selected files
instruction-bulk-result-title = Result of the bulk action
instruction-bulk-result-action = Action: { $action }
instruction-bulk-result-caption = Result for each file
instruction-bulk-outcome = Result
instruction-bulk-done = Done
instruction-bulk-refused = Not done
instruction-bulk-succeeded = { $count ->
    [0] No file handled.
    [one] { $count } file handled.
   *[other] { $count } files handled.
}
instruction-bulk-failed = { $count ->
    [0] No refusal.
    [one] { $count } file not handled.
   *[other] { $count } files not handled.
}
instruction-bulk-moved = Moved to "{ $state }".
instruction-bulk-labelled = Label added.
instruction-bulk-already-labelled = The file already had this label.
instruction-bulk-label-other-call = This label belongs to another call for projects.
instruction-bulk-assigned = Assignment changed.
instruction-bulk-already-assigned = The file was already assigned so.
instruction-bulk-sent = Message sent.
instruction-bulk-not-found = This file does not exist.
instruction-bulk-error = A technical error prevented the action; try again for this file.
instruction-back-to-list = Back to the list of files

## A file's page

instruction-file-title = File { $number }
instruction-back-to-call = Files of the call "{ $call }"
instruction-back-to-file = Back to file { $number }
instruction-creator = Submitted by
instruction-decided-at = Decided on
instruction-not-submitted = Not submitted yet
instruction-not-answered = Not answered
instruction-yes = Yes
instruction-no = No
instruction-messages-link = { $count ->
    [0] Messages with the applicant (none)
    [one] Messages with the applicant ({ $count } message)
   *[other] Messages with the applicant ({ $count } messages)
}
instruction-decision = Next step
instruction-no-event = No step is possible for a file in this state.
instruction-next-step = What to do with this file?
instruction-reason-needed = (reason required)
instruction-reason = Reason
    .hint = Required for a refusal or a correction request. The applicant receives it as written by e-mail: write it for them.
instruction-transition-submit = Confirm the step
instruction-assignment = Assignment
instruction-assign-submit = Assign
instruction-labels = Labels
instruction-no-label = No label.
instruction-label-remove = Remove the label "{ $label }"
instruction-label-existing = Existing label
instruction-label-new = Or a new label
    .hint = It becomes available for every file of this call (60 characters at most).
instruction-label-add = Add the label
instruction-answers = The applicant's answers
instruction-answers-toc = Steps of the form
instruction-answers-empty = The file holds no answer yet.
instruction-answers-unreadable = The answers of this file cannot be shown: the form revision it was started on is missing or unreadable.
instruction-group-item = Item { $n }
instruction-budget-line = Line
instruction-budget-amount = Amount
instruction-budget-total-charges = Total charges
instruction-budget-total-income = Total income
instruction-budget-in-kind-uses = Use of voluntary contributions in kind (86)
instruction-budget-in-kind-contributions = Voluntary contributions in kind (87)
instruction-budget-grand-total-charges = Grand total of charges
instruction-budget-grand-total-income = Grand total of income
instruction-attachments = Attachments
instruction-no-attachment = No attachment.
instruction-attachments-caption = Attachments of file { $number }
instruction-attachment-name = Document
instruction-attachment-field = Question
instruction-attachment-size = Size
instruction-attachment-uploaded = Added on
instruction-attachment-status = Version
instruction-attachment-current = Current version
instruction-attachment-replaced = Replaced on { $at }
instruction-size-kb = { $n } KB
instruction-size-mb = { $n } MB
instruction-history = History
instruction-history-empty = No step taken yet.
instruction-history-caption = Steps of file { $number }
instruction-history-at = Date
instruction-history-event = Step
instruction-history-actor = By
instruction-history-from = Previous state
instruction-history-to = New state
instruction-annotations = Private annotations
    .hint = What you note about the file. Only the Département's staff read them.
instruction-annotation-new = New annotation
instruction-annotation-add = Add the annotation
instruction-comments = Internal comments
    .hint = Discussion between colleagues about the file. Neither the applicant nor experts see it.
instruction-comment-new = New comment
instruction-comment-add = Post the comment
instruction-notes-empty = Nothing yet.

## Expert opinions

instruction-experts = Expert opinions
instruction-experts-empty = No opinion asked.
instruction-expert-status = Status
instruction-expert-pending = Waiting
instruction-expert-answered = Opinion given
instruction-expert-revoked = Request withdrawn
instruction-expert-requested = Asked
instruction-expert-requested-by = by { $name }
instruction-expert-question = Question asked
instruction-expert-sees-others = May read the other experts' opinions
    .hint = Otherwise the expert sees only the file and your question.
instruction-expert-opinion = Opinion
instruction-expert-comment = Comment
    .hint = Explain your opinion: strengths, reservations, possible conditions.
instruction-expert-revoke = Withdraw the request made to { $name }
instruction-expert-new = Ask for an opinion
    .hint = The expert receives a personal link by e-mail, with no account to create, to read the file and give their opinion once. You may withdraw the request at any time.
instruction-expert-name = Expert's name
instruction-expert-lang = Language of the e-mail to the expert
instruction-error-expert-lang = Choose French or English.
instruction-expert-email = Expert's e-mail address
instruction-expert-send = Send the request
instruction-opinion-favourable = Favourable
instruction-opinion-reserved = Reserved
instruction-opinion-unfavourable = Unfavourable
instruction-expert-page-title = Opinion asked on file { $number }
instruction-expert-page-intro = { $name }, the Département's instruction service asks for your opinion on this file. You may answer once.
instruction-expert-your-opinion = Your opinion
instruction-expert-answered-once = Thank you: your opinion was sent to the instruction service. It can no longer be changed.
instruction-expert-submit = Send my opinion
instruction-expert-others = Other experts' opinions
instruction-expert-others-none = No other opinion given yet.

## Messages

instruction-messages-title = Messages of file { $number }
instruction-messages-intro = The applicant reads messages in their space and is told of each new one by e-mail.
instruction-messages-empty = No message yet.
instruction-message-from-staff = Instruction service
instruction-message-from-applicant = Applicant
instruction-message-attachment = Attachment:
instruction-message-new = Write to the applicant
instruction-message-body = Message
    .hint = The applicant reads it in their space; the e-mail telling them does not repeat the text.
instruction-message-file = Attachment (optional)
    .hint = PDF, PNG or JPEG image, office document; { $max } MB at most.
instruction-message-send = Send the message

## Errors

instruction-error-event = Choose the step to apply.
instruction-error-reason-required = Give the reason: it is required for a refusal or a correction request.
instruction-error-not-allowed = This step is not possible for a file in this state.
instruction-error-stale = Someone else just changed the file. Check its state and try again.
instruction-error-too-long = This text is too long.
instruction-error-amount = Unreadable amount: write a number of euros, for example 1,500 or 1,500.50.
instruction-error-amount-range = The maximum amount must be greater than or equal to the minimum.
instruction-error-assignee = Choose a member of the Département's staff.
instruction-error-label-missing = Choose an existing label or write a new one.
instruction-error-label-long = A label has 60 characters at most.
instruction-error-note-empty = Write the text to add.
instruction-error-message-empty = Write the message.
instruction-error-bulk-none = Select at least one file in the table.
instruction-error-bulk-too-many = Select { $max } files at most.
instruction-error-expert-name = Give the expert's name.
instruction-error-question = Write the question for the expert.
instruction-error-opinion = Choose your opinion: favourable, reserved or unfavourable.
instruction-error-comment = Explain your opinion in a few lines.

## Confirmations

instruction-flash-transition = The step was recorded.
instruction-flash-assigned = The assignment was recorded.
instruction-flash-labelled = The label was added.
instruction-flash-unlabelled = The label was removed.
instruction-flash-note = The text was added to the file.
instruction-flash-expert-sent = The request for an opinion was sent.
instruction-flash-expert-revoked = The request for an opinion was withdrawn: the link no longer works.
instruction-flash-opinion = Thank you, your opinion was sent.
instruction-flash-message = The message was sent.

## Letters and e-mails

instruction-letter-greeting = Hello { $name },
instruction-letter-object = Subject: { $subject }
instruction-letter-date = { $date }
instruction-letter-fact-call = Call for projects:
instruction-letter-fact-number = File number:
instruction-letter-fact-title = Project:
instruction-letter-fact-org = Organisation:
instruction-letter-fact-amount = Amount requested:
instruction-letter-open-file = Open your file
instruction-letter-signature = The instruction service — { $territory }
instruction-letter-contact = Contact: { $contact }
instruction-letter-correction-subject = Your file { $number } needs completing
instruction-letter-correction-body = The instruction service has examined the file you submitted to the call for projects "{ $call }". Before going on with its instruction, it asks you to complete or correct it.
instruction-letter-correction-reason = What you are asked for:
instruction-letter-correction-next = Your file can be edited again. Make the corrections asked for, then submit it again: the instruction resumes as soon as it is received.
instruction-letter-accepted-subject = Your application { $number } is accepted
instruction-letter-accepted-body = We are pleased to inform you that the application you made to the call for projects "{ $call }" has received a favourable decision.
instruction-letter-accepted-reason = Notes from the instruction service:
instruction-letter-accepted-next = You will soon receive what is needed to sign the agreement and for the grant to be paid.
instruction-letter-refused-subject = Decision on your application { $number }
instruction-letter-refused-body = We regret to inform you that the application you made to the call for projects "{ $call }" has not been selected.
instruction-letter-refused-reason = Reason for the decision:
instruction-letter-refused-next = You may ask the instruction service your questions through your file's messages. This decision may be appealed to the Département (recours gracieux) or before the competent administrative court (recours contentieux) within two months of its notification.
instruction-letter-closed-subject = Your file { $number } is closed without follow-up
instruction-letter-closed-body = We inform you that the file you submitted to the call for projects "{ $call }" has been closed without follow-up.
instruction-letter-closed-reason = Notes from the instruction service:
instruction-letter-closed-next = For any question, write to the instruction service through your file's messages.
instruction-expert-mail-subject = Opinion requested on file { $number }
instruction-expert-mail-intro = { $name }, of the instruction service, asks for your expert opinion on the following grant application.
instruction-expert-mail-question = Question asked:
instruction-expert-mail-how = The link below opens the whole file and the answer form (favourable, reserved or unfavourable opinion, with a comment). No account is needed; you may answer once.
instruction-expert-mail-private = This link is personal: do not forward it. It stops working if the instruction service withdraws its request. The file is confidential.
instruction-expert-mail-action = Read the file and give my opinion
instruction-message-mail-subject = New message about your file { $number }
instruction-message-mail-intro = The instruction service wrote to you about your file.
instruction-message-mail-private = To protect your exchanges, the message is not copied here: read it and answer from your space.
instruction-message-mail-action = Read the message
instruction-answered-mail-subject = Expert opinion received on file { $number }
instruction-answered-mail-intro = { $name } gave the opinion you asked for.
instruction-answered-mail-action = See the file
