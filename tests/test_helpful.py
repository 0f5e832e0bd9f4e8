"""“Was this page helpful?”: one changeable answer per person and page (the editors' reports:
``test_admin_reports.py``)."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.utils import add_page, set_policy
from wagtail_social.models import HelpfulVote

pytestmark = pytest.mark.django_db
ANSWER = reverse("wagtail_social:helpful")
REPORT = reverse("wagtail_social_admin:helpfulness")
COMMENTS = reverse("wagtail_social_admin:helpful_comments")


def answer(client, page, helpful="yes", comment="", **extra):
    return client.post(ANSWER, {"page": str(page.pk), "helpful": helpful, "comment": comment}, **extra)


def test_answer_and_change_it(client_for, employee, faq):
    client = client_for(employee)
    response = answer(client, faq, "no", "Il manque les tarifs")
    assert response.status_code == 302 and response["Location"].endswith("#social-helpful")
    answer(client, faq, "yes")
    vote = HelpfulVote.objects.get()
    assert vote.helpful is True and vote.comment == ""
    html = client.get(faq.url).content.decode()
    assert "You answered: yes" in html


def test_database_keeps_one_answer_per_person_and_page(employee, faq):
    HelpfulVote.objects.create(user=employee, page=faq, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(user=employee, page=faq, helpful=False)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"helpful": "maybe"}, 400),
        ({"helpful": ""}, 400),
        ({"comment": "x" * 501}, 400),
        ({"page": "nope"}, 404),
    ],
)
def test_bad_input(client_for, employee, faq, data, status):
    response = client_for(employee).post(ANSWER, {"page": str(faq.pk), "helpful": "yes", **data})
    assert response.status_code == status
    assert not HelpfulVote.objects.exists()


def test_question_off_is_403_and_not_shown(client_for, employee, article):
    assert answer(client_for(employee), article).status_code == 403
    assert "Was this page helpful?" not in client_for(employee).get(article.url).content.decode()


def test_csrf_and_get_are_refused(employee, faq):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    assert client.get(ANSWER).status_code == 405
    assert answer(client, faq).status_code == 403
    assert not HelpfulVote.objects.exists()


def test_non_member_gets_404(client_for, outsider, community):
    set_policy(community, comments_enabled=True, helpful_enabled=True)
    topic = add_page(community, "Secret FAQ")
    assert answer(client_for(outsider), topic).status_code == 404
    assert not HelpfulVote.objects.exists()
