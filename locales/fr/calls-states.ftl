# Names of a file's states, as staff read them (the applicant's pages have their own wording).
file-state-draft = Brouillon
file-state-submitted = Déposé
file-state-under_instruction = En instruction
file-state-correction_requested = Correction demandée
file-state-accepted = Accepté
file-state-refused = Refusé
file-state-closed_without_follow_up = Classé sans suite
file-state-withdrawn = Retiré par le demandeur
