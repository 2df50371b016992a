# Calls for projects, staff side: create and publish a call, build its form.
# Ids prefixed admin- (plus call-state-* and call-unpublish-has-files, from the lifecycle).

## A call's lifecycle (essor_domain::lifecycle::CallState::message_id)

call-state-draft = Draft
call-state-published = Published
call-state-closed = Closed
call-state-archived = Archived
call-unpublish-has-files = Files have already been started on this call: it can no longer be unpublished. Close it if needed.

## Navigation and list

admin-nav = Calls for projects (back office)
admin-nav-staff = Back office
admin-list-title = Calls for projects
admin-list-intro = Every call, whatever its state, with the number of files per state.
admin-list-empty = No call yet.
admin-list-caption = Calls for projects, latest opening first
admin-col-call = Call
admin-col-state = State
admin-col-opens = Opening
admin-col-closes = Deadline
admin-col-files = Files
admin-yes = Yes
admin-no = No
admin-none = None

## The call's form

admin-new-title = New call for projects
admin-edit-title = Edit the call
admin-form-intro = Dates and times are entered in the call's time zone; applicants see them in that same zone.
admin-section-presentation = Presentation
admin-section-dates = Dates and times
admin-section-eligibility = Who may apply
admin-section-money = Amounts
admin-section-contact = Contact
admin-field-title = Title
admin-field-slug = Public address
    .hint = Lowercase letters without accents, digits and dashes, for example progress-2027. Leave empty to derive it from the title.
    .locked = The address no longer changes once the call was published, so that shared links keep working.
admin-field-theme = Theme
    .hint = For example: Everyday life.
admin-field-summary = Summary
    .hint = Two or three sentences, shown in the list of calls.
admin-field-description = Description
    .hint = What the call funds and how to apply. Markdown formatting: **bold**, *italics*, lists with "-", headings with "##", links [text](https://…). HTML is shown as typed, never interpreted.
admin-field-zone = Time zone
    .hint = Dates and times are entered and shown in this zone ({ $zone }), daylight saving included.
admin-field-opens-date = Opening date
admin-field-opens-time = Opening time
admin-field-closes-date = Deadline date
admin-field-closes-time = Deadline time
    .hint = A file submitted at this very time is refused; one second earlier, it is accepted. For example 17:00.
admin-field-date = Date
    .hint = As 2027-01-15 or 15/01/2027.
admin-field-time = Time
    .hint = As 17:00.
admin-field-kinds = Eligible organisations
admin-field-esus = Require a valid ESUS approval from ESS companies
    .hint = ESS companies will need a valid ESUS approval when they submit.
admin-field-territory-rule = Territory
    .hint = The call's territory: { $territory }.
admin-territory-head-office = Head office in a commune of the territory
admin-territory-any = No territory condition
admin-field-rules = Extra eligibility rules (JSON)
    .hint = Optional. A list of rules, each with an id, a condition and a message shown when it is not met. Conditions may read the organisation (org) or fields of the call's form.
admin-rules-example = Example rule
admin-field-max-amount = Maximum amount per project
admin-field-envelope = Total envelope
admin-field-amount = Amount
    .hint = In euros, for example 30,000 or €30,000.00. Leave empty when there is none.
admin-field-documents = Supporting documents required
    .hint = Taken from the organisation's document vault when they are already there.
admin-field-contact-name = Contact
    .hint = The department or person to contact, for example: Social and solidarity economy department.
admin-field-contact-email = Contact e-mail address
admin-field-prefix = File number prefix
    .hint = 2 to 12 capital letters or digits, for example PRG: files will be numbered PRG-2027-00001. Leave empty to derive it from the address.

admin-error-too-long = This text is longer than { $max } characters: shorten it.
admin-error-slug = The address may only hold lowercase letters without accents, digits and single dashes, for example progress-2027.
admin-error-slug-taken = Another call already uses this address: choose another one.
admin-error-zone = Choose a time zone from the list.
admin-error-date = This date cannot be read. Write it for example 2027-01-15.
admin-error-time = This time cannot be read. Write it for example 17:00.
admin-error-time-ambiguous = This time occurs twice that day (clocks go back): choose another time, for example one hour later.
admin-error-time-skipped = This time does not exist that day (clocks go forward): choose another time, for example one hour later.
admin-error-closes-before-opens = The deadline must come after the opening.
admin-error-closes-past = The deadline has already passed: choose a date to come.
admin-error-kinds = Tick at least one kind of eligible organisation.
admin-error-territory-rule = Choose a territory rule.
admin-error-rules-json = The rules are not valid JSON: { $error }
admin-error-rules-id = Every rule needs a unique id ("{ $id }").
admin-error-amount-positive = The amount must be above zero.
admin-error-max-over-envelope = The maximum amount per project cannot exceed the total envelope.
admin-error-documents = Choose documents from the list.
admin-error-prefix = The prefix has 2 to 12 capital letters or digits, for example PRG.
admin-error-closed-deadline = A closed call's deadline does not change: reopen the call to set a new one.
admin-error-archived = An archived call can no longer be changed.

admin-flash-created = The call was created, as a draft. Build its form, then publish it.
admin-flash-updated = The call was saved.

## A call's page

admin-public-page = See the public page
admin-transitions-title = Publication
admin-publish-intro = Publishing makes the call visible to everyone. It needs a form without errors and a deadline to come.
admin-action-publish = Publish the call
admin-action-unpublish = Unpublish
admin-action-close = Close now
admin-action-reopen = Reopen the call
admin-action-archive = Archive
admin-close-hint = Closing now moves the deadline to this instant: no file can be submitted any more.
admin-unpublish-hint = Files have been started: the call can no longer be unpublished.
admin-reopen-hint = Give the new deadline, in the call's time zone ({ $zone }).
admin-archived-note = This call is archived: the public no longer sees it and it can no longer be changed.
admin-facts-title = The call
admin-files-title = Files
admin-files-count = { $count ->
    [0] No file.
    [one] One file.
   *[other] { $count } files.
}
admin-revisions-title = Versions of the form
admin-revisions-none = No form yet.
admin-revisions-caption = Versions of the form, latest first
admin-col-revision = Version
admin-col-created = Created
admin-col-published = Published
admin-revision-current = Current
admin-revision-draft = Draft
admin-history-title = History
admin-history-empty = No change of state yet.
admin-history-caption = Changes of the call's state, latest first
admin-col-at = Date
admin-col-event = Action
admin-col-change = Change
admin-col-actor = By
admin-event-publish = Publication
admin-event-unpublish = Unpublication
admin-event-close = Closing
admin-event-reopen = Reopening
admin-event-archive = Archiving

admin-error-no-form = The call has no form yet: create it before publishing.
admin-error-form-invalid = The form has errors: fix them in the editor before publishing.
admin-error-reopen-past = The new deadline must be in the future.
admin-error-transition = This action is not possible in the call's current state.
admin-error-stale = The call changed meanwhile: reload the page and try again.

admin-flash-publish = The call is published.
admin-flash-unpublish = The call is a draft again.
admin-flash-close = The call is closed.
admin-flash-reopen = The call is reopened with its new deadline.
admin-flash-archive = The call is archived.

## Form editor

admin-form-title = Application form
admin-back-to-call = Back to the call "{ $title }"
admin-back-to-form = Back to the form of "{ $title }"
admin-form-none = This call has no form yet.
admin-form-from-template = Create from the Progr'ESS template (CERFA 12156)
    .hint = The template follows the French single subsidy request form: identification prefilled from the profile, budget, project, statements and documents. You can adjust everything afterwards.
admin-form-empty = Start from an empty form
admin-form-revision-draft = Version { $revision }, a draft: changes apply to it directly.
admin-form-revision-published = Version { $revision }, published.
admin-form-current = Version used by new files: { $revision }.
admin-form-published-with-call = This form will be published with the call.
admin-form-edit-creates-revision = This version is published: the first change creates a new draft version. Files already started keep their version.
admin-new-version-title = New version { $revision } to publish
admin-new-version-intro = New files will use this version; files already started keep theirs, and their answers are kept.
admin-conflicts-title = These fields changed type: answers already given no longer fit and applicants will have to answer again.
admin-conflicts-confirm = I understand: publish anyway
admin-action-publish-version = Publish the new version
admin-action-discard-version = Discard this version
admin-problems-title = To fix before publishing
admin-preview-title = Form preview
admin-preview-intro = Version { $revision }, read only.
admin-json-title = Import or export as JSON
admin-json-intro = Copy this JSON to keep the form or reuse it in another call; paste one to replace the working version. An imported form is checked before it is saved.
admin-json-field = Form as JSON
    .hint = Field ids are the keys of the answers: keep them so that files already started keep their answers.
admin-json-import = Import this form

admin-edit = Edit
admin-up = Move up
admin-down = Move down
admin-delete = Delete
admin-condition = Condition
admin-edit-named = Edit "{ $name }"
admin-up-named = Move up "{ $name }"
admin-down-named = Move down "{ $name }"
admin-delete-named = Delete "{ $name }"
admin-condition-named = Condition for "{ $name }"
admin-fields-caption = Fields of the section "{ $section }"
admin-col-field = Field
admin-col-kind = Kind
admin-col-required = Required
admin-col-condition = Shown
admin-col-actions = Actions
admin-always-shown = Always shown
admin-shown-when = Shown when: { $condition }
admin-add-page = Add a page
admin-add-section = Add the section
admin-add-section-in = Add a section to the page "{ $page }"
admin-add-field = Add the field
admin-add-field-in = Add a field to the section "{ $section }"
admin-add-member = Add to the block
admin-member-kind = Kind of field to add to the block "{ $group }"
admin-field-kind = Kind of field
admin-field-label = Label
admin-field-title-fr = Title in French
admin-field-title-en = Title in English
admin-field-en = English
    .hint = Optional: English readers see the French when it is empty.
admin-field-intro-fr = Introduction in French
admin-field-intro-en = Introduction in English
admin-page-edit = Page "{ $title }"
admin-page-edit-title = Edit the page
admin-section-edit = Section "{ $title }"
admin-section-edit-title = Edit the section
admin-place-page = page "{ $title }"
admin-place-section = section "{ $title }"
admin-place-field = "{ $label }" ({ $path })
admin-megabytes = { $size } MB

admin-error-gone = This item is no longer in the form: it was probably changed meanwhile. Reload the page.
admin-error-form-exists = The call already has a form.
admin-error-template = Choose a template.
admin-error-kind = Choose a kind of field from the list.
admin-error-publish-with-call = The call is not published: this form will be published with it.
admin-error-nothing-to-publish = There is no new version to publish.
admin-error-nothing-to-discard = There is no draft version to discard.
admin-error-confirm-conflicts = Answers already given will no longer fit: tick the box to confirm the publication.
admin-error-json = This JSON cannot be read: { $error }
admin-error-import = The form was not imported: { $count } problem(s) to fix, listed below.

admin-flash-form-created = The form was created.
admin-flash-form-saved = The form was saved.
admin-flash-field-added = The field was added: set it up below.
admin-flash-form-published = The new version of the form is published.
admin-flash-form-discarded = The draft version was discarded.
admin-flash-form-imported = The form was imported.

## Kinds of fields

admin-kind-short-text = Short text
admin-kind-long-text = Long text
admin-kind-integer = Whole number
admin-kind-decimal = Decimal number
admin-kind-currency = Amount in euros
admin-kind-percentage = Percentage
admin-kind-date = Date
admin-kind-yes-no = Yes / no
admin-kind-single-choice = Single choice
admin-kind-multiple-choice = Multiple choice
admin-kind-email = E-mail address
admin-kind-phone = Phone
admin-kind-url = Web address
admin-kind-commune = Commune
admin-kind-siret = SIRET number
admin-kind-rna = RNA number
admin-kind-attachment = Attachment
admin-kind-group = Repeatable block
admin-kind-budget-table = Budget table (CERFA 12156)
admin-kind-computed = Computed field
admin-kind-explanation = Explanation text

## A field's settings

admin-field-edit-title = Field { $path }
admin-field-kind-is = Kind: { $kind }.
admin-field-question = Question
admin-field-label-fr = Label in French
admin-field-label-en = Label in English
admin-field-help-fr = Help in French
admin-field-help-en = Help in English
admin-field-required = Answer required
admin-field-prefill = Prefill from the organisation's profile
    .hint = Applicants need not type again what their profile already holds; they may correct it.
admin-field-settings = Settings
admin-field-text = Text shown
admin-field-text-fr = Text in French
admin-field-text-en = Text in English
admin-field-max-len = Maximum number of characters
    .hint = Leave empty for the default limit (250 for a short text, 20,000 for a long text).
admin-field-min = Minimum
admin-field-max = Maximum
admin-field-decimals = Number of decimals
admin-field-must-accept = "Yes" required
    .hint = For a sworn statement or the republican commitment contract.
admin-field-options = Options, one per line
    .hint = Format: id = Libellé | English label. The id and the English label are optional; keep the id of an existing option to keep the answers already given.
admin-field-min-choices = Minimum number of choices
admin-field-max-choices = Maximum number of choices
admin-field-communes-multiple = Several communes allowed
admin-field-accept = Accepted file types
admin-field-max-mb = Maximum size (MB)
    .hint = From 1 to { $max } MB.
admin-field-min-items = Minimum number of items
admin-field-max-items = Maximum number of items
admin-field-group = Block
    .hint = Fields of the block are added from the form editor.
admin-field-budget-project = Project budget
    .hint = Unticked: the organisation's budget. Ticked: the project's budget, with indirect charges.
admin-field-requested-line = Line of the amount requested
admin-field-op = Computation
admin-field-operands = Fields used, one id per line
    .hint = Numeric fields placed before this one: { $fields }.
admin-field-display = Result shown as
admin-field-no-settings = This kind of field has no settings.
admin-op-name-sum = Sum
admin-op-name-difference = Difference (the first minus the others)
admin-op-name-ratio = Ratio (the first divided by the second, as a percentage)
admin-display-integer = Whole number
admin-display-decimal = Decimal number
admin-display-currency = Amount in euros
admin-display-percentage = Percentage

admin-error-integer = Type a whole number, for example 12.
admin-error-number = Type a number, for example 12.5.
admin-error-percent = Type a percentage, for example 12.5.
admin-error-decimals = Type a number of decimals from 0 to 6.
admin-error-max-len = Type a number from 1 to { $max }.
admin-error-max-mb = Type a size from 1 to { $max } MB.
admin-error-options = Type at least one option.
admin-error-option-label = Every option needs a French label.
admin-error-option-duplicate = Two options have the same id.
admin-error-accept = Tick at least one file type.
admin-error-choice = Choose a value from the list.
admin-error-operand = "{ $id }" is not a field id.
admin-error-prefill = This profile value does not fit this kind of field.
admin-error-stale-field = This field was changed meanwhile: reload the page.

admin-set-max-len = at most { $max } characters
admin-set-min = minimum { $min }
admin-set-max = maximum { $max }
admin-set-decimals = { $decimals } decimal(s)
admin-set-must-accept = "Yes" required
admin-set-options = options: { $options }
admin-set-communes-multiple = several communes
admin-set-attachment = { $types }, at most { $size }
admin-set-budget-project = project budget
admin-set-budget-association = organisation budget
admin-set-requested-line = amount requested on line { $line }
admin-set-prefill = prefilled: { $source }
admin-op-sum = sum of { $operands }
admin-op-difference = difference of { $operands }
admin-op-ratio = ratio of { $operands }

admin-prefill-org-name = Name
admin-prefill-org-acronym = Acronym
admin-prefill-org-siret = SIRET
admin-prefill-org-rna = RNA number
admin-prefill-org-address = Head office address
admin-prefill-org-commune = Head office commune
admin-prefill-org-email = Contact e-mail address
admin-prefill-org-phone = Phone
admin-prefill-org-website = Website
admin-prefill-org-legal-category = Legal category

## Conditions

admin-condition-title = Display condition
admin-condition-for = Display condition of "{ $label }"
admin-condition-intro = The field is shown (and so asked) only when the condition holds. It may only read fields placed before it, or the applicant organisation.
admin-condition-current = Current condition
admin-condition-remove = Remove the condition
admin-condition-builder = Build the condition
admin-condition-complex = The current condition is too complex for this form: it is shown as JSON below. Saving this form replaces it.
admin-combinator = The field is shown when
admin-combinator-all = all the conditions below hold
admin-combinator-any = at least one of the conditions below holds
admin-condition-row = Condition { $n }
admin-condition-var = Value tested
admin-condition-var-none = (none: line ignored)
admin-condition-op = Comparison
admin-condition-value = Value
    .hint = A number, an amount, a date (2027-01-15), yes or no, an option's id or label; several values separated by commas for "is one of" and communes (INSEE or département codes, for example 92).
admin-condition-more-rows = Need more conditions? Save: new lines will appear.
admin-condition-json = Advanced mode: the condition as JSON
admin-condition-json-field = Condition as JSON
    .hint = For example {"{"}"compare": {"{"}"var": {"{"}"field": "employees"{"}"}, "op": "ge", "value": {"{"}"integer": 1{"}"}{"}"}{"}"}. Leave empty to remove the condition.
admin-condition-json-save = Save the JSON
admin-op-eq = equals
admin-op-ne = differs from
admin-op-lt = is less than
admin-op-le = is at most
admin-op-gt = is more than
admin-op-ge = is at least
admin-op-includes = includes or is one of
admin-op-empty = is empty
admin-op-not-empty = is filled in
admin-op-in-communes = is in the communes or départements
admin-error-value = This value does not fit the value tested.
admin-error-value-required = Type a value.
admin-error-var = Choose the value to test.

admin-cond-field = "{ $label }"
admin-cond-eq = { $var } equals { $value }
admin-cond-ne = { $var } differs from { $value }
admin-cond-lt = { $var } is less than { $value }
admin-cond-le = { $var } is at most { $value }
admin-cond-gt = { $var } is more than { $value }
admin-cond-ge = { $var } is at least { $value }
admin-cond-includes = { $var } includes or is one of { $value }
admin-cond-empty = { $var } is empty
admin-cond-in-communes = { $var } is in { $codes }
admin-cond-not = not ({ $condition })
admin-cond-and = and
admin-cond-or = or
admin-cond-always = always
admin-cond-never = never

admin-fact-kind = Kind of organisation
admin-fact-commune-code = Head office commune
admin-fact-esus-status = ESUS approval (valid, expiring, expired, none)
admin-fact-has-siret = Has a SIRET
admin-fact-has-rna = Has an RNA number
admin-fact-legal-category = Legal category
admin-fact-created-years = Years since creation

admin-budget-total-charges = total charges
admin-budget-total-income = total income
admin-budget-in-kind-uses = in-kind uses
admin-budget-in-kind-contributions = in-kind contributions
admin-budget-grand-total-charges = grand total of charges
admin-budget-grand-total-income = grand total of income
admin-budget-requested = amount requested
admin-link-files = Files
admin-link-jury = Jury
admin-link-stats = Statistics
admin-link-export = Exports
