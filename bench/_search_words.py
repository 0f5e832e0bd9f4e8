"""The words and sentences of ``bench/search.py``'s French corpus, generated from a fixed seed.

The vocabulary is a few hundred intranet words, inflected (plurals, feminines, verb forms) into a
few thousand forms, with accents, ligatures (œ, æ) and elisions (l', d', qu', straight or curly
apostrophe). ``bench/_search_corpus.py`` loads them into pages and comments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED = 20261130

NOUNS = """réunion équipe sécurité formation télétravail idée parking congé salarié entreprise
mutuelle santé note frais déménagement bureau élection représentant cantine menu projet budget
direction service client fournisseur contrat procédure réglementation qualité prévention risque
incendie évacuation exercice badge accès réseau messagerie ordinateur logiciel imprimante
téléphone agenda planning calendrier objectif résultat indicateur tableau rapport compte rendu
dossier document archive courrier facture commande achat vente stock entrepôt livraison transport
véhicule vélo navette trajet horaire astreinte permanence garde accueil standard secrétariat
comptabilité paie bulletin salaire prime intéressement participation épargne retraite prévoyance
arrêt maladie accident travail médecine visite entretien évaluation carrière mobilité mutation
recrutement candidat stage stagiaire alternant apprenti tuteur intégration parcours compétence
métier poste fonction mission tâche activité atelier chantier usine site agence siège filiale
région territoire collectivité mairie département préfecture association syndicat délégué comité
instance conseil assemblée séance ordre procès vote scrutin candidature liste bulletin urne
dépouillement charte règlement intérieur politique engagement valeur éthique déontologie
conformité audit contrôle inspection certification norme label environnement énergie déchet tri
recyclage chauffage climatisation éclairage lumière fenêtre porte escalier ascenseur toiture
façade jardin terrasse salle cuisine réfrigérateur cafétéria café thé repas déjeuner goûter
buffet traiteur fête anniversaire départ arrivée pot cadeau collecte don solidarité bénévolat
sport course yoga football tournoi randonnée sortie voyage séminaire conférence webinaire
présentation diaporama vidéo photo affiche journal lettre newsletter actualité annonce événement
sondage enquête questionnaire avis suggestion question réponse problème solution amélioration
innovation transformation numérique outil application plateforme intranet portail espace
communauté groupe forum discussion commentaire message notification alerte rappel échéance délai
retard urgence priorité décision validation signature approbation demande ticket incident panne
maintenance réparation intervention technicien prestataire devis marché appel offre cahier
charge spécification exigence besoin usage usager utilisateur administrateur responsable
manager collaborateur collègue stagiaire directeur présidente trésorière secrétaire hôtesse
œuvre cœur sœur vœu manœuvre nœud œil"""

ADJECTIVES = """nouveau prochain dernier important urgent annuel mensuel hebdomadaire quotidien
général particulier social économique financier technique juridique administratif commercial
collectif individuel régional national européen interne externe public privé numérique
électrique écologique durable responsable sécurisé obligatoire facultatif gratuit payant
disponible complet ouvert fermé prévu reporté annulé validé modifié simplifié amélioré
accessible pratique rapide efficace clair précis détaillé complet récent ancien propre
agréable convivial sportif solidaire créatif innovant réglementaire prioritaire"""

VERBS = """organiser préparer présenter proposer demander répondre participer inscrire
consulter télécharger envoyer recevoir valider signer déclarer rembourser réserver annuler
modifier planifier reporter confirmer informer rappeler signaler partager publier commenter
améliorer simplifier accompagner former sensibiliser évaluer recruter accueillir intégrer
déménager installer équiper réparer contrôler vérifier respecter appliquer rédiger relire
corriger archiver classer trier recycler économiser chauffer éclairer nettoyer ranger
déjeuner fêter célébrer remercier féliciter encourager soutenir aider écouter échanger
discuter débattre voter élire désigner nommer représenter négocier concerter arbitrer
décider lancer terminer commencer continuer poursuivre reprendre clôturer ouvrir fermer
afficher diffuser imprimer scanner numériser sauvegarder restaurer connecter déconnecter
utiliser tester déployer migrer"""

PREPOSITIONS = [
    "de",
    "pour",
    "avec",
    "sans",
    "sur",
    "sous",
    "dans",
    "chez",
    "vers",
    "après",
    "avant",
    "pendant",
    "depuis",
    "entre",
    "selon",
]
LINKS = [
    "et",
    "mais",
    "donc",
    "or",
    "car",
    "puis",
    "ensuite",
    "aussi",
    "également",
    "toutefois",
    "cependant",
    "enfin",
]
SUBJECTS = ["nous", "vous", "ils", "elles", "on", "chacun", "le service", "la direction", "l'équipe"]
LATIN = ["curriculum vitæ", "ex æquo", "et cætera", "nævus"]  # æ ligatures
VOWELS = set("aeiouyhàâäéèêëîïôöùûüœæ")


def _noun_forms(noun: str) -> list[str]:
    plural = noun + ("x" if noun.endswith(("eau", "eu")) else "" if noun.endswith(("s", "x", "z")) else "s")
    return [noun, plural]


def _adjective_forms(adjective: str) -> list[str]:
    if adjective.endswith("e"):
        feminine = adjective
    elif adjective.endswith("eau"):
        feminine = adjective[:-3] + "elle"  # nouveau, nouvelle
    elif adjective.endswith("if"):
        feminine = adjective[:-1] + "ve"
    elif adjective.endswith(("el", "en")):
        feminine = adjective + adjective[-1] + "e"
    else:
        feminine = adjective + "e"
    plural = adjective + ("x" if adjective.endswith("eau") else "" if adjective.endswith(("s", "x")) else "s")
    return [adjective, feminine, plural, feminine + "s"]


def _verb_forms(verb: str) -> list[str]:
    stem = verb[:-2]
    soft = stem + "e" if stem.endswith("g") else stem  # mangeons, partageons
    return [verb, stem + "e", stem + "es", soft + "ons", stem + "ez", stem + "ent", stem + "é", stem + "ée",
            stem + "és", soft + "ant", soft + "ait", stem + "era", stem + "erons"]  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    nouns: list[str]
    adjectives: list[str]
    verbs: list[str]

    @property
    def size(self) -> int:
        return len(set(self.nouns) | set(self.adjectives) | set(self.verbs))


def vocabulary() -> Vocabulary:
    nouns = [form for noun in dict.fromkeys(NOUNS.split()) for form in _noun_forms(noun)]
    adjectives = [form for adjective in ADJECTIVES.split() for form in _adjective_forms(adjective)]
    verbs = [form for verb in VERBS.split() for form in _verb_forms(verb)]
    return Vocabulary(nouns, adjectives, verbs)


class Writer:
    """Sentences from the vocabulary, words drawn with a Zipf-like skew (a few frequent words,
    a long tail), elided before a vowel (straight or curly apostrophe)."""

    def __init__(self, seed: int = SEED):
        self.random = random.Random(seed)
        self.words = vocabulary()
        self.weights = {
            name: [1 / (rank + 1) ** 0.8 for rank in range(len(getattr(self.words, name)))]
            for name in ("nouns", "adjectives", "verbs")
        }

    def pick(self, kind: str) -> str:
        return self.random.choices(getattr(self.words, kind), self.weights[kind])[0]

    def article(self, word: str, definite: bool = True) -> str:
        plural = word.endswith(("s", "x"))
        if word[0] in VOWELS and not plural:
            apostrophe = "’" if self.random.random() < 0.3 else "'"
            return ("l" if definite else "d") + apostrophe + word
        if plural:
            return ("les " if definite else "des ") + word
        return self.random.choice(("le ", "la ") if definite else ("un ", "une ")) + word

    def group(self) -> str:
        noun = self.pick("nouns")
        phrase = self.article(noun, self.random.random() < 0.7)
        if self.random.random() < 0.5:
            phrase += " " + self.pick("adjectives")
        return phrase

    def sentence(self) -> str:
        parts = [self.random.choice(SUBJECTS), self.pick("verbs"), self.group()]
        for _ in range(self.random.randint(0, 3)):
            preposition = self.random.choice(PREPOSITIONS)
            group = self.group()
            if preposition == "de" and group[0] in VOWELS:
                group = "d'" + group.split("'", 1)[-1].split("’", 1)[-1]
            parts += [preposition, group]
        if self.random.random() < 0.25:
            parts += [self.random.choice(LINKS), "qu’" if self.random.random() < 0.3 else "qu'"]
            parts[-1] += self.random.choice(["il", "elle", "on"])
            parts += [self.pick("verbs"), self.group()]
        if self.random.random() < 0.02:
            parts.append(self.random.choice(LATIN))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        noun = self.pick("nouns")
        title = noun.capitalize() + " " + self.pick("adjectives")
        if self.random.random() < 0.6:
            title += " " + self.random.choice(("de", "pour", "et")) + " " + self.article(self.pick("nouns"))
        return title
