"""The pilot group participates more than everyone else: the generators draw its members more
often (as authors, reactors, voters), so the figures' "pilot against everyone else" shows it."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.contrib.auth import get_user_model

from .roles import PILOT_GROUP

# How many times more likely a pilot member is drawn than anyone else.
WEIGHT = 6.0


def pilot_ids() -> set[int]:
    """The ids of the pilot group's members."""
    users = get_user_model().objects.filter(groups__name=PILOT_GROUP)
    return set(users.values_list("pk", flat=True))


def weight(person, pilot: set[int]) -> float:
    return WEIGHT if person.pk in pilot else 1.0


def choose(rng: random.Random, people: Sequence, pilot: set[int]):
    """One person, pilot members favoured."""
    return rng.choices(people, weights=[weight(p, pilot) for p in people])[0]


def sample(rng: random.Random, people: Sequence, count: int, pilot: set[int]) -> list:
    """``count`` different people, pilot members favoured (weighted sampling without
    replacement: each person gets the key u ** (1 / weight), the largest keys win)."""
    keyed = sorted(people, key=lambda p: rng.random() ** (1.0 / weight(p, pilot)), reverse=True)
    return keyed[: min(count, len(people))]
