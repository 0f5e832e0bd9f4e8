"""The queries of ``bench/search.py``: the relevance check's planted pages and the latency list."""

# The relevance check: (query typed without accents, the title of the page it must find in the
# top 3, a sentence of its body, a sentence mentioning the query's words in passing: one page in
# 7 and one comment in 11 carry a mention, so each query matches hundreds of documents).
PLANTED = [
    ("reunion equipe", "Réunion d'équipe", "L'ordre du jour de la semaine.",
     "Après la réunion du matin, l'équipe est partie déjeuner."),
    ("formation securite", "Formation sécurité incendie", "Les sessions ont lieu au rez-de-chaussée.",
     "La formation des nouveaux a rappelé les consignes de sécurité."),
    ("teletravail", "Télétravail : la charte", "Jours, équipement et horaires.",
     "Pendant mon télétravail, j'ai relu le dossier."),
    ("idee parking", "Idées pour le parking", "Places, vélos et covoiturage.",
     "J'ai eu une idée en sortant du parking ce matin."),
    ("oeuvres sociales", "Les œuvres sociales du comité", "Chèques vacances, billetterie, aides.",
     "Les actions sociales du comité et ses œuvres de solidarité."),
    ("conges payes", "Congés payés : poser ses jours", "Demander ses jours et les faire valider.",
     "Avant mes congés, les factures payées ont été classées."),
    ("espace salaries", "Espace des salariés", "Tout ce qui concerne la vie au travail.",
     "Les salariés du site ont rangé l'espace de la cafétéria."),
    ("histoire entreprise", "Histoire de l'entreprise", "Fondée il y a cinquante ans.",
     "Une histoire drôle circule dans l'entreprise."),
    ("mutuelle sante", "Mutuelle santé : les garanties", "Remboursements, tiers payant et adhésion.",
     "La santé au travail passe aussi par la mutuelle."),
    ("note de frais", "Notes de frais : remboursement", "Justificatifs, plafonds et délais.",
     "Prenez note : les frais de port augmentent."),
    ("demenagement bureaux", "Déménagement des bureaux", "Cartons, plan des étages et calendrier.",
     "Le déménagement du stock libère des bureaux."),
    ("election representants", "Élections des représentants du personnel", "Listes et vote.",
     "Les représentants ont parlé de l'élection au comité."),
]  # fmt: skip

# The latency list: the relevance queries, single words, and longer queries, all without accents.
QUERIES = [query for query, *_rest in PLANTED] + [
    "securite",
    "reunion",
    "projet",
    "budget annuel",
    "cantine menu",
    "badge acces",
    "evaluation entretien annuel",
    "recrutement stagiaire",
    "prevention risque incendie",
    "velo navette trajet",
    "numerique intranet",
    "oeuvre",
    "coeur de metier",
    "l'equipe",
    "qu'il",
    "planning astreinte",
    "comite",
    "eclairage economiser energie",
    "facture fournisseur",
    "curriculum vitae",
]
