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
observatory-import-upload-bad-type = This file is neither a CSV (starting with its header line), nor a gzip-compressed CSV, nor a ZIP archive.
observatory-import-upload-failed = The upload failed; nothing was kept. Please try again.
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

## Directory

observatory-nav = ESS observatory
observatory-nav-directory = Directory
observatory-nav-figures = Observatory
observatory-nav-open-data = Open data
observatory-directory-title = ESS directory
observatory-directory-intro = The social and solidarity economy structures established in { $territory }, from INSEE's SIRENE register.
observatory-directory-search = Search
observatory-directory-q = Name of the structure
observatory-directory-q-hint = Accents and case are ignored, e.g. "epicerie solidaire".
observatory-directory-results = { $count ->
    [0] No establishment
    [one] 1 establishment
   *[other] { $count } establishments
}
observatory-directory-empty = No establishment matches this search.
observatory-directory-caption = Results, page { $page }
observatory-directory-back = Back to the directory
observatory-pagination = Result pages
observatory-page-prev = Previous page
observatory-page-next = Next page
observatory-page-of = Page { $page }
observatory-filter-any = All
observatory-col-name = Name
observatory-col-commune = Commune
observatory-col-family = Legal family
observatory-col-sector = Sector
observatory-col-size = Headcount
observatory-col-acronym = Acronym
observatory-col-usual-name = Usual name of the establishment
observatory-col-siret = SIRET
observatory-col-rna = RNA number
observatory-col-legal-category = legal category
observatory-col-ess-flag = Registered as ESS in SIRENE
observatory-col-head-office = Head office
observatory-col-address = Address
observatory-col-created = Created on
observatory-yes = yes
observatory-no = no
observatory-on-essor = on Essor
observatory-on-essor-long = This structure has an account on Essor.
observatory-profile-link = See its page on Essor
observatory-name-withheld = Establishment under partial diffusion
observatory-name-unknown = No name given
observatory-partial-diffusion = This structure asked for partial diffusion of its data: only its commune is shown.
observatory-source-sirene = Source: INSEE's SIRENE register, Licence Ouverte 2.0.
observatory-status-active = Active
observatory-status-closed = Establishment closed or legal unit ceased
observatory-status-absent = Missing from the latest SIRENE import
observatory-size-unknown = not given

## NAF sections

observatory-naf-A = Agriculture, forestry and fishing
observatory-naf-B = Mining and quarrying
observatory-naf-C = Manufacturing
observatory-naf-D = Electricity, gas, steam
observatory-naf-E = Water, sewerage, waste
observatory-naf-F = Construction
observatory-naf-G = Wholesale and retail trade
observatory-naf-H = Transport and storage
observatory-naf-I = Accommodation and food
observatory-naf-J = Information and communication
observatory-naf-K = Financial and insurance
observatory-naf-L = Real estate
observatory-naf-M = Professional, scientific and technical
observatory-naf-N = Administrative and support services
observatory-naf-O = Public administration
observatory-naf-P = Education
observatory-naf-Q = Human health and social work
observatory-naf-R = Arts, entertainment and recreation
observatory-naf-S = Other service activities
observatory-naf-T = Households as employers
observatory-naf-U = Extraterritorial organisations

## Headcount bands

observatory-size-NN = non-employer
observatory-size-00 = 0 employees
observatory-size-01 = 1–2 employees
observatory-size-02 = 3–5 employees
observatory-size-03 = 6–9 employees
observatory-size-11 = 10–19 employees
observatory-size-12 = 20–49 employees
observatory-size-21 = 50–99 employees
observatory-size-22 = 100–199 employees
observatory-size-31 = 200–249 employees
observatory-size-32 = 250–499 employees
observatory-size-41 = 500–999 employees
observatory-size-42 = 1,000–1,999 employees
observatory-size-51 = 2,000–4,999 employees
observatory-size-52 = 5,000–9,999 employees
observatory-size-53 = 10,000+ employees

## Observatory

observatory-figures-title = ESS observatory
observatory-figures-intro = The social and solidarity economy of { $territory } in figures: active establishments from the latest SIRENE import, and the programme's figures.
observatory-figures-toc = Figures
observatory-figure-table = Data of the figure "{ $title }"
observatory-figure-download = Download the data:
observatory-figure-csv = { $title } (CSV)
observatory-figure-json = { $title } (JSON)
observatory-fig-establishments = Establishments
observatory-fig-structures = Structures (legal units)
observatory-fig-code = Code
observatory-fig-measure = Measure
observatory-fig-latest = Latest import
observatory-fig-previous = Previous import
observatory-fig-communes = Establishments by commune
observatory-fig-communes-intro = Active establishments and distinct structures, for each commune of the territory.
observatory-fig-families = Establishments by legal family
observatory-fig-families-intro = Associations, cooperatives, mutuals, foundations and other ESS companies.
observatory-fig-sectors = Establishments by sector
observatory-fig-sectors-intro = By section of the French activity nomenclature (NAF rev. 2).
observatory-fig-sizes = Establishments by headcount band
observatory-fig-sizes-intro = From the headcount band declared in SIRENE.
observatory-fig-change = Change between the two latest imports
observatory-fig-change-intro = Counts of imports { $ids } (newest first).
observatory-fig-change-none = Two finished imports are needed to compare; missing counts are zero.
observatory-fig-calls = Calls for projects by commune
observatory-fig-calls-intro = Files submitted, laureates (accepted files) and amounts awarded, by the structure's commune.
observatory-fig-files = Files submitted
observatory-fig-laureates = Laureates
observatory-fig-amount = Amount awarded
observatory-fig-elsewhere = Outside the territory or unknown commune

## Open data

observatory-od-title = Open data
observatory-od-intro = The files the platform publishes, free to reuse under the
observatory-od-licence = Licence Ouverte 2.0 (Etalab)
observatory-od-caption = Downloadable datasets, with their schema and licence
observatory-od-col-dataset = Dataset
observatory-od-col-download = Download
observatory-od-col-schema = Schema
observatory-od-col-licence = Licence
observatory-od-schema-columns = Columns described in the file (header and JSON)
observatory-od-table-schema = Table Schema (JSON)
observatory-od-directory = ESS directory
observatory-od-directory-desc = Active or closed establishments of the territory's ESS structures, from SIRENE; partial diffusion respected.
observatory-od-figure = Observatory: { $title }
observatory-od-subsidies = Awarded subsidies: { $call }
observatory-od-subsidies-desc = In the SCDL "subventions" format (décret 2017-779).
