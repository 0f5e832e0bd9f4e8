"""The "Boîte à idées" section: a page whose body carries the idea box block, with ideas,
questions and suggestions switched on for it and its pages, and a few contributions and
supports by several employees. Questions are due the section's answer target after they were
asked (working days): some are overdue. States are written directly, and the community
manager's decisions and answers by ``handling`` (managers' screens do it in a real intranet). A
handful of rows: ``make demo`` stays fast."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from wagtail_social.contributions.answer_targets import target_days
from wagtail_social.contributions.models import Contribution, Support
from wagtail_social.contributions.working_days import Calendar, add_working_days

from ..models import StandardPage
from . import handling
from .markup import body, french_spacing
from .pages import SITE_DAYS_AGO, DemoPages, ensure_page, set_policy

BOX = {
    "slug": "boite-a-idees",
    "title": "Boîte à idées",
    "intro": "Vos idées, vos questions, vos suggestions : proposez, soutenez, suivez les réponses.",
    "body": (
        "Une idée pour mieux travailler ensemble ? Une question restée sans réponse ? Proposez-la sur "
        "la page qui en parle ; toutes les contributions de la rubrique sont rassemblées ci-dessous.",
    ),
}
CHILDREN = [
    ("vie-au-bureau", "Vie au bureau", "Locaux, restauration, services sur site."),
    ("outils-et-processus", "Outils et processus", "Les outils du quotidien et la façon de s'en servir."),
    ("environnement", "Environnement", "Réduire l'empreinte du groupe, ensemble."),
]
# (page slug, kind, title, text, state, days ago, author index, supporters, withdrawn)
CONTRIBUTIONS = [
    ("vie-au-bureau", "idea", "Des menus végétariens deux fois par semaine",
     "La cantine propose un plat végétarien le vendredi ; beaucoup d'entre nous en voudraient plus souvent.",
     "accepted", 40, 0, 14, False),
    ("vie-au-bureau", "idea", "Un local vélos sécurisé au siège",
     "Le parking vélo actuel n'est pas couvert et plusieurs vélos ont été abîmés cet hiver.",
     "under_review", 25, 1, 9, False),
    ("vie-au-bureau", "question", "La salle de sport sera-t-elle ouverte en août ?",
     "Les horaires d'été ne sont pas encore affichés.", "open", 3, 2, 0, False),
    ("vie-au-bureau", "question", "Peut-on réserver une salle pour un afterwork ?",
     "Pour un pot de départ, après 18 h.", "answered", 30, 3, 0, False),
    ("outils-et-processus", "idea", "Covoiturage entre collègues",
     "Une page pour proposer et trouver des trajets domicile-travail entre sites du groupe.",
     "new", 12, 4, 6, False),
    ("outils-et-processus", "idea", "Signature électronique des notes de frais",
     "Éviter d'imprimer et de scanner chaque note de frais.", "new", 6, 5, 3, False),
    ("outils-et-processus", "question", "Comment obtenir un second écran ?",
     "Le formulaire de demande de matériel ne le propose pas.", "open", 9, 6, 0, False),
    ("outils-et-processus", "suggestion", "Mettre à jour la liste des correspondants informatiques",
     "Deux correspondants cités ont quitté le groupe.", "new", 4, 7, 0, False),
    ("environnement", "idea", "Supprimer les gobelets jetables",
     "Chaque salarié reçoit une tasse ; les machines ne servent plus de gobelets.",
     "done", 60, 8, 21, False),
    ("environnement", "idea", "Éteindre les écrans de l'accueil la nuit",
     "Les écrans d'information restent allumés toute la nuit.", "new", 2, 9, 1, False),
    ("environnement", "idea", "Un potager sur le toit",
     "Finalement trop compliqué avec la copropriété.", "new", 20, 10, 2, True),
    ("environnement", "question", "Quel est le bilan carbone du groupe ?",
     "Le dernier chiffre publié date de 2024.", "open", 15, 11, 0, False),
    ("vie-au-bureau", "question", "Le parking sera-t-il fermé pendant les travaux ?",
     "Les travaux de façade commencent bientôt et rien n'est affiché.", "open", 0, 12, 0, False),
    ("outils-et-processus", "idea", "Une navette entre la gare et le siège",
     "Une navette privée le matin et le soir, pour ceux qui viennent en train.", "declined", 35, 13, 4, False),
]  # fmt: skip


def build_box(result: DemoPages) -> Page:
    box, created = ensure_page(
        result.home, StandardPage, BOX["slug"], BOX["title"], days_ago=SITE_DAYS_AGO,
        intro=french_spacing(BOX["intro"]), body=[*body(*BOX["body"]), ("idea_box", {"section": None})],
        show_in_menus=True,
    )  # fmt: skip
    result.created += created
    result.pages[BOX["slug"]] = box
    # The whole section takes ideas, questions and suggestions, and their discussions.
    set_policy(
        box, ideas_enabled=True, questions_enabled=True, suggestions_enabled=True, comments_enabled=True
    )
    for slug, title, intro in CHILDREN:
        page, created = ensure_page(box, StandardPage, slug, title, days_ago=SITE_DAYS_AGO - 10, intro=intro)
        result.created += created
        result.pages[slug] = page
    return box


def load(result: DemoPages, manager) -> int:
    """The section and its contributions (once: a second run adds none), and what ``manager``
    (the community manager) did with them. Returns how many contributions were made."""
    build_box(result)
    pages = {slug: result.pages[slug] for slug, _title, _intro in CHILDREN}
    made = 0 if Contribution.objects.filter(page__in=pages.values()).exists() else add_contributions(pages)
    handling.load(pages.values(), manager)
    return made


def add_contributions(pages: dict[str, Page]) -> int:
    people = list(get_user_model().objects.filter(is_active=True, is_superuser=False).order_by("pk")[:60])
    now = timezone.now()
    calendar = Calendar()
    made = 0
    supports = []
    for slug, kind, title, text, state, days, author, supporters, withdrawn in CONTRIBUTIONS:
        created_at = now - timedelta(days=days, hours=author)
        writer = people[author % len(people)]
        others = [person for person in people[12:] if person.pk != writer.pk][:supporters]
        contribution = Contribution.objects.create(
            page=pages[slug], kind=kind, title=french_spacing(title), text=french_spacing(text),
            author=writer, state=state, created_at=created_at,
            withdrawn_at=created_at + timedelta(days=1) if withdrawn else None, support_count=len(others),
        )  # fmt: skip
        if kind == "question":  # due the section's answer target (working days) after it was asked
            contribution.answer_due_at = add_working_days(created_at, target_days(pages[slug]), calendar)
            contribution.save(update_fields=["answer_due_at"])
        made += 1
        supports += [
            Support(contribution=contribution, user=person, created_at=created_at + timedelta(hours=n + 1))
            for n, person in enumerate(others)
        ]
    Support.objects.bulk_create(supports)
    return made
