# Routing of a call's files (assignment and labelling rules).
routing-title = File routing
routing-link = File routing
routing-back = Back to the call “{ $title }”
routing-intro = On each submission, Essor applies these rules in order: every rule whose condition holds puts its label on the file, and the first rule naming a staff member gives them the file unless it is already assigned. Conditions are written like those of eligibility and field display.
routing-rules-title = Rules
routing-rules-caption = Routing rules, in the order they apply
routing-none = No rules yet: submitted files are neither assigned nor labelled automatically.
routing-col-order = Order
routing-col-name = Rule
routing-col-condition = When
routing-col-actions = Then
routing-col-delete = Delete
routing-delete = Delete the rule “{ $name }”
routing-action-assign = Assign the file to { $name }
routing-action-label = Put the label “{ $label }”
routing-former-staff = a former staff member
routing-condition-unreadable = Unreadable condition: this rule no longer applies.
routing-apply = Apply the rules to files already received
    .hint = For submitted files and files under instruction. A file already assigned stays so; labels are added.
routing-applied = { $count ->
    [0] No received file meets the rules’ conditions.
    [one] The rules were applied: 1 file met at least one condition.
   *[other] The rules were applied: { $count } files met at least one condition.
}
routing-add-title = Add a rule
routing-no-form = This call has no form yet: rules are written on its fields.
routing-field-name = Rule name
    .hint = For instance “Projects in Nanterre” or “Requests above €10,000”.
routing-when = When the file meets this condition
routing-field-json = Or the condition as JSON
    .hint = For a condition the builder cannot write (nested groups, negations). Used with the “Save with the JSON condition” button.
routing-then = Then
routing-field-assignee = Assign the file to
routing-no-assignee = Nobody (label only)
routing-field-label = Put the label
    .hint = Created if the call does not have it yet.
routing-save-builder = Save the rule
routing-save-json = Save with the JSON condition
routing-error-name = Give the rule a name.
routing-error-name-long = The rule name is limited to 120 characters.
routing-error-action = Choose a staff member, a label, or both.
routing-error-condition = Write the rule’s condition.
routing-flash-added = The rule was added. It will apply to the next submissions.
routing-flash-deleted = The rule was deleted.
