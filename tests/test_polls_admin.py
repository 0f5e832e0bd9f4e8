"""Polls in the Wagtail admin: listing, creation and the edit form protecting results once people voted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.polls_admin import ADD, LIST, cast, form_data, make_poll, poll_permissions, url
from tests.utils import make_user
from wagtail_social_polls.admin.forms import PollAdminForm
from wagtail_social_polls.models import Choice, ChoiceTally, NamedVote, Poll

pytestmark = pytest.mark.django_db


class TestListing:
    def test_status_with_dates_and_turnout(self, client_for, poll_editor):
        now = timezone.now()
        make_poll("Scheduled one", opens_at=now + timedelta(days=2))
        open_poll = make_poll("Open one", closes_at=now + timedelta(days=2))
        make_poll("Closed one", closes_at=now - timedelta(days=1))
        cast(open_poll, [0], [1], [1])
        html = client_for(poll_editor).get(LIST).content.decode()
        for question in ("Scheduled one", "Open one", "Closed one"):
            assert question in html
        assert "Scheduled" in html and "opens " in html
        assert "closes " in html and "closed " in html
        assert "3 voters" in html and "0 voters" in html
        assert url("results", open_poll) in html

    def test_filter_by_status_and_search(self, client_for, poll_editor):
        now = timezone.now()
        make_poll("Past lunch", closes_at=now - timedelta(days=1))
        make_poll("Future lunch", opens_at=now + timedelta(days=1))
        make_poll("Current survey")
        client = client_for(poll_editor)
        closed = client.get(LIST, {"status": "closed"}).content.decode()
        assert "Past lunch" in closed and "Future lunch" not in closed and "Current survey" not in closed
        opened = client.get(LIST, {"status": "open"}).content.decode()
        assert "Current survey" in opened and "Past lunch" not in opened and "Future lunch" not in opened
        found = client.get(LIST, {"q": "lunch"}).content.decode()
        assert "Past lunch" in found and "Future lunch" in found and "Current survey" not in found

    def test_query_count_does_not_grow_with_polls(self, client_for, poll_editor):
        client = client_for(poll_editor)
        counts = {}
        for size in (1, 30):
            while Poll.objects.count() < size:
                cast(make_poll(f"Poll {Poll.objects.count()}"), [0], [2])
            client.get(LIST)  # warm per-process caches (content types, permissions)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(LIST)
            assert response.status_code == 200
            assert response.content.decode().count("2 voters") == min(size, 20)  # 20 per page
            counts[size] = len(captured)
        assert counts[1] == counts[30], counts

    def test_menu_item_and_permissions_offered_to_groups(self, client_for, poll_editor, editors):
        html = client_for(poll_editor).get(reverse("wagtailadmin_home")).content.decode()
        assert LIST in html and "Polls" in html
        admin = make_user("root", is_superuser=True, is_staff=True)
        group_screen = client_for(admin).get(reverse("wagtailusers_groups:edit", args=[editors.pk]))
        html = group_screen.content.decode()
        for permission in poll_permissions("export_poll_voters", "view_poll", "change_poll"):
            assert f'value="{permission.pk}"' in html, permission.codename
        assert "Can export who voted what in named polls" in html


class TestCreate:
    def test_create_with_inline_choices(self, client_for, poll_editor):
        data = form_data(
            choices=[(None, "Excel", False), (None, "Public speaking", False), (None, "Safety", False)],
            multiple="on",
            min_choices="1",
            max_choices="2",
        )
        response = client_for(poll_editor).post(ADD, data)
        assert response.status_code == 302, response.context["form"].errors
        poll = Poll.objects.get()
        assert poll.question == "Which training next year?" and poll.multiple and poll.max_choices == 2
        assert list(poll.choices.order_by("sort_order").values_list("text", flat=True)) == [
            "Excel",
            "Public speaking",
            "Safety",
        ]
        assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(poll.pk)).exists()

    def test_two_choices_at_least(self, client_for, poll_editor):
        response = client_for(poll_editor).post(ADD, form_data(choices=[(None, "Alone", False)]))
        assert response.status_code == 200
        assert not Poll.objects.exists()
        assert "Please submit at least 2 forms." in response.content.decode()

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            (
                {"opens_at": "2027-03-02 10:00", "closes_at": "2027-03-01 10:00"},
                "closes_at",
                "The poll must close after it opens.",
            ),
            ({"secret": "on", "changeable": "on"}, "changeable", "A secret vote cannot be changed"),
            ({"multiple": "on", "min_choices": "2", "max_choices": "1"}, "max_choices", "cannot be below"),
            ({"multiple": "on", "min_choices": "3"}, "min_choices", "nobody could pick 3"),
        ],
    )
    def test_model_rules_on_their_fields(self, client_for, poll_editor, fields, field, message):
        data = form_data(choices=[(None, "Yes", False), (None, "No", False)], **fields)
        response = client_for(poll_editor).post(ADD, data)
        assert response.status_code == 200
        assert not Poll.objects.exists()
        assert any(message in error for error in response.context["form"].errors[field])


class TestEditWithVotes:
    @pytest.fixture
    def poll(self):
        poll = make_poll()
        cast(poll, [0], [0], [1])  # "Picnic" has a counter at zero, as the voting code leaves it
        return poll

    def edit(self, client, poll, **kwargs):
        return client.post(url("edit", poll), form_data(poll, **kwargs))

    def test_choice_with_votes_cannot_be_deleted(self, client_for, poll_editor, poll):
        canteen, pizzeria, picnic = poll.choices.order_by("sort_order")
        choices = [
            (canteen.pk, "Canteen", True),
            (pizzeria.pk, "Pizzeria", False),
            (picnic.pk, "Picnic", False),
        ]
        response = self.edit(client_for(poll_editor), poll, choices=choices)
        assert response.status_code == 200
        assert (
            "The choice “Canteen” has 2 votes and cannot be deleted."
            in response.context["form"].non_field_errors()
        )
        assert "has 2 votes and cannot be deleted" in response.content.decode()  # shown in the banner
        assert poll.choices.count() == 3

    @pytest.mark.parametrize("change", ["delete", "reword"])
    def test_a_secret_ballot_says_nothing_about_which_choice_has_votes(self, client_for, poll_editor, change):
        """One person voted "Pizzeria" in secret: whichever choice the editor tries to delete or
        reword, the answer is the same and carries no count, so it cannot tell what they chose."""
        secret = make_poll(secret=True)
        cast(secret, [1])
        answers = set()
        for index, choice in enumerate(secret.choices.order_by("sort_order")):
            choices = [(c.pk, c.text, False) for c in secret.choices.order_by("sort_order")]
            choices[index] = (
                (choice.pk, choice.text + " (new)", False)
                if change == "reword"
                else (choice.pk, choice.text, True)
            )
            response = self.edit(client_for(poll_editor), secret, choices=choices)
            assert response.status_code == 200
            form = response.context["form"]
            errors = [str(e) for e in form.non_field_errors()] + [
                str(e) for f in form.formsets["choices"].forms for e in f.errors.get("text", [])
            ]
            assert errors and not any(ch.isdigit() for error in errors for ch in error), errors
            answers.add(tuple(errors))
        assert len(answers) == 1
        assert secret.choices.count() == 3
        assert sorted(secret.choices.values_list("text", flat=True)) == ["Canteen", "Picnic", "Pizzeria"]

    def test_vote_arriving_during_the_save_is_never_a_server_error(
        self, client_for, poll_editor, poll, monkeypatch
    ):
        # As if the choice got its votes after the form was validated: the database refuses.
        monkeypatch.setattr(PollAdminForm, "_check_choices_with_votes", lambda form: None)
        canteen, pizzeria, picnic = poll.choices.order_by("sort_order")
        choices = [
            (canteen.pk, "Canteen", True),
            (pizzeria.pk, "Pizzeria", False),
            (picnic.pk, "Picnic", False),
        ]
        response = self.edit(client_for(poll_editor), poll, choices=choices, question="Renamed")
        assert response.status_code == 200
        assert "has just received votes" in response.content.decode()
        poll.refresh_from_db()
        assert poll.question != "Renamed" and poll.choices.count() == 3  # rolled back

    def test_choice_without_votes_can_be_deleted(self, client_for, poll_editor, poll):
        canteen, pizzeria, picnic = poll.choices.order_by("sort_order")
        choices = [
            (canteen.pk, "Canteen", False),
            (pizzeria.pk, "Pizzeria", False),
            (picnic.pk, "Picnic", True),
        ]
        response = self.edit(client_for(poll_editor), poll, choices=choices)
        assert response.status_code == 302
        assert list(poll.choices.values_list("text", flat=True).order_by("sort_order")) == [
            "Canteen",
            "Pizzeria",
        ]
        assert not ChoiceTally.objects.filter(choice_id=picnic.pk).exists()

    def test_choice_with_votes_cannot_be_reworded(self, client_for, poll_editor, poll):
        canteen, pizzeria, picnic = poll.choices.order_by("sort_order")
        choices = [
            (canteen.pk, "Cafeteria", False),
            (pizzeria.pk, "Pizzeria", False),
            (picnic.pk, "Picnic", False),
        ]
        response = self.edit(client_for(poll_editor), poll, choices=choices)
        assert response.status_code == 200
        errors = response.context["form"].formsets["choices"].forms[0].errors["text"]
        assert "This choice has 2 votes" in errors[0] and "create a new poll" in errors[0]
        assert Choice.objects.get(pk=canteen.pk).text == "Canteen"

    def test_adding_and_reordering_choices_is_allowed(self, client_for, poll_editor, poll):
        canteen, pizzeria, picnic = poll.choices.order_by("sort_order")
        choices = [
            (canteen.pk, "Canteen", False),
            (pizzeria.pk, "Pizzeria", False),
            (picnic.pk, "Picnic", False),
            (None, "Food truck", False),
        ]
        response = self.edit(client_for(poll_editor), poll, choices=choices, order=[2, 3, 1, 4])
        assert response.status_code == 302
        order = list(poll.choices.order_by("sort_order").values_list("text", flat=True))
        assert order == ["Picnic", "Canteen", "Pizzeria", "Food truck"]
        assert ChoiceTally.objects.get(choice=canteen).votes == 2  # counts stay with their choice

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"multiple": "on"}, "multiple", "between one answer and several answers"),
            ({"secret": "on"}, "secret", "between a named and a secret ballot"),
        ],
    )
    def test_ballot_kind_is_fixed_once_voted(self, client_for, poll_editor, poll, change, field, message):
        response = self.edit(client_for(poll_editor), poll, **change)
        assert response.status_code == 200
        assert message in response.context["form"].errors[field][0]
        poll.refresh_from_db()
        assert not poll.multiple and not poll.secret

    def test_named_to_secret_is_allowed_before_votes(self, client_for, poll_editor):
        poll = make_poll()
        response = self.edit(client_for(poll_editor), poll, secret="on", multiple="on")
        assert response.status_code == 302
        poll.refresh_from_db()
        assert poll.secret and poll.multiple

    def test_maximum_cannot_drop_below_named_ballots(self, client_for, poll_editor):
        poll = make_poll(multiple=True, min_choices=1, max_choices=3)
        cast(poll, [0, 1], [2])
        client = client_for(poll_editor)
        response = self.edit(client, poll, max_choices="1")
        assert response.status_code == 200
        assert "hold up to 2 choices" in response.context["form"].errors["max_choices"][0]
        assert self.edit(client, poll, max_choices="2").status_code == 302
        poll.refresh_from_db()
        assert poll.max_choices == 2

    def test_secret_ballot_limits_cannot_narrow(self, client_for, poll_editor):
        poll = make_poll(multiple=True, secret=True, min_choices=1, max_choices=3)
        cast(poll, [0], [0, 1, 2])
        client = client_for(poll_editor)
        response = self.edit(client, poll, max_choices="2", min_choices="2")
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "hold up to 3 choices" in errors["max_choices"][0]
        assert "as few as 1 choice" in errors["min_choices"][0]
        assert self.edit(client, poll, max_choices="").status_code == 302  # widening is fine

    def test_edit_view_links_to_results_and_explains(self, client_for, poll_editor, poll):
        html = client_for(poll_editor).get(url("edit", poll)).content.decode()
        assert url("results", poll) in html
        assert "results are counted per choice" in html  # the choices' help text
        assert "People have already voted: this can no longer change." in html

    def test_deleting_a_poll_with_votes_deletes_its_ballots(self, client_for, poll_editor, poll):
        client = client_for(poll_editor)
        assert "3 people have voted in this poll" in client.get(url("delete", poll)).content.decode()
        response = client.post(url("delete", poll))
        assert response.status_code == 302
        assert (
            not Poll.objects.exists() and not ChoiceTally.objects.exists() and not NamedVote.objects.exists()
        )
        assert ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(poll.pk)).exists()

    def test_bulk_delete_of_polls_with_votes(self, client_for, poll_editor, poll):
        other = make_poll("Other")
        cast(other, [1])
        bulk = (
            reverse("wagtail_bulk_action", args=["wagtail_social_polls", "poll", "delete"])
            + f"?id={poll.pk}&id={other.pk}"
        )
        response = client_for(poll_editor).post(bulk)
        assert response.status_code == 302
        assert not Poll.objects.exists() and not ChoiceTally.objects.exists()
