## Jury — grid, reviewers, assignment, scoring

jury-nav-label = Jury of the call
jury-nav-back-to-call = Back to the call
jury-nav-overview = Jury
jury-nav-grid = Scoring grid
jury-nav-reviewers = Reviewers
jury-nav-assignment = Assignment and progress
jury-save = Save
jury-choose = — Choose —
jury-none = None
jury-you = you
jury-back-to-grid = Back to the grid
jury-back-to-dashboard = Back to my reviewer space
jury-back-to-review = Back to my review

jury-overview-title = Jury — { $call }
jury-overview-criteria = { $n ->
    [one] { $n } criterion
   *[other] { $n } criteria
}
jury-overview-active = { $n ->
    [one] { $n } active reviewer
   *[other] { $n } active reviewers
}
jury-overview-invited = { $n ->
    [one] { $n } pending invitation
   *[other] { $n } pending invitations
}
jury-overview-files = { $n ->
    [one] { $n } file for the jury
   *[other] { $n } files for the jury
}
jury-overview-reviews = { $n ->
    [one] { $n } review assigned
   *[other] { $n } reviews assigned
}
jury-overview-submitted = { $n ->
    [one] { $n } review submitted
   *[other] { $n } reviews submitted
}
jury-settings-title = Jury settings
jury-field-reviews-per-file = Reviews per file
    .hint = How many different reviewers score each file.
jury-field-default-min-load = Default minimum load
    .hint = Minimum number of files suggested for a new reviewer.
jury-field-default-max-load = Default maximum load
    .hint = Maximum number of files suggested for a new reviewer.
jury-field-hide-others = Hide the other reviewers' scores until the reviewer has submitted theirs
    .hint = Keeps the first scores from swaying the next ones.
jury-flash-settings = Jury settings saved.

jury-grid-title = Scoring grid — { $call }
jury-grid-empty = No criterion yet. Start from the Progr'ESS grid or add your criteria one by one.
jury-grid-default = Use the default Progr'ESS grid
    .hint = Five criteria scored 0 to 5 with a written anchor for each level: social impact on fragile publics, response to a fundamental daily need, innovation, feasibility and budget, local anchoring and partnerships. Everything stays editable.
jury-grid-default-not-empty = The grid already has criteria: the default grid is only added to an empty grid.
jury-grid-locked = Scoring has started: the grid is frozen so that every score keeps the same meaning.
jury-grid-scale = Scale
jury-grid-eliminates-below = A score below { $n } eliminates the file.
jury-grid-no-elimination = No elimination threshold
jury-grid-comment = Comment
jury-grid-comment-required = required
jury-grid-comment-optional = optional
jury-grid-anchors-caption = Scoring anchors: { $criterion }
jury-grid-level = Level
jury-grid-anchor = Anchor
jury-grid-edit = Edit “{ $criterion }”
jury-grid-delete = Delete “{ $criterion }”
jury-grid-add = Add a criterion
jury-field-title = Criterion title
jury-field-description = Description
    .hint = What reviewers should look at.
jury-field-weight = Weight
    .hint = Relative weight, a whole number from 1 to 100: a criterion of weight 2 counts twice as much as one of weight 1.
jury-field-scale-min = Lowest score
jury-field-scale-max = Highest score
    .hint = At most 11 levels (for instance 0 to 10).
jury-field-anchors = Written anchors, one per level
    .hint = One line per level, lowest first: as many lines as levels.
jury-field-elimination = Elimination threshold
    .hint = Optional: a score strictly below it eliminates the file.
jury-field-comment-required = Comment required on this criterion
jury-flash-grid-default = The Progr'ESS grid was added.
jury-flash-criterion-saved = Criterion saved.
jury-flash-criterion-deleted = Criterion deleted.

jury-error-required = This field is required.
jury-error-too-long = This text is too long.
jury-error-not-a-number = Enter a whole number.
jury-error-out-of-range = This number is outside the allowed range.
jury-error-scale-order = The highest score must be above the lowest.
jury-error-scale-too-long = The scale has at most 11 levels.
jury-error-anchor-count = Write exactly one anchor per level of the scale, one line each.
jury-error-elimination-range = The threshold must lie above the lowest score and at most the highest.
jury-error-min-above-max = The minimum load cannot exceed the maximum load.
jury-error-already-reviewer = This person is already on this call's jury.
jury-error-already-removed = This reviewer was already removed.
jury-error-choose-org = Choose an organisation.
jury-error-choose-file = Choose a file of the jury.
jury-error-choose-reviewer = Choose a reviewer of the jury.
jury-error-file-excluded = This file is kept away from the jury.
jury-error-no-proposal = No proposal to accept: first run a feasible proposal.
jury-error-review-started = This review has started: it can no longer be removed.
jury-error-score-missing = Choose a score for this criterion.
jury-error-comment-missing = A comment is required for this criterion.
jury-error-no-grid = The scoring grid is not ready yet: the review cannot be submitted.

jury-reviewers-title = Reviewers — { $call }
jury-reviewers-empty = No reviewer yet.
jury-reviewers-caption = Reviewers of the call, with their load and progress
jury-col-reviewer = Reviewer
jury-col-state = State
jury-col-expertise = Expertise
jury-col-loads = Load (min – max)
jury-col-progress = Progress
jury-col-conflicts = Conflicts of interest
jury-col-file = File
jury-col-reviewers = Reviewers
jury-col-reviews = Reviews
jury-col-actions = Actions
jury-col-assigned = Files assigned
jury-col-criterion = Criterion
jury-col-score = Score
jury-col-comment = Comment
jury-col-weighted = Weighted score
jury-reviewer-state-invited = invited
jury-reviewer-state-active = active
jury-reviewer-state-removed = removed
jury-progress-submitted = { $done } submitted
jury-load-out-of-bounds = (outside the load limits)
jury-field-expertise = Expertise (comma-separated keywords)
    .hint = For instance: food, housing, mobility, digital. Matched against the files' content to propose the assignment.
jury-field-min-load = Minimum load (files)
jury-field-max-load = Maximum load (files)
jury-reviewer-save = Save { $name }'s profile
jury-reviewer-remove = Remove { $name } from the jury
jury-links-title = Declared links with organisations
jury-links-none = No link recorded.
jury-field-link-org = Linked organisation (its files will be conflicts of interest)
jury-field-link-note = Nature of the link
jury-link-add = Record a link for { $name }
jury-link-delete = Delete the link with { $org }
jury-invite-title = Invite a reviewer
jury-invite-intro = The person receives a link by e-mail, signs in or creates an account with that address, accepts, and joins this call's jury.
jury-field-email = E-mail address
jury-field-name = Full name
jury-invite-submit = Send the invitation
jury-flash-invited = Invitation sent.
jury-flash-reviewer-saved = Reviewer profile saved.
jury-flash-reviewer-removed = Reviewer removed; their reviews not yet started were deleted.
jury-flash-link-saved = Link recorded.
jury-flash-link-deleted = Link deleted.

jury-conflict = Conflict of interest
jury-conflict-member = member of the applicant organisation
jury-conflict-link = declared link with the organisation
jury-conflict-declared = declared by the reviewer

jury-invitation-title = Invitation to join a jury
jury-invitation-body = You are invited to review the files of the call “{ $call }”.
jury-invitation-sign-in = Sign in with the account of { $email }, or create an account with that address, then come back to this link.
jury-invitation-wrong-account = This invitation is for { $email }: sign in with that account to accept it.
jury-invitation-accept = Accept and join the jury
jury-invitation-invalid-title = Invitation not found
jury-invitation-invalid-body = This invitation link is unknown, already used or expired. Ask the instructing department for a new invitation.
jury-flash-welcome = Welcome to the jury: the files you review appear here.

jury-assignment-title = Assignment and progress — { $call }
jury-propose-title = Propose an assignment
jury-propose-intro = Each file gets { $n } reviews by different reviewers, each reviewer stays within their load, no conflict of interest is assigned. Affinity combines the reviewers' expertise and stated interest.
jury-field-objective = Objective
jury-objective-total = Maximum total affinity (exact optimum)
    .hint = The best possible assignment overall, proven optimal, minimum loads included.
jury-objective-fair = Fair
    .hint = First raises the worst-served file, then maximises the total.
jury-propose = Propose
jury-proposal-title = Proposal
jury-proposal-infeasible = These settings allow no assignment.
jury-proposal-status = Status
jury-proposal-objective = Total affinity
    .hint = Sum of the affinities of the assigned pairs (expertise 0 to 1, plus 0.5 or 1 for stated interest).
jury-proposal-caption = Proposed assignment, by file
jury-status-optimal = optimal (proven)
jury-status-feasible = valid (optimality not proven)
jury-status-infeasible = impossible
jury-accept-proposal = Accept the proposal
    .hint = Reviews not started and absent from the proposal are removed; reviews already started are kept.
jury-current-title = Current assignment and progress
jury-current-caption = Files for the jury, their reviews and conflicts
jury-no-files = No file under instruction for this call.
jury-excluded = kept away from the jury
jury-file-short = Not enough reviews
jury-review-state-draft = to do
jury-review-state-submitted = submitted
jury-remove-review = Remove { $name }
jury-add-reviewer-to = Add a reviewer to file { $file }
jury-add-reviewer = Add
jury-exclude = Keep { $file } away from the jury
jury-include = Give { $file } back to the jury
jury-loads-title = Reviewers' loads
jury-loads-caption = Files assigned to each reviewer
jury-added = { $name } now reviews file { $file }.
jury-removed = Review removed.
jury-warning-duplicate = { $name } already reviews file { $file }.
jury-warning-conflict = { $name } cannot review file { $file }: conflict of interest ({ $why }).
jury-warning-load-above = Warning: { $name } now has { $load } files, above their maximum load ({ $max }).
jury-warning-load-below = Warning: { $name } now has only { $load } files, below their minimum load ({ $min }).
jury-warning-file-above = Warning: file { $file } now has { $n } reviews for { $want } planned.
jury-infeasible-no-files = No file goes to the jury: move files to instruction or give back those kept away.
jury-infeasible-too-few-reviewers = There are { $reviewers } reviewer(s) for { $per_file } reviews per file: invite more reviewers or lower the reviews per file.
jury-infeasible-capacity = The reviewers' maximum loads add up to { $max } reviews but { $demand } are needed: raise some maximum loads or invite more reviewers.
jury-infeasible-min-loads = The reviewers' minimum loads add up to { $min } reviews but there are only { $demand } to do: lower some minimum loads.
jury-flash-proposal = Proposal computed: check it, then accept it.
jury-flash-proposal-infeasible = No assignment is possible with these settings: the reason is given.
jury-flash-assignment-accepted = Assignment saved: reviewers see their files.
jury-flash-excluded = File kept away from the jury.
jury-flash-included = File given back to the jury.

jury-dashboard-title = My reviewer space
jury-dashboard-empty = You are on no jury yet.
jury-dashboard-no-reviews = No file is assigned to you yet.
jury-progress-of = Progress of my reviews for { $call }
jury-my-reviews-caption = My files to review — { $call }
jury-interest-link = State my interest in files and declare a conflict of interest
jury-interest-title = Files of the call — { $call }
jury-interest-intro = Only the title and a summary are shown here. Say which files you would like to review; the assignment takes it into account.
jury-interest-legend = My interest in file { $file }
jury-interest-0 = No preference
jury-interest-1 = Interested
jury-interest-2 = Very interested
jury-interest-save = Save my preferences
jury-declare-title = Declare a conflict of interest
jury-declare-intro = If you have a link with an applicant organisation, declare it: you will no longer see that file and it will not be assigned to you.
jury-declare-reason = Nature of the link with file { $file } (optional)
jury-declare-submit = Declare a conflict on { $file }
jury-flash-bids = Preferences saved.
jury-flash-conflict = Conflict of interest declared: this file will no longer be shown to you.

jury-review-title = Review of file { $file }
jury-weighted-score = Weighted score: { $score }
jury-others-link = See the other reviewers' scores
jury-others-hidden = The other reviewers' scores will be visible once you have submitted your review.
jury-your-scores = Your scores
jury-eliminating = (eliminating)
jury-submitted-read-only = Review submitted: it can no longer be changed.
jury-weight-is = Weight: { $weight }.
jury-field-comment-on = Comment on “{ $criterion }”
jury-field-general-comment = Overall assessment
jury-save-draft = Save draft
jury-submit-review = Submit my review
    .hint = Once submitted, the review can no longer be changed. Every score and every required comment is needed.
jury-file-content = The file
jury-file-empty = This file has no answer readable here.
jury-flash-draft = Draft saved.
jury-flash-submitted = Review submitted. Thank you!
jury-flash-already-submitted = This review is already submitted.
jury-others-title = Reviewers' scores — { $file }
jury-others-none = No review submitted yet.
jury-others-caption = Scores submitted on file { $file }
jury-comments-of = Comments by { $name }

email-jury-invitation-subject = Invitation to join a jury · { $territory }
email-jury-invitation-intro = The instructing department invites you to review files of a call for projects on Essor, the ESS platform of { $territory }.
email-jury-invitation-action = See the invitation
email-jury-invitation-outro = To accept, sign in with an account at this e-mail address; if you have none, create it with this very address. The invitation is valid for 21 days. If you did not expect this message, ignore it.
jury-budget-total-charges = Total charges
jury-budget-total-income = Total income
jury-budget-requested = Amount requested
