# Layout
skip-links = Accès rapide
skip-to-content = Aller au contenu
skip-to-menu = Aller au menu
nav-main = Menu principal
nav-calls = Appels à projets
nav-events = Événements
nav-youth = Jeunes et entreprises
nav-jury = Mes évaluations
nav-workshops = Ateliers
nav-laureates = Lauréats
nav-directory = Annuaire
nav-observatory = Observatoire
nav-open-data = Données ouvertes
nav-files = Mes dossiers
nav-home = Accueil
nav-orgs = Mes structures
nav-staff = Back-office
nav-account = Mon compte
nav-login = Se connecter
nav-signup = Créer un compte
nav-logout = Se déconnecter
lang-switch = English
footer-programme = Essor, la plateforme de l’économie sociale et solidaire du territoire { $territory }.
footer-accessibility = Accessibilité : partiellement conforme
footer-legal = Mentions légales
footer-privacy = Données personnelles
back-home = Retour à l’accueil

# Forms
form-errors-title = Le formulaire contient des erreurs
form-required = (obligatoire)
form-save = Enregistrer
form-cancel = Annuler
field-required = Ce champ est obligatoire.
upload-too-large = Le fichier dépasse la taille maximale autorisée.
upload-empty = Le fichier est vide.
upload-bad-type = Ce type de fichier n’est pas accepté (PDF, PNG, JPEG, ODT, DOCX, ODS, XLSX).
upload-failed = L’envoi du fichier a échoué ; le document existant n’a pas été modifié. Veuillez réessayer.

# Errors
error-not-found = Page introuvable
    .detail = La page demandée n’existe pas ou vous n’y avez pas accès.
error-forbidden = Accès refusé
    .detail = Vous n’avez pas les droits nécessaires pour cette page ou cette action.
error-bad-request = Demande invalide
    .detail = La demande n’a pas pu être comprise. Revenez en arrière et réessayez.
error-too-many = Trop de tentatives
    .detail = Par sécurité, les tentatives sont limitées. Réessayez dans quinze minutes.
error-csrf = Formulaire expiré
    .detail = Par sécurité, ce formulaire n’est plus valable. Rechargez la page et envoyez-le à nouveau.
error-internal = Erreur du serveur
    .detail = Une erreur inattendue s’est produite. Elle a été enregistrée ; réessayez dans un instant.

# Home
home-title = Accueil
home-heading = L’économie sociale et solidaire en { $territory }
home-lead = Appels à projets, rencontres avec les financeurs, passerelles entre les jeunes et les entreprises, ateliers et observatoire : tout le programme du territoire au même endroit.
home-cta-signup = Créer un compte
home-axes-title = Les quatre axes du programme
axis-observe = Observer et échanger
    .text = Un observatoire de l’ESS du territoire construit à partir des données ouvertes SIRENE, un annuaire des structures et des données ouvertes.
axis-train = Former et accompagner
    .text = Des ateliers et formations pour les porteurs de projets, et une passerelle entre les jeunes de 14 à 25 ans et les entreprises.
axis-support = Soutenir
    .text = Des appels à projets comme Progr’ESS et des matinées de financement à impact avec les financeurs.
axis-showcase = Valoriser
    .text = Une vitrine publique des projets lauréats et de leurs résultats.

# Accessibility statement
a11y-title = Déclaration d’accessibilité
a11y-status = État de conformité
    .text = Essor est partiellement conforme au référentiel général d’amélioration de l’accessibilité (RGAA 4.1). Chaque page est vérifiée automatiquement (axe-core, règles WCAG 2.1 A et AA) ; l’audit complet des 106 critères reste à conduire.
a11y-results = Résultats des tests
    .text = Les parcours d’inscription, de connexion et de gestion des structures ne présentent aucune non-conformité détectée par les tests automatisés.
a11y-exceptions = Contenus non accessibles
    .text = Les documents déposés par les utilisateurs (PDF) peuvent ne pas être accessibles.
a11y-contact = Retour d’information et contact
    .text = Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez le service ESS du Département pour être orienté vers une alternative accessible.
a11y-remedy = Voies de recours
    .text = Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits.

# Legal notice
legal-title = Mentions légales
legal-publisher = Éditeur
    .text = Le service est édité par la collectivité qui l’exploite (Département), responsable de la publication.
legal-host = Hébergement
    .text = Le service est hébergé sur l’infrastructure désignée par la collectivité.
legal-licence = Logiciel libre
    .text = Essor est un logiciel libre (licence AGPL 3.0 ou ultérieure). Les données des communes proviennent du Code officiel géographique de l’INSEE, via le paquet @etalab/decoupage-administratif (licence MIT).

# Privacy
privacy-title = Données personnelles
privacy-controller = Responsable du traitement
    .text = La collectivité qui exploite Essor, dans le cadre de sa mission d’intérêt public de soutien à l’économie sociale et solidaire (RGPD, article 6-1-e). Vous pouvez joindre son délégué à la protection des données à l’adresse indiquée par la collectivité.
privacy-data = Données collectées
    .text = Pour votre compte : adresse électronique, nom affiché, mot de passe (stocké uniquement sous forme d’empreinte argon2id), langue préférée. Pour les structures : identité, identifiants SIRET et RNA, adresse, contacts, documents déposés. Un journal de sécurité enregistre les actions effectuées.
privacy-purposes = Finalités
    .text = Gérer votre accès, instruire les candidatures et demandes de subvention, organiser les événements, assurer la sécurité du service et la traçabilité des décisions.
privacy-retention = Durées de conservation
    .text = Compte : jusqu’à sa suppression, puis effacement sous trois mois. Sessions : quatorze jours. Tentatives de connexion : vingt-quatre heures. Dossiers de subvention : durée d’utilité administrative, puis archives publiques. Journal d’audit : cinq ans.
privacy-recipients = Destinataires
    .text = Les agents habilités de la collectivité, les membres de jury pour les dossiers qui leur sont confiés, et les membres de votre structure. Aucune donnée n’est vendue ni transmise à des fins commerciales.
privacy-rights = Vos droits
    .text = Vous disposez d’un droit d’accès, de rectification, d’opposition et de limitation, et d’un droit à l’effacement lorsque aucun dossier n’est en cours. Vous pouvez saisir la CNIL.
privacy-cookies = Cookies
    .text = Essor n’utilise que des cookies strictement nécessaires : la session, la protection des formulaires, la langue choisie et les messages de confirmation. Aucun cookie de mesure d’audience ni publicitaire.
