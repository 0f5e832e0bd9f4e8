"""French copy of the home page and of the sections. ``days_ago`` dates each page's publication;
``topic`` picks the comment themes (see ``comments.py``)."""

HOME = {
    "slug": "accueil",
    "title": "Intranet Groupe Exemple",
    "intro": (
        "<p>Bienvenue sur l'intranet du Groupe Exemple. Retrouvez l'actualité, les informations "
        "RH et la vie de l'entreprise, et <b>donnez votre avis</b> : les pages ouvertes aux "
        "commentaires vous attendent.</p>"
    ),
}

HR = {
    "slug": "ressources-humaines",
    "title": "Ressources humaines",
    "intro": "<p>Formation, télétravail, protection sociale : les informations RH utiles au quotidien.</p>",
    "children": [
        {
            "slug": "plan-de-formation-2027",
            "title": "Plan de formation 2027",
            "days_ago": 96,
            "topic": "training",
            "intro": (
                "Le plan de formation 2027 met l'accent sur les compétences numériques, le "
                "management et la sécurité. Découvrez les priorités et le calendrier d'inscription."
            ),
            "body": [
                "Le plan de formation 2027 a été présenté au comité social et économique en "
                "octobre. Il représente un investissement de **2,8 millions d'euros**, soit 3,1 % "
                "de la masse salariale, et plus de 24 000 heures de formation.",
                "## Trois priorités",
                "- **Compétences numériques** : bureautique avancée, analyse de données, usage "
                "responsable de l'IA générative.\n"
                "- **Management** : parcours « Manager au quotidien » pour les nouveaux "
                "managers, ateliers feedback et conduite du changement.\n"
                "- **Santé et sécurité** : gestes et postures, sauveteurs secouristes du travail, "
                "habilitations électriques.",
                "## Comment s'inscrire ?",
                "Les souhaits de formation se discutent lors de l'entretien annuel, puis sont "
                "saisis dans le portail formation avant le 31 janvier. Votre manager valide la "
                "demande ; le service formation confirme les sessions au plus tard un mois avant.",
                "## Le compte personnel de formation",
                "Vous pouvez compléter le plan avec votre CPF. Le Groupe abonde les projets "
                "certifiants liés à votre métier ou à une mobilité interne, après accord du "
                "service formation.",
                "> Nous voulons que chacun puisse se former au moins une fois dans l'année, sur "
                "le temps de travail. | Nathalie Perrin, responsable formation",
                "## Le calendrier",
                "- Janvier : entretiens annuels et recueil des besoins.\n"
                "- Février : validation des demandes par les managers.\n"
                "- Mars à novembre : sessions, en présentiel et à distance.\n"
                "- Décembre : bilan et évaluation à froid.",
                "Une question ? Posez-la en commentaire ci-dessous : l'équipe formation y répond "
                "sous 48 heures ouvrées.",
            ],
        },
        {
            "slug": "charte-teletravail",
            "title": "Télétravail : la nouvelle charte",
            "days_ago": 64,
            "topic": "remote",
            "intro": (
                "Jusqu'à deux jours par semaine, un forfait équipement revalorisé et un droit à la "
                "déconnexion réaffirmé : ce qui change au 1er janvier."
            ),
            "body": [
                "La nouvelle charte du télétravail a été signée avec les organisations "
                "syndicales. Elle s'applique à tous les postes compatibles à partir du 1er janvier.",
                "## Ce qui change",
                "- Jusqu'à **deux jours** de télétravail par semaine, fixes ou flottants.\n"
                "- Un forfait équipement de 300 € tous les trois ans.\n"
                "- Une indemnité de 2,50 € par jour télétravaillé.\n"
                "- Des plages de déconnexion : pas de mail ni d'appel entre 20 h et 8 h.",
                "## Comment en bénéficier ?",
                "Faites votre demande dans le portail RH. Votre manager y répond sous quinze jours ; "
                "un refus doit être motivé. Un avenant à votre contrat n'est pas nécessaire.",
                "Les commentaires de cette page sont relus par l'équipe RH avant publication.",
            ],
        },
        {
            "slug": "mutuelle-et-prevoyance",
            "title": "Mutuelle et prévoyance",
            "days_ago": 140,
            "topic": None,
            "intro": "Vos garanties santé et prévoyance, les cotisations et les démarches.",
            "body": [
                "Tous les salariés bénéficient de la complémentaire santé du Groupe, prise en "
                "charge à 60 % par l'employeur. Les conjoints et enfants peuvent être couverts.",
                "## Les démarches",
                "- Affiliation : automatique à l'embauche.\n"
                "- Ajout d'un ayant droit : formulaire en ligne sur l'espace adhérent.\n"
                "- Remboursements : sous 48 heures par télétransmission.",
                "Pour toute question, contactez le service paie ou l'assureur au numéro figurant "
                "sur votre carte de tiers payant.",
            ],
        },
    ],
}

LIFE = {
    "slug": "vie-de-l-entreprise",
    "title": "Vie de l'entreprise",
    "intro": (
        "<p>Événements, initiatives des équipes, associations : l'espace où chacun peut réagir "
        "et partager. Les commentaires sont ouverts dans toute la rubrique.</p>"
    ),
    "children": [
        {
            "slug": "retour-course-solidaire",
            "title": "Retour sur la course solidaire",
            "days_ago": 70,
            "topic": "event",
            "closed": True,
            "intro": (
                "312 coureurs et marcheurs, 9 360 € reversés à l'association Les Petits "
                "Frères des Pauvres : merci à tous !"
            ),
            "body": [
                "Sous un beau soleil de septembre, 312 collaborateurs ont parcouru les boucles de "
                "5 et 10 km autour du site de Nantes. Chaque kilomètre parcouru a été converti en "
                "don par le Groupe.",
                "> Une ambiance formidable, des équipes mélangées, et un vrai geste pour "
                "l'association. | Le comité d'organisation",
                "La discussion sur cette page est maintenant close. Rendez-vous l'an prochain !",
            ],
        },
        {
            "slug": "semaine-qualite-de-vie-au-travail",
            "title": "Semaine de la qualité de vie au travail : vos idées",
            "days_ago": 40,
            "topic": "wellbeing",
            "intro": (
                "Ateliers, conférences, sport : la semaine QVT se prépare. Proposez vos idées "
                "d'animations en commentaire."
            ),
            "body": [
                "La semaine de la qualité de vie au travail aura lieu au printemps sur tous les "
                "sites. Le programme sera construit à partir de vos propositions.",
                "## Déjà au programme",
                "- Ateliers sommeil et gestion du stress.\n"
                "- Initiation au yoga sur chaise, à midi.\n"
                "- Conférence sur l'équilibre vie professionnelle et vie personnelle.",
                "Proposez vos idées ci-dessous : les plus soutenues seront retenues.",
            ],
        },
        {
            "slug": "club-photo-expose",
            "title": "Le club photo expose au siège",
            "days_ago": 22,
            "topic": "event",
            "intro": (
                "« Nos métiers en images » : 35 photographies des ateliers, bureaux et "
                "chantiers, à découvrir dans le hall du siège jusqu'à fin décembre."
            ),
            "body": [
                "Pendant un an, les quinze membres du club photo ont suivi les équipes sur le "
                "terrain. Le résultat : une exposition qui montre la diversité de nos métiers.",
                "Le club accueille de nouveaux membres, débutants bienvenus. Réunion le premier "
                "jeudi du mois, à 12 h 30, salle Atlas.",
            ],
        },
    ],
}

COMMUNITY = {
    "slug": "communaute-data-ia",
    "title": "Communauté Data & IA",
    "group": "Communauté Data & IA",
    "intro": (
        "<p>Espace privé de la communauté Data & IA : partage de pratiques, retours "
        "d'expérience et entraide. Réservé aux membres de la communauté.</p>"
    ),
    "children": [
        {
            "slug": "ia-generative-regles-usage",
            "title": "IA générative : nos règles d'usage",
            "days_ago": 58,
            "topic": "data",
            "intro": (
                "Quels outils, pour quels usages, avec quelles données ? Le guide de la "
                "communauté, à enrichir ensemble."
            ),
            "body": [
                "Les outils d'IA générative peuvent faire gagner du temps, à condition de "
                "respecter quelques règles simples.",
                "## Les règles",
                "- Jamais de données personnelles ni confidentielles dans un outil public.\n"
                "- Toujours relire et vérifier : l'outil peut se tromper avec assurance.\n"
                "- Citer l'usage de l'IA quand un document est diffusé à l'extérieur.",
                "Partagez en commentaire vos cas d'usage et vos questions.",
            ],
        },
        {
            "slug": "atelier-python-analyse-donnees",
            "title": "Atelier Python pour l'analyse de données",
            "days_ago": 30,
            "topic": "data",
            "intro": (
                "Quatre sessions d'une heure pour passer d'Excel à Python : pandas, graphiques "
                "et automatisation de rapports."
            ),
            "body": [
                "L'atelier est animé par des membres de la communauté, un jeudi sur deux à midi. "
                "Aucun prérequis : un ordinateur portable suffit.",
                "## Programme",
                "- Session 1 : lire un fichier Excel et le nettoyer.\n"
                "- Session 2 : regrouper, filtrer, calculer.\n"
                "- Session 3 : des graphiques lisibles.\n"
                "- Session 4 : automatiser un rapport mensuel.",
            ],
        },
    ],
}
