# Names of a file's states, as staff read them (the applicant's pages have their own wording).
file-state-draft = Draft
file-state-submitted = Submitted
file-state-under_instruction = Under instruction
file-state-correction_requested = Correction requested
file-state-accepted = Accepted
file-state-refused = Refused
file-state-closed_without_follow_up = Closed without follow-up
file-state-withdrawn = Withdrawn by the applicant
