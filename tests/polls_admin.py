"""Helpers of the polls admin tests: URLs, polls with votes stored as the voting code stores
them, and what the admin form posts."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.utils import make_user
from wagtail_social_polls.models import Choice, ChoiceTally, NamedVote, Poll, Voter

NAMESPACE = "wagtailsnippets_wagtail_social_polls_poll"
LIST = reverse(f"{NAMESPACE}:list")
ADD = reverse(f"{NAMESPACE}:add")


def url(name, poll):
    return reverse(f"{NAMESPACE}:{name}", args=[poll.pk])


def poll_permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="wagtail_social_polls", codename__in=codenames)


def make_poll(
    question="Where should the team lunch be?", choices=("Canteen", "Pizzeria", "Picnic"), **fields
):
    poll = Poll.objects.create(question=question, **fields)
    for order, text in enumerate(choices):
        Choice.objects.create(poll=poll, text=text, sort_order=order)
    return poll


def cast(poll, *ballots):
    """Votes as the voting code stores them: one voter row each, a counter for every choice,
    and for named polls which choices each voter made. A ballot is a list of choice indexes."""
    choices = list(poll.choices.order_by("sort_order"))
    offset = Voter.objects.count()
    for choice in choices:
        ChoiceTally.objects.get_or_create(choice=choice)
    for number, ballot in enumerate(ballots):
        user = make_user(f"voter{offset + number}", first_name=f"Voter{offset + number}", last_name="Dupont")
        voter = Voter.objects.create(poll=poll, user=user)
        for index in ballot:
            tally = ChoiceTally.objects.get(choice=choices[index])
            tally.votes += 1
            tally.save()
            if not poll.secret:
                NamedVote.objects.create(voter=voter, choice=choices[index])
    return choices


def form_data(poll=None, choices=None, order=None, **overrides):
    """What the admin form posts: the poll's fields and the choices formset. ``choices`` is a list
    of ``(id or None, text, deleted)`` in the order the form was built; ``order`` the positions the
    editor dragged them to (the inline panel keeps the forms and changes their ORDER field)."""
    if poll is not None and choices is None:
        choices = [(choice.pk, choice.text, False) for choice in poll.choices.order_by("sort_order")]
    data = {
        "question": poll.question if poll else "Which training next year?",
        "description": "",
        "min_choices": str(poll.min_choices) if poll else "1",
        "max_choices": "" if not poll or poll.max_choices is None else str(poll.max_choices),
        "opens_at": "",
        "closes_at": "",
        "results_visibility": poll.results_visibility if poll else "after_vote",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(sum(1 for pk, _text, _deleted in choices if pk)),
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for flag in ("multiple", "secret", "changeable"):
        if poll is not None and getattr(poll, flag):
            data[flag] = "on"
    for index, (pk, text, deleted) in enumerate(choices):
        data[f"choices-{index}-id"] = str(pk or "")
        data[f"choices-{index}-text"] = text
        data[f"choices-{index}-ORDER"] = str(order[index] if order else index + 1)
        if deleted:
            data[f"choices-{index}-DELETE"] = "on"
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content
