# Observatory (crates/observatory): SIRENE import, directory, observatory, open data.

## SIRENE import (staff)

observatory-imports-title = SIRENE imports
observatory-imports-intro = The import reads INSEE's stock files (legal units, then establishments), keeps the territory's establishments whose legal unit belongs to the ESS and updates the directory: new ones added, changed ones updated, closed ones marked, nothing duplicated.
observatory-import-folder-title = From the server's import folder
observatory-import-folder-intro = Files placed in { $folder } (CSV, gzip or ZIP).
observatory-import-folder-empty = No file in the import folder.
observatory-import-units = Legal units file (StockUniteLegale)
observatory-import-establishments = Establishments file (StockEtablissement)
observatory-import-start = Start the import
observatory-import-upload-title = By uploading the files
observatory-import-upload-hint = CSV, gzip-compressed CSV or ZIP archive, 8 GB at most.
observatory-import-upload = Upload and start the import
observatory-import-choose-file = Choose a file of the import folder.
observatory-import-upload-missing = Choose a file to upload.
observatory-imports-history = Previous imports
observatory-imports-none = No import yet.
observatory-imports-caption = The last 20 imports, newest first
observatory-imports-back = Back to imports
observatory-import-title = SIRENE import #{ $id }
observatory-import-col-id = Import
observatory-import-col-created = Requested on
observatory-import-col-state = State
observatory-import-col-file = File
observatory-import-col-line = Line
observatory-import-col-reason = Reason
observatory-import-finished = Finished on
observatory-import-progress = Progress
observatory-import-reload = Refresh the page
observatory-import-counts = Result of the import
observatory-import-examples = Examples of malformed lines
observatory-import-units-read = Legal units read
observatory-import-units-kept = ESS legal units kept
observatory-import-lines-read = Establishment lines read
observatory-import-kept = Establishments kept
observatory-import-added = Added
observatory-import-updated = Updated
observatory-import-closed = Closed
observatory-import-unchanged = Unchanged
observatory-import-absent = Missing from the files
observatory-import-malformed = Malformed lines
observatory-import-state-queued = Queued
observatory-import-state-starting = Starting
observatory-import-state-running = Running
observatory-import-state-done = Done
observatory-import-state-failed = Failed
observatory-import-phase-queued = waiting for a worker
observatory-import-phase-units = reading the legal units
observatory-import-phase-establishments = reading the establishments
observatory-import-phase-closing = marking the missing ones
observatory-import-phase-done = finished
observatory-import-phase-failed = stopped

## Legal families

observatory-family-association = Association
observatory-family-cooperative = Cooperative
observatory-family-mutual = Mutual
observatory-family-foundation = Foundation
observatory-family-ess-company = ESS company
