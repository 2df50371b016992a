# Messages of the forms module (crates/domain/src/forms): errors on answers and on schemas.
# Every id is returned by FieldErrorCode::code() or SchemaError::code(); the crate's tests check
# that each one has a message here and in the French file, with the same variables.
# Amounts ($charges, $income, $uses, $contributions, and $min / $max of an amount field) arrive
# as Cents and are formatted by the web layer; $min / $max of a date are dates; the $max of a
# file is a size in bytes, shown in MB.

## Answers (FieldErrorCode::code)

forms-required = This field is required.
forms-too-long = This text is longer than { $max } characters: please shorten it.
forms-integer-format = Enter a whole number, without decimals, for example 12 or 1500.
forms-number-format = This number cannot be read. Write it for example as 12.5 or 1,234.75.
forms-number-decimals = { $max ->
    [0] Enter a number without decimals.
    [one] Only one digit after the decimal point, please.
   *[other] At most { $max } digits after the decimal point, please.
}
forms-percent-format = This percentage cannot be read. Write it for example as 12.5%.
forms-too-small = The minimum is { $min }.
forms-too-large = The maximum is { $max }.
forms-date-format = This date cannot be read. Use the date picker, or write it as 2026-11-28.
forms-date-too-early = The date must be on or after { $min }.
forms-date-too-late = The date must be on or before { $max }.
forms-choice-invalid = Choose one of the options offered.
forms-choices-too-few = { $min ->
    [one] Choose at least one option.
   *[other] Choose at least { $min } options.
}
forms-choices-too-many = { $max ->
    [one] Choose one option only.
   *[other] Choose at most { $max } options.
}
forms-must-accept = This statement is needed to file the request: answer “Yes” to accept it.
forms-phone-format = This phone number is not valid. Write it for example as 06 12 34 56 78 or +33 6 12 34 56 78.
forms-url-format = This web address is not valid: it must start with https:// or http://, for example https://www.example.org.
forms-commune-outside = This commune is outside the call’s territory: choose a commune from the list.
forms-file-type = This type of file is not accepted. Accepted formats: { $accept }.
forms-file-too-large = This file is too large: the maximum size is { $max }.
forms-group-too-few = { $min ->
    [one] Add at least one item.
   *[other] Add at least { $min } items.
}
forms-group-too-many = { $max ->
    [one] Only one item is possible: remove the others.
   *[other] At most { $max } items are possible: remove some.
}
forms-budget-unbalanced = The budget does not balance: total charges ({ $charges }) must equal total income ({ $income }), voluntary contributions in kind included.
forms-budget-in-kind-unbalanced = Voluntary contributions in kind must appear on both sides for the same amount: uses (86) { $uses }, contributions (87) { $contributions }.
forms-budget-negative = A budget amount cannot be negative.
forms-budget-unknown-line = This line is not part of the budget.
forms-budget-request-missing = Enter on this line the amount requested from this call.
forms-budget-request-over-cap = The amount requested is above the call’s maximum, { $max }.
forms-budget-request-share = The amount requested cannot exceed { $max } of the project’s total income.
forms-value-invalid = This answer no longer fits the question, which has changed: please answer again.

## Schemas (SchemaError::code), for staff building a form. $at says where.

forms-schema-bad-id = { $at }: the id “{ $id }” must have 1 to 64 characters among a-z, 0-9 and _ (and - for an option).
forms-schema-duplicate-id = { $at }: the id “{ $id }” is already used in this form.
forms-schema-empty-form = The form has no field.
forms-schema-nested-group = { $at }: a repeatable block cannot contain another repeatable block.
forms-schema-empty-group = { $at }: this repeatable block has no field.
forms-schema-not-in-group = { $at }: a budget table or a computed field cannot be placed in a repeatable block.
forms-schema-no-options = { $at }: add at least one option.
forms-schema-duplicate-option = { $at }: the option “{ $id }” appears twice.
forms-schema-bad-range = { $at }: the limits are not coherent (minimum above maximum, zero maximum, or too many decimals).
forms-schema-unknown-reference = { $at }: there is no field “{ $id }” in this form.
forms-schema-forward-reference = { $at }: the field “{ $id }” must come before this one to be used here.
forms-schema-member-reference = { $at }: the field “{ $id }” belongs to a repeatable block and can only be used inside that block.
forms-schema-condition-type = { $at }: the condition on “{ $id }” can never hold (type of value, unknown option or commune code, impossible comparison).
forms-schema-computed-operand = { $at }: “{ $id }” is not a number compatible with the other values of the computation.
forms-schema-computed-arity = { $at }: a ratio takes exactly two values, a difference at least two, a sum at least one.
forms-schema-computed-display = { $at }: the chosen display does not fit the result of the computation.
forms-schema-no-file-types = { $at }: give at least one accepted file type.
forms-schema-budget-line = { $at }: “{ $line }” is not an income line of this budget.
forms-schema-prefill = { $at }: the profile value chosen to prefill this field does not fit this kind of field.
