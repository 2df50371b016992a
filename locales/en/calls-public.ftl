# Calls for projects, public side: the list of calls and a call's page.

public-list-title = Calls for projects
public-list-intro = Calls for projects of the territory { $territory }: submit your file online before the deadline.
public-open-title = Open calls
public-open-none = No call is open at the moment.
public-upcoming-title = Upcoming calls
public-upcoming-none = No call announced yet.
public-closed-title = Closed calls
public-closed-none = No closed call.
public-back-to-list = All calls for projects

public-deadline-title = Deadline
public-deadline-on = Deadline: { $date }
public-opens-on = Opens on { $date }
public-closed-on = Closed on { $date }
public-left-days = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
public-left-hours = { $hours } h { $minutes } min left
public-left-minutes = { $minutes } min left
public-left-over = Closed
public-apply = Apply

public-funds-title = What the call funds
public-theme = Theme:
public-who-title = Who may apply
public-esus-required = ESS companies must hold a valid ESUS approval (solidarity company of social utility).
public-territory-head-office = The head office must be in the territory { $territory }.
public-territory-any = No territory condition.
public-money-title = Amounts
public-max-amount = Maximum amount per project
public-envelope = Total envelope of the call
public-no-limit = No ceiling
public-not-set = Not stated
public-documents-title = Documents to provide
public-documents-intro = Those already in your organisation's document vault are reused automatically.
public-documents-none = No particular supporting document.
public-contact-title = Contact

public-banner-draft = Draft: this call is not visible to the public.
public-banner-archived = Archived: this call is no longer visible to the public.
public-banner-manage = Manage the call

public-datetime = { $weekday } { $day } { $month } { $year } at { $time } ({ $zone })
public-zone-other = { $zone } time
public-zone-europe-paris = Paris time
public-zone-america-guadeloupe = Guadeloupe time
public-zone-america-martinique = Martinique time
public-zone-america-cayenne = French Guiana time
public-zone-indian-reunion = Réunion time
public-zone-indian-mayotte = Mayotte time
public-zone-america-miquelon = Saint Pierre and Miquelon time
public-zone-pacific-noumea = Nouméa time
public-zone-pacific-tahiti = Tahiti time
public-zone-pacific-wallis = Wallis and Futuna time
public-zone-utc = UTC
public-weekday-1 = Monday
public-weekday-2 = Tuesday
public-weekday-3 = Wednesday
public-weekday-4 = Thursday
public-weekday-5 = Friday
public-weekday-6 = Saturday
public-weekday-7 = Sunday
public-month-1 = January
public-month-2 = February
public-month-3 = March
public-month-4 = April
public-month-5 = May
public-month-6 = June
public-month-7 = July
public-month-8 = August
public-month-9 = September
public-month-10 = October
public-month-11 = November
public-month-12 = December
