"""The demo's people: ~300 generated employees (the same on every run), the community's and the
pilot group's members, and the demo logins, each put in their groups (``roles``)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from .roles import (
    ANIMATORS_GROUP,
    COMMUNICATION_GROUP,
    COMMUNITY_GROUP,
    DEPARTMENTS,
    EDITORS_GROUP,
    MODERATORS_GROUP,
    PILOT_GROUP,
    SMALL_DEPARTMENT,
    ensure_groups,
)

SEED = 2027
EMPLOYEE_COUNT = 300
COMMUNITY_EXTRA_MEMBERS = 25
DEMO_PASSWORD = "demo2027"
EMAIL_DOMAIN = "exemple.fr"
PILOT_SHARE = 0.17
# Generated employees of the small department (``roles.SMALL_DEPARTMENT``), fewer than k with its login.
SMALL_DEPARTMENT_EMPLOYEES = 3

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Marie",
    "Pauline",
    "Lucie",
    "Anaïs",
    "Élodie",
    "Céline",
    "Aurélie",
    "Nathalie",
    "Isabelle",
    "Sandrine",
    "Valérie",
    "Sophie",
    "Hélène",
    "Claire",
    "Amélie",
    "Mathilde",
    "Charlotte",
    "Océane",
    "Clémence",
    "Justine",
    "Noémie",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Alexandre",
    "Antoine",
    "Guillaume",
    "Romain",
    "Kevin",
    "Pierre",
    "Sébastien",
    "Mathieu",
    "Florian",
    "Benjamin",
    "Quentin",
    "Jérôme",
    "Olivier",
    "Laurent",
    "Stéphane",
    "Christophe",
    "Frédéric",
    "David",
    "Karim",
    "Mehdi",
    "Yanis",
    "Hugo",
    "Lucas",
    "Louis",
    "Théo",
    "Adrien",
    "Jean-Baptiste",
    "Anne-Sophie",
]

LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Perez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Benali",
    "Caron",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    department: str | None
    groups: tuple[str, ...]
    role_fr: str
    role_en: str
    try_fr: str
    try_en: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_LOGINS = [
    DemoLogin(
        "employe", "Julie", "Martin", "Département RH", (COMMUNITY_GROUP,),
        "salariée, membre de la communauté", "employee, community member",
        "commenter, réagir, voter, voir la communauté", "comment, react, vote, open the community",
    ),
    DemoLogin(
        "externe", "Paul", "Bernard", "Département Commercial", (),
        "salarié hors communauté", "employee, not a member",
        "la communauté lui reste invisible", "the community stays invisible",
    ),
    DemoLogin(
        "moderateur", "Marc", "Lefèvre", "Département RH", (MODERATORS_GROUP, COMMUNITY_GROUP),
        "modérateur des commentaires", "comment moderator",
        "file de modération dans /admin/", "moderation queue in /admin/",
    ),
    DemoLogin(
        "editrice", "Claire", "Dubois", "Département Marketing", (EDITORS_GROUP,),
        "éditrice Wagtail, publie les pages", "Wagtail editor, publishes pages",
        "activer les commentaires, publier une page avec un sondage", "switch comments on, publish a page with a poll",
    ),
    DemoLogin(
        "animatrice", "Yasmine", "Carpentier", "Département RH", (ANIMATORS_GROUP,),
        "animatrice de communauté", "community manager",
        "Contributions et questions en retard dans /admin/", "Contributions and overdue questions in /admin/",
    ),
    DemoLogin(
        "communication", "Agathe", "Fabre", SMALL_DEPARTMENT, (COMMUNICATION_GROUP,),
        "chargée de communication", "communication officer",
        "tableau de bord Participation dans /admin/", "Participation dashboard in /admin/",
    ),
    DemoLogin(
        "admin", "Alice", "Administratrice", None, (),
        "administratrice (superuser)", "administrator (superuser)",
        "tout, dont /django-admin/", "everything, incl. /django-admin/",
        is_staff=True, is_superuser=True,
    ),
]  # fmt: skip


@dataclass(frozen=True)
class Employee:
    username: str
    first_name: str
    last_name: str
    department: str
    joined_days_ago: int


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "-")


def generate_employees() -> tuple[list[Employee], list[str]]:
    """The same employees (and community members) on every run: they depend only on the seed.
    The small department's people come last, from the same generator, so adding them changed
    nobody else."""
    rng = random.Random(SEED)
    names, weights = zip(*DEPARTMENTS, strict=True)
    reserved = {(login.first_name, login.last_name) for login in DEMO_LOGINS}
    taken = {login.username for login in DEMO_LOGINS}
    employees = []
    while len(employees) < EMPLOYEE_COUNT:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) in reserved:
            continue
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        username, suffix = base, 1
        while username in taken:
            suffix += 1
            username = f"{base}{suffix}"
        taken.add(username)
        department = rng.choices(names, weights=weights)[0]
        employees.append(Employee(username, first, last, department, rng.randint(30, 4000)))
    # The community gathers data-minded people: mostly IT and Finance, a few from elsewhere.
    core = [
        e.username for e in employees if e.department in ("Département Informatique", "Département Finance")
    ]
    others = [e.username for e in employees if e.username not in core]
    members = rng.sample(core, 18) + rng.sample(others, COMMUNITY_EXTRA_MEMBERS - 18)
    while len(employees) < EMPLOYEE_COUNT + SMALL_DEPARTMENT_EMPLOYEES:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = f"{ascii_slug(first)}.{ascii_slug(last)}"
        if (first, last) in reserved or username in taken:
            continue
        taken.add(username)
        employees.append(Employee(username, first, last, SMALL_DEPARTMENT, rng.randint(30, 4000)))
    return employees, members


def pilot_members(employees: list[Employee]) -> list[str]:
    """About one employee in six, drawn across departments (from its own generator, so the
    other generated data stay as they were)."""
    rng = random.Random(SEED + 1)
    pool = [e.username for e in employees if e.department != SMALL_DEPARTMENT]
    return rng.sample(pool, round(len(pool) * PILOT_SHARE))


def ensure_employees(groups: dict[str, Group]) -> int:
    """Create the generated employees missing from the database; return how many were created."""
    User = get_user_model()
    employees, members = generate_employees()
    existing = set(
        User.objects.filter(username__in=[e.username for e in employees]).values_list("username", flat=True)
    )
    now = timezone.now()
    new_users = [
        User(
            username=e.username,
            first_name=e.first_name,
            last_name=e.last_name,
            email=f"{e.username}@{EMAIL_DOMAIN}",
            password=make_password(None),  # unusable, and no hashing cost
            date_joined=now - timedelta(days=e.joined_days_ago),
        )
        for e in employees
        if e.username not in existing
    ]
    User.objects.bulk_create(new_users)
    ids = dict(
        User.objects.filter(username__in=[e.username for e in employees]).values_list("username", "pk")
    )
    Membership = User.groups.through
    rows = [Membership(user_id=ids[e.username], group_id=groups[e.department].pk) for e in employees]
    rows += [Membership(user_id=ids[name], group_id=groups[COMMUNITY_GROUP].pk) for name in members]
    rows += [
        Membership(user_id=ids[name], group_id=groups[PILOT_GROUP].pk) for name in pilot_members(employees)
    ]
    Membership.objects.bulk_create(rows, ignore_conflicts=True)
    return len(new_users)


def ensure_demo_logins(groups: dict[str, Group]) -> dict[str, object]:
    """The demo accounts, with their password reset to ``demo2027`` on every run."""
    User = get_user_model()
    users = {}
    for login in DEMO_LOGINS:
        user, _created = User.objects.update_or_create(
            username=login.username,
            defaults={
                "first_name": login.first_name,
                "last_name": login.last_name,
                "email": f"{login.username}@{EMAIL_DOMAIN}",
                "is_staff": login.is_staff,
                "is_superuser": login.is_superuser,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        names = list(login.groups) + ([login.department] if login.department else [])
        user.groups.add(*(groups[name] for name in names))
        users[login.username] = user
    return users


def load() -> dict[str, object]:
    groups = ensure_groups()
    created = ensure_employees(groups)
    logins = ensure_demo_logins(groups)
    return {"groups": groups, "logins": logins, "created": created}
