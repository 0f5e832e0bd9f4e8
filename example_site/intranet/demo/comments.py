"""Months of generated discussions, stored with django-comments-xtd like real ones.

A few people write most comments and most people none, as on a real intranet (90-9-1); the
pilot group's members write more than the others.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from . import pilot as pilot_group
from .markup import french_spacing
from .people import SEED
from .roles import COMMUNITY_GROUP

REPLY_SHARE = 0.45
MAX_REPLY_LEVEL = 1  # reply to a comment or to a reply: threads stay two levels deep

GENERIC = [
    "Merci pour cette information claire et complète !",
    "Très bonne initiative, il faut continuer dans ce sens.",
    "Est-ce que ce sera aussi valable pour les sites de province ?",
    "Merci, je partage avec mon équipe.",
    "Enfin ! On l'attendait depuis longtemps.",
    "Pouvez-vous préciser le calendrier ? Ce n'est pas très clair pour moi.",
    "Bravo à toutes les personnes qui ont porté ce projet.",
    "Une réunion d'information est-elle prévue pour en parler ?",
    "Très utile, merci. Un lien vers le document complet serait le bienvenu.",
    "Je trouve que c'est une belle avancée pour tout le monde.",
    "Qui est le bon interlocuteur pour les questions pratiques ?",
    "Article très intéressant, merci à l'équipe communication.",
    "Ce serait bien d'avoir un retour d'ici quelques mois pour voir ce que ça a donné.",
    "Les équipes de nuit sont-elles concernées aussi ?",
    "Je n'avais pas vu passer l'information, merci pour le rappel.",
    "Voilà qui répond à pas mal de questions posées en réunion de service.",
]

# Put in front of a line already used on the page, so a discussion never repeats itself word for word.
OPENERS = [
    "Je rejoins les remarques précédentes : ",
    "Question pratique : ",
    "Pour compléter : ",
    "Retour de mon équipe : ",
    "Petite remarque : ",
    "Même question de notre côté : ",
]

TOPICS = {
    "training": [
        "Les formations en analyse de données seront-elles ouvertes aux non-cadres ?",
        "Le parcours « Manager au quotidien » m'a beaucoup aidé l'an dernier, je le recommande.",
        "Peut-on suivre les sessions à distance quand on est sur un site de production ?",
        "Le CPF peut-il être abondé pour une formation en langues ?",
        "Merci de prévoir des sessions en dehors des périodes de clôture pour la Finance.",
        "Est-ce que les habilitations électriques seront recyclées sur site ?",
        "La date limite du 31 janvier est un peu juste avec les entretiens annuels.",
        "Très contente de voir l'IA générative au programme, il y a une vraie demande.",
    ],
    "remote": [
        "Les jours flottants, c'est exactement ce qu'il nous fallait.",
        "Le forfait équipement couvre-t-il aussi un siège de bureau ?",
        "Comment ça se passe pour les temps partiels ? Le nombre de jours est-il proratisé ?",
        "Le droit à la déconnexion, c'est bien, encore faut-il que tout le monde le respecte.",
        "Est-ce que l'indemnité est versée automatiquement avec la paie ?",
        "Dans mon équipe on alterne déjà, ça fonctionne très bien.",
        "Peut-on télétravailler depuis un autre lieu que son domicile ?",
        "Merci pour ce compromis, il n'était pas évident à trouver.",
    ],
    "event": [
        "Quelle ambiance ! Vivement la prochaine édition.",
        "Superbes photos, on voit vraiment la diversité de nos métiers.",
        "Bravo aux organisateurs, tout était parfaitement préparé.",
        "Mon équipe a fait le 10 km en marchant, c'était une belle découverte.",
        "Est-ce que l'exposition pourra tourner sur les autres sites ?",
        "Merci pour ce moment convivial entre services qui ne se croisent jamais.",
        "J'ai découvert des ateliers que je ne connaissais pas, très réussi.",
        "Une édition à Lyon l'an prochain ?",
    ],
    "wellbeing": [
        "Proposition : un atelier d'initiation à la méditation, à midi.",
        "Pourquoi pas une course d'orientation entre équipes ?",
        "Un atelier ergonomie du poste de travail serait très utile.",
        "Idée : des paniers de fruits frais dans les espaces de pause toute la semaine.",
        "Je propose une conférence sur la gestion de la charge mentale.",
        "Des séances de massage assis, comme il y a deux ans ?",
        "Un atelier cuisine santé avec le chef du nouveau restaurant !",
        "Pensez aux équipes en horaires décalés pour les animations.",
    ],
    "data": [
        "Nous utilisons déjà pandas pour les rapports mensuels, gain de temps énorme.",
        "Quelle est la position sur les assistants de code dans l'IDE ?",
        "Un rappel utile : on ne colle jamais de données clients dans un outil public.",
        "Est-ce qu'un environnement Python validé par la DSI est disponible ?",
        "J'ai automatisé mon tableau de bord des ventes grâce à l'atelier, merci !",
        "Pourrait-on partager nos notebooks dans un dépôt commun ?",
        "Une session sur les graphiques interactifs serait la bienvenue.",
        "Les résumés automatiques de réunion, c'est autorisé ?",
    ],
}

REPLIES = [
    "Bonne question, je me posais la même.",
    "Tout à fait d'accord avec vous.",
    "D'après le service RH, la réponse est oui, sous réserve de l'accord du manager.",
    "Je confirme, c'est ce qui a été présenté en réunion d'équipe.",
    "Merci pour la précision !",
    "Bonne idée, je soutiens.",
    "Chez nous c'est déjà le cas depuis septembre.",
    "Je vous réponds en message privé avec le détail.",
    "+1, ce serait vraiment utile.",
    "Oui, les informations détaillées sont dans le portail RH.",
    "Pas encore, mais c'est prévu pour le début de l'année prochaine.",
    "Merci, c'est noté : nous transmettons à l'équipe concernée.",
]


def comment_times(rng: random.Random, count: int, since: datetime, until: datetime) -> list[datetime]:
    """``count`` moments between ``since`` and ``until``, on working days and office hours,
    denser just after publication as real discussions are."""
    span = max((until - since).total_seconds(), 3600)
    moments = []
    while len(moments) < count:
        offset = span * rng.betavariate(1.0, 2.2)
        day = timezone.localtime(since + timedelta(seconds=offset)).date()
        if day.weekday() >= 5:
            continue
        moment = timezone.make_aware(
            datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59)))
        )
        if since < moment < until:
            moments.append(moment)
    return sorted(moments)


def pick(rng: random.Random, pools: list[list[str]], used: set[str]) -> str:
    """A line not yet used in this discussion, from the first pool that still has one; when
    every pool is used up, an opener varies a line of the first pool."""
    for lines in pools:
        fresh = [line for line in lines if line not in used]
        if fresh:
            text = rng.choice(fresh)
            break
    else:
        line = rng.choice(pools[0])
        text = rng.choice(OPENERS) + line[0].lower() + line[1:]
    used.add(text)
    return french_spacing(text)


def author_pool(members_only: bool):
    User = get_user_model()
    users = User.objects.filter(is_active=True, is_superuser=False).exclude(email="")
    if members_only:
        users = users.filter(groups__name=COMMUNITY_GROUP)
    return list(users.order_by("pk"))


def generate(page: Page, spec: dict, rng: random.Random, site_id: int, pilot: set[int] = frozenset()) -> int:
    """Store the generated discussion of ``page``; nothing when it already has comments.
    Members of ``pilot`` (user ids) are drawn more often."""
    content_type = ContentType.objects.get_for_model(Page)  # always the base Page
    existing = XtdComment.objects.filter(content_type=content_type, object_pk=str(page.pk))
    if existing.exists():
        return 0
    people = author_pool(spec.get("members_only", False))
    regulars = pilot_group.sample(rng, people, 8, pilot)  # the few who comment a lot
    until = min(spec.get("until") or timezone.now(), timezone.now())
    moments = comment_times(rng, spec["count"], spec["since"], until)
    held_from = len(moments) - spec.get("held", 0)
    topic_lines = TOPICS.get(spec["topic"], [])
    published: list[XtdComment] = []
    used: set[str] = set()
    for position, moment in enumerate(moments):
        author = rng.choice(regulars) if rng.random() < 0.5 else pilot_group.choose(rng, people, pilot)
        held = position >= held_from
        parents = [c for c in published if c.level <= MAX_REPLY_LEVEL and c.user_id != author.pk]
        parent = rng.choice(parents) if parents and not held and rng.random() < REPLY_SHARE else None
        if parent is not None:
            text = pick(rng, [REPLIES, GENERIC], used)
        elif topic_lines and rng.random() < 0.6:
            text = pick(rng, [topic_lines, GENERIC], used)
        else:
            text = pick(rng, [GENERIC, topic_lines], used)
        comment = XtdComment(
            content_type=content_type,
            object_pk=str(page.pk),
            site_id=site_id,
            user=author,
            user_name=author.get_full_name(),
            user_email=author.email,
            comment=text,
            submit_date=moment,
            is_public=not held,
            is_removed=False,
        )
        if parent is not None:
            comment.parent_id = parent.pk
        comment.save()
        if not held:
            published.append(comment)
    return len(moments)


def load(discussions: list[dict], site_id: int = 1) -> int:
    """Generate every discussion; return how many comments were created."""
    created = 0
    pilot = pilot_group.pilot_ids()
    for number, spec in enumerate(discussions):
        rng = random.Random(SEED * 100 + number)
        created += generate(spec["page"], spec, rng, site_id, pilot)
    return created
