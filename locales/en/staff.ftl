# Back-office (crates/accounts/src/staff): department staff and administrators only.

## Navigation and pagination

staff-nav = Back-office menu
staff-title = Back-office
staff-intro = Accounts, organisations, the audit log and background jobs.
staff-people-title = People
staff-orgs-title = Organisations
staff-audit-title = Audit log
staff-jobs-title = Background jobs
staff-pager = Pagination
staff-page-prev = Previous page
staff-page-next = Next page
staff-page-position = Page { $position }
staff-results = { $count ->
    [0] No results
    [one] { $count } result
   *[other] { $count } results
}
staff-search = Search
staff-filter-all = All
staff-filter-submit = Filter

## Dashboard

staff-count-people = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
staff-count-orgs = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
staff-count-awaiting = { $count ->
    [0] No organisation awaiting verification
    [one] { $count } organisation awaiting verification
   *[other] { $count } organisations awaiting verification
}
staff-count-jobs-pending = { $count ->
    [0] No pending job
    [one] { $count } pending job
   *[other] { $count } pending jobs
}
staff-count-jobs-dead = { $count ->
    [0] No abandoned job
    [one] { $count } job abandoned after repeated failures
   *[other] { $count } jobs abandoned after repeated failures
}
staff-people-link = Find a person
staff-orgs-link = Find an organisation
staff-jobs-link = See the job queue
staff-audit-link = Browse the log

## Tables

staff-col-name = Name
staff-col-email = E-mail address
staff-col-roles = Roles
staff-col-status = Status
staff-col-created = Account created
staff-col-role = Role
staff-col-granted = Granted
staff-col-actions = Actions
staff-col-org = Organisation
staff-col-kind = Kind of organisation
staff-col-member-role = Role in the organisation
staff-col-siret = SIRET
staff-col-rna = RNA
staff-col-commune = Commune code
staff-col-job = Job
staff-col-attempts = Attempts
staff-col-run-at = Next run
staff-col-error = Last error

## People

staff-people-search = Name or e-mail address
    .hint = Part of it is enough; case does not matter.
staff-people-caption = Accounts, in alphabetical order
staff-people-caption-search = Accounts matching “{ $q }”
staff-no-role = No role
staff-email-verified = Address confirmed
staff-email-unverified = Address not confirmed
staff-email-state = Address confirmation
staff-account-state = Account status
staff-account-is-active = Active
staff-account-is-disabled = Disabled
staff-granted-roles = Granted roles
    .hint = Staff grant the jury member and young person roles; only administrators grant the staff and administrator roles. Other roles follow from membership of an organisation.
staff-granted-roles-caption = Roles granted to { $name }
staff-no-granted-role = No role granted directly.
staff-revoke-role = Revoke the “{ $role }” role
staff-grant-role = Role to grant
staff-grant-submit = Grant the role
staff-role-granted = The role has been granted.
staff-role-revoked = The role has been revoked.
staff-role-unchanged = Nothing changed: the person already had this role, or no longer had it.
staff-revoke-own-admin = You cannot revoke your own administrator role: ask another administrator.
staff-account-title = Account access
staff-account-self = This is your own account: another staff member can disable it if needed.
staff-account-admin-only = Only an administrator can disable or re-enable the account of a staff member or administrator.
staff-disable = Disable the account
    .hint = The person is signed out at once and cannot sign in until the account is re-enabled.
staff-enable = Re-enable the account
    .hint = This account is disabled. Once re-enabled, the person can sign in again.
staff-disable-self = You cannot disable your own account.
staff-account-disabled = The account has been disabled and its sessions ended.
staff-account-enabled = The account has been re-enabled.
staff-person-orgs = Organisations
staff-person-orgs-caption = Organisations { $name } is a member of
staff-person-no-org = Not a member of any organisation.
staff-person-history = Recent history
staff-person-history-caption = Latest audit log entries about { $name }

## Organisations

staff-orgs-search = Name, acronym, SIRET or RNA
    .hint = Part of it is enough; spaces in numbers are ignored.
staff-filter-verified = Verification
staff-orgs-caption = Organisations, in alphabetical order
staff-org-is-verified = Verified
staff-org-is-unverified = Awaiting verification
staff-org-verify = Mark “{ $name }” as verified
staff-org-unverify = Withdraw the verification of “{ $name }”
staff-org-verified = The organisation is marked as verified.
staff-org-unverified = The organisation is no longer marked as verified.

## Audit log

staff-audit-intro = Every action that changes data is recorded here. Entries are chained: any later change is detected.
staff-audit-chain-ok = { $count ->
    [0] The log is empty.
    [one] Integrity verified: the chain of { $count } entry is intact.
   *[other] Integrity verified: the chain of { $count } entries is intact.
}
staff-audit-chain-broken = Integrity compromised: the chain is broken at entry no. { $seq }.
    .hint = An entry was changed, deleted or inserted outside the application. Tell the service administrator, without changing the database.
staff-audit-type = Record type
staff-audit-caption = Log entries, newest first
staff-audit-empty = No entries.
staff-audit-newest = Newest entries
staff-audit-older = Older entries
staff-audit-seq = No.
staff-audit-at = Date
staff-audit-actor = By
staff-audit-action = Action
staff-audit-record = Record
staff-audit-summary = Details
staff-audit-system = System

audit-action-user-signup = Account created
audit-action-user-verify_email = Address confirmed
audit-action-user-login = Signed in
audit-action-user-logout = Signed out
audit-action-user-password_reset = New password (forgotten-password link)
audit-action-user-password_change = Password changed
audit-action-user-email_change = E-mail address changed
audit-action-admin-create_admin = Administrator created (console)
audit-action-admin-reset_password = New password (console)
audit-action-admin-grant_role = Role granted (console)
audit-action-staff-grant_role = Role granted
audit-action-staff-revoke_role = Role revoked
audit-action-staff-disable_user = Account disabled
audit-action-staff-enable_user = Account re-enabled
audit-action-staff-org_verify = Organisation verified
audit-action-staff-org_unverify = Organisation verification withdrawn
audit-action-staff-job_retry = Job retried
audit-action-org-create = Organisation created
audit-action-org-update = Organisation updated
audit-action-org-esus_set = ESUS approval recorded
audit-action-org-invite = Member invited
audit-action-org-invitation_revoke = Invitation cancelled
audit-action-org-invitation_accept = Invitation accepted
audit-action-org-member_role = Member’s role changed
audit-action-org-member_remove = Member removed
audit-action-org-leave = Member left
audit-action-org-document_upload = Document uploaded

## Jobs

staff-jobs-intro = E-mails and other deferred work. A failing job is retried with growing delays, then abandoned: you can then retry it once the cause is fixed.
staff-jobs-caption = Queued jobs, oldest first
staff-jobs-empty = No queued job.
staff-job-pending = Pending
staff-job-retrying = Retry scheduled
staff-job-dead = Abandoned
staff-job-retry = Retry job no. { $id }
staff-job-retried = The job is back in the queue.
staff-job-not-dead = This job is not abandoned: it is already running its course.
staff-calls-title = Calls for projects
staff-events-title = Events
staff-youth-title = Youth and companies
staff-workshops-title = Workshops
staff-imports-title = SIRENE imports
staff-files-title = Files
staff-api-tokens-title = API tokens
