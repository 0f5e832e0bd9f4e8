"""French copy of the news section ("Actualités"). ``days_ago`` dates each item from today."""

NEWS_INDEX = {
    "slug": "actualites",
    "title": "Actualités",
    "intro": "<p>Toute l'actualité du Groupe Exemple : résultats, projets, nominations et vie des sites.</p>",
}

NEWS = [
    {
        "slug": "resultats-premier-semestre",
        "title": "Résultats du premier semestre",
        "days_ago": 112,
        "intro": (
            "Le chiffre d'affaires du Groupe progresse de 6,4 % au premier semestre, porté par "
            "l'activité Services et par une très bonne dynamique à l'export."
        ),
        "body": [
            "Le Groupe Exemple a réalisé un chiffre d'affaires de **412 millions d'euros** au "
            "premier semestre, en hausse de 6,4 % par rapport à la même période de l'an dernier. "
            "La marge opérationnelle s'établit à 9,1 %, contre 8,3 % un an plus tôt.",
            "## Les faits marquants",
            "- L'activité Services dépasse pour la première fois 30 % du chiffre d'affaires.\n"
            "- L'export progresse de 11 %, notamment en Allemagne et en Espagne.\n"
            "- Les investissements industriels du site de Lyon se poursuivent comme prévu.",
            "> Ces résultats sont d'abord ceux des équipes. Nous gardons le cap sur la qualité de "
            "service et sur l'investissement dans les compétences. | Hélène Garnier, directrice générale",
            "## Et maintenant ?",
            "Le second semestre sera marqué par la mise en service de la nouvelle ligne de "
            "production et par le déploiement du programme de formation 2027. Une réunion "
            "d'information ouverte à tous aura lieu dans chaque site au cours du mois.",
        ],
    },
    {
        "slug": "nouveau-restaurant-entreprise",
        "title": "Nouveau restaurant d'entreprise",
        "days_ago": 83,
        "intro": (
            "Le nouveau restaurant du siège ouvre ses portes lundi : plus de places, des produits "
            "locaux et un espace de pause ouvert toute la journée."
        ),
        "body": [
            "Après six mois de travaux, le restaurant d'entreprise du siège accueille ses premiers "
            "convives. La salle compte désormais **280 places** et une terrasse de 60 places.",
            "## Ce qui change",
            "- Une offre quotidienne végétarienne et un plat du jour à prix maîtrisé.\n"
            "- 60 % de produits issus de producteurs situés à moins de 150 km.\n"
            "- Un espace café ouvert de 8 h à 18 h, accessible sans réservation.\n"
            "- Le paiement par badge, comme auparavant.",
            "Les horaires de service restent inchangés : de 11 h 30 à 14 h. Pour limiter "
            "l'attente, les équipes sont invitées à étaler leur arrivée selon le planning "
            "communiqué par les managers.",
            "> Nous avons conçu ce lieu avec les représentants du personnel : c'est un espace de "
            "repas, mais aussi de rencontre. | Karim Benali, responsable des services généraux",
        ],
    },
    {
        "slug": "lancement-programme-mentorat",
        "title": "Lancement du programme mentorat",
        "days_ago": 51,
        "intro": (
            "Transmettre, apprendre, élargir son réseau : le programme mentorat met en relation "
            "40 binômes dès cet automne. Les candidatures sont ouvertes."
        ),
        "body": [
            "Le programme mentorat s'adresse à tous les collaborateurs, quels que soient leur "
            "ancienneté et leur métier. Chaque binôme se rencontre une heure par mois pendant "
            "neuf mois, sur le temps de travail.",
            "## Comment participer ?",
            "- Mentors : au moins cinq ans d'expérience et l'envie de partager.\n"
            "- Mentorés : un projet professionnel, une prise de poste, une envie d'évoluer.\n"
            "- Candidature en ligne avant la fin du mois, accord du manager recommandé.",
            "Une demi-journée de lancement réunira tous les binômes au siège. Une formation "
            "courte à la posture de mentor est proposée aux nouveaux mentors.",
            "> J'ai été mentorée à mon arrivée : cela m'a fait gagner un temps précieux. "
            "Aujourd'hui, c'est à mon tour. | Sophie Lambert, cheffe de projet",
        ],
    },
    {
        "slug": "site-lyon-certifie-iso-14001",
        "title": "Le site de Lyon certifié ISO 14001",
        "days_ago": 27,
        "intro": (
            "Après un audit de trois jours, le site de production de Lyon obtient la "
            "certification environnementale ISO 14001."
        ),
        "body": [
            "Cette certification reconnaît le travail mené depuis deux ans pour réduire "
            "l'empreinte environnementale du site : consommation d'énergie en baisse de 18 %, "
            "tri des déchets généralisé, suivi des rejets.",
            "## Les prochaines étapes",
            "Le site de Nantes engage la même démarche l'an prochain. Un groupe de référents "
            "environnement sera formé dans chaque atelier.",
            "> La certification n'est pas une fin : c'est un engagement à progresser chaque "
            "année. | Thomas Roux, directeur du site de Lyon",
        ],
    },
    {
        "slug": "bienvenue-nouveaux-alternants",
        "title": "Bienvenue aux 42 nouveaux alternants",
        "days_ago": 8,
        "intro": (
            "42 alternants ont rejoint le Groupe cette rentrée, dans tous les métiers : "
            "production, informatique, finance, commerce et marketing."
        ),
        "body": [
            "Ils préparent un CAP, un BTS, une licence professionnelle ou un diplôme "
            "d'ingénieur. Chacun est accompagné par un tuteur formé, dans son équipe.",
            "Une journée d'intégration leur a permis de découvrir les sites, les métiers et les "
            "outils du quotidien. N'hésitez pas à les accueillir et à répondre à leurs questions !",
            "## Devenir tuteur",
            "Vous souhaitez accompagner un alternant l'an prochain ? Faites-vous connaître "
            "auprès de votre correspondant RH : une formation de deux jours est prévue.",
        ],
    },
]
