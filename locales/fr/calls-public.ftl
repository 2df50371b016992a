# Appels à projets, côté public : la liste des appels et la page d’un appel.

public-list-title = Appels à projets
public-list-intro = Les appels à projets du territoire { $territory } : déposez votre dossier en ligne avant la date limite.
public-open-title = Appels ouverts
public-open-none = Aucun appel n’est ouvert en ce moment.
public-upcoming-title = Appels à venir
public-upcoming-none = Aucun appel annoncé pour l’instant.
public-closed-title = Appels clôturés
public-closed-none = Aucun appel clôturé.
public-back-to-list = Tous les appels à projets

public-deadline-title = Date limite
public-deadline-on = Date limite : { $date }
public-opens-on = Ouverture le { $date }
public-closed-on = Clôturé le { $date }
public-left-days = { $days ->
    [one] Il reste 1 jour
   *[other] Il reste { $days } jours
}
public-left-hours = Il reste { $hours } h { $minutes } min
public-left-minutes = Il reste { $minutes } min
public-left-over = Clôturé
public-apply = Déposer un dossier

public-funds-title = Ce que l’appel finance
public-theme = Thème :
public-who-title = Qui peut candidater
public-esus-required = Les entreprises de l’ESS doivent détenir un agrément ESUS (Entreprise solidaire d’utilité sociale) valide.
public-territory-head-office = Le siège social doit être situé dans le territoire { $territory }.
public-territory-any = Pas de condition de territoire.
public-money-title = Montants
public-max-amount = Montant maximal par projet
public-envelope = Enveloppe totale de l’appel
public-no-limit = Pas de plafond
public-not-set = Non précisée
public-documents-title = Pièces à fournir
public-documents-intro = Celles que vous avez déjà déposées dans le coffre-fort de votre structure sont reprises automatiquement.
public-documents-none = Aucune pièce justificative particulière.
public-contact-title = Contact

public-banner-draft = Brouillon : cet appel n’est pas visible du public.
public-banner-archived = Archivé : cet appel n’est plus visible du public.
public-banner-manage = Gérer l’appel

public-datetime = { $weekday } { $day } { $month } { $year } à { $time } ({ $zone })
public-zone-other = fuseau { $zone }
public-zone-europe-paris = heure de Paris
public-zone-america-guadeloupe = heure de la Guadeloupe
public-zone-america-martinique = heure de la Martinique
public-zone-america-cayenne = heure de la Guyane
public-zone-indian-reunion = heure de La Réunion
public-zone-indian-mayotte = heure de Mayotte
public-zone-america-miquelon = heure de Saint-Pierre-et-Miquelon
public-zone-pacific-noumea = heure de Nouméa
public-zone-pacific-tahiti = heure de Tahiti
public-zone-pacific-wallis = heure de Wallis-et-Futuna
public-zone-utc = temps universel
public-weekday-1 = lundi
public-weekday-2 = mardi
public-weekday-3 = mercredi
public-weekday-4 = jeudi
public-weekday-5 = vendredi
public-weekday-6 = samedi
public-weekday-7 = dimanche
public-month-1 = janvier
public-month-2 = février
public-month-3 = mars
public-month-4 = avril
public-month-5 = mai
public-month-6 = juin
public-month-7 = juillet
public-month-8 = août
public-month-9 = septembre
public-month-10 = octobre
public-month-11 = novembre
public-month-12 = décembre
