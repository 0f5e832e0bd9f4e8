"""Who the figures are about: the population, and each person's department.

**Population**: the active accounts in scope: every active user, or the active members of the
groups named in ``WAGTAIL_SOCIAL_KPI_POPULATION_GROUPS``. It is today's population, used for every
period (the history of accounts and memberships is not recorded): a person who left is no longer
counted, in the past either.

**Department**: the name of the person's group that starts with
``WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX`` (without the prefix), or what
``WAGTAIL_SOCIAL_KPI_DEPARTMENT_FUNCTION`` returns for the person; None when neither says. A person
in several department groups belongs to the first by name, so every person counts once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .conf import settings


def population() -> QuerySet:
    """The active accounts in scope (see the module docstring), as a queryset of users."""
    users = get_user_model().objects.filter(is_active=True)
    groups = settings.POPULATION_GROUPS
    if groups:
        users = users.filter(
            pk__in=get_user_model().groups.through.objects.filter(group__name__in=groups).values("user_id")
        )
    return users


def members_of(group_name: str, people: QuerySet | None = None) -> QuerySet:
    """The members of the group ``group_name`` among ``people`` (the population by default)."""
    people = population() if people is None else people
    through = get_user_model().groups.through
    return people.filter(pk__in=through.objects.filter(group__name=group_name).values("user_id"))


def departments(people: QuerySet | None = None) -> dict[int, str | None]:
    """Each person's department, by user id, for ``people`` (the population by default).

    By group prefix: one query whatever the number of people. By function: one query for the
    people, then one call of the function per person (whatever the function itself asks)."""
    people = population() if people is None else people
    prefix = settings.DEPARTMENT_GROUP_PREFIX
    function = settings.DEPARTMENT_FUNCTION
    found: dict[int, str | None] = dict.fromkeys(people.order_by("pk").values_list("pk", flat=True))
    if prefix:
        through = get_user_model().groups.through
        rows = (
            through.objects.filter(user_id__in=people.values("pk"), group__name__startswith=prefix)
            .order_by("user_id", "-group__name")
            .values_list("user_id", "group__name")
        )
        for user_id, name in rows:  # the first name of each person comes last and wins
            found[user_id] = name[len(prefix) :].strip() or None
    elif function is not None:
        found = {user.pk: _name(function(user)) for user in people.order_by("pk")}
    return found


def department_of(user) -> str | None:
    """``user``'s department (see the module docstring)."""
    prefix = settings.DEPARTMENT_GROUP_PREFIX
    if prefix:
        names = user.groups.filter(name__startswith=prefix).order_by("name").values_list("name", flat=True)
        name = next(iter(names), None)
        return (name[len(prefix) :].strip() or None) if name else None
    function = settings.DEPARTMENT_FUNCTION
    return _name(function(user)) if function is not None else None


def _name(value) -> str | None:
    return str(value).strip() or None if value is not None else None
