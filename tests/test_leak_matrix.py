"""The leak matrix: every URL pattern of our apps and every template tag of our libraries, asked
about a private community's page and each of its items (a comment, a reaction target, a poll
placement, a contribution, a contribution's document) by people outside it, answers as it does
for an id that does not exist (status and body, modulo ids and CSRF tokens); a listing with no
id names none of the community's titles or texts. A new endpoint or tag fails the test until it
is given a row here ("new endpoint X is not covered by the leak matrix")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import management, signing
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.template.backends.django import get_installed_libraries
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission

from tests.contributions_helpers import ALL_KINDS, make_contribution
from tests.polls_admin import poll_permissions
from tests.test_polls_voting import make_poll
from tests.testapp.models import PollPage
from tests.utils import add_page, make_comment, make_user, restrict_to_groups, set_policy
from wagtail_social.delivery import stop_token
from wagtail_social.notifications import MUTE_SALT, mute_token
from wagtail_social.targets import target_for

pytestmark = pytest.mark.django_db

MISSING = 987654321
# What a non-member must never read, on any screen.
MARKERS = ("Hushclub", "Whisper topic", "Secret plan", "Secret idea", "Secret question?")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+|("csrfToken": ")[^"]+|(csrftoken=)[^;"]+')


@dataclass
class World:
    page: object
    poll_page: object
    comment: object
    poll: object
    contribution: object
    documented: object
    outsider: object
    admin_outsider: object


@pytest.fixture
def world(home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WAGTAIL_SOCIAL_SEARCH_INDEX_DIR = str(tmp_path / "index")  # built by the search rows
    members = Group.objects.create(name="Hush members")
    member = make_user("carol", members)
    community = add_page(home, "Hushclub")
    restrict_to_groups(community, members)
    set_policy(
        community,
        comments_enabled=True,
        reactions_enabled=True,
        helpful_enabled=True,
        polls_enabled=True,
        **ALL_KINDS,
    )
    page = add_page(community, "Whisper topic")
    poll = make_poll(question="Secret question?")
    placed = add_page(community, "Whisper pulse", model=PollPage, body=[("poll", poll)])
    comment = make_comment(page, member, text="Secret plan")
    contribution = make_contribution(page, member, title="Secret idea")
    document = get_document_model().objects.create(
        title="Secret idea plan", file=ContentFile(b"%PDF", "p.pdf")
    )
    documented = make_contribution(page, member, title="Secret idea 2", document=document)
    admin_outsider = make_user("otto", *staff_groups(add_page(home, "Open section")))
    return World(page, placed, comment, poll, contribution, documented, make_user("dave"), admin_outsider)


def staff_groups(section):
    """An admin user of another section: edits its pages, moderates, manages contributions, edits
    polls, reads the figures; member of no community."""
    group = Group.objects.create(name="Other section's staff")
    GroupPagePermission.objects.create(group=group, page=section, permission_type="change")
    codenames = ["access_admin", "moderate_comments", "manage_contribution", "view_participation"]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    group.permissions.add(*poll_permissions("add_poll", "change_poll", "delete_poll", "export_poll_voters"))
    return [group]


# The rows -------------------------------------------------------------------------------------
# ``same``: (method, path, data) for the private item and for a missing id, compared.
# ``listing``: (method, path, data), whose body must name nothing of the community.


@dataclass
class Row:
    kind: str  # "same" or "listing"
    build: Callable[[World], tuple]


def same(build):
    return Row("same", build)


def listing(path, method="get", data=None):
    return Row("listing", lambda w: (method, path, data or {}))


def by_pk(template, pk_of, method="get", data=None):
    return same(
        lambda w: ((method, template.format(pk_of(w)), data), (method, template.format(MISSING), data))
    )


def page_post(path, extra=None, page_of=lambda w: w.page):
    def build(w):
        extra_data = extra(w) if callable(extra) else (extra or {})
        return (
            ("post", path, {"page": page_of(w).pk, **extra_data}),
            ("post", path, {"page": MISSING, **extra_data}),
        )

    return same(build)


def comment_post(path, method="post"):
    return same(
        lambda w: (
            (
                method,
                path,
                {"page": w.page.pk, "comment": w.comment.pk, "kind": "like", "reaction": "add:like"},
            ),
            (method, path, {"page": w.page.pk, "comment": MISSING, "kind": "like", "reaction": "add:like"}),
        )
    )


def mute(w):
    """The stop link of a follow-up email the outsider got while still a member."""
    token = mute_token(w.outsider.pk, target_for(w.page))
    missing = signing.dumps(
        {"u": w.outsider.pk, "t": target_for(w.page).content_type_id, "o": str(MISSING)}, salt=MUTE_SALT
    )
    return ("get", f"/social/mute/{token}/", {}), ("get", f"/social/mute/{missing}/", {})


def indexed(build):
    """A row of the search app: the world is indexed first (the test settings' whoosh alias is
    not updated on save)."""

    def indexed_build(w):
        rebuild_search_index()
        return build(w)

    return indexed_build


def rebuild_search_index() -> None:
    management.call_command("update_index", backend_name="social", stdout=StringIO())


POLLS = "/admin/snippets/wagtail_social_polls/poll/"
CHOOSE_POLL = "/admin/snippets/choose/wagtail_social_polls/poll/"
CONTRIBUTION = "/contributions/{}/"

URL_MATRIX: dict[str, Row] = {
    # Public endpoints (wagtail_social.urls)
    "wagtail_social:post_comment": page_post(
        "/social/comments/post/",
        lambda w: {"content_type": "wagtailcore.page", "object_pk": w.page.pk, "comment": "Hi"},
    ),
    "wagtail_social:edit_comment": by_pk("/social/comments/{}/edit/", lambda w: w.comment.pk),
    "wagtail_social:flag_comment": by_pk("/social/comments/{}/flag/", lambda w: w.comment.pk, "post"),
    "wagtail_social:withdraw_report": by_pk(
        "/social/comments/{}/withdraw-report/", lambda w: w.comment.pk, "post"
    ),
    "wagtail_social:discussion": by_pk("/social/pages/{}/comments/", lambda w: w.page.pk),
    "wagtail_social:target_discussion": by_pk(
        "/social/discussions/wagtailcore.page/{}/comments/", lambda w: w.page.pk
    ),
    "wagtail_social:mute": same(mute),
    "wagtail_social:react": comment_post("/social/reactions/"),
    "wagtail_social:who_reacted": comment_post("/social/reactions/who/", "get"),
    "wagtail_social:helpful": page_post("/social/helpful/", {"helpful": "yes"}),
    "wagtail_social:notification_preferences": listing("/social/notifications/"),
    "wagtail_social:notifications_stop": Row(
        "listing",
        lambda w: ("get", f"/social/notifications/stop/{stop_token(w.outsider.pk, 'replies')}/", {}),
    ),
    "wagtail_social:follow": page_post(
        "/social/follow/",
        lambda w: {"content_type": "wagtailcore.page", "object_pk": w.page.pk, "follow": "1"},
    ),
    "wagtail_social:mention_people": same(
        lambda w: (
            ("get", "/social/mentions/people/", {"page": w.page.pk, "q": "ca"}),
            ("get", "/social/mentions/people/", {"page": MISSING, "q": "ca"}),
        )
    ),
    # Polls and contributions
    "wagtail_social_polls:vote": page_post(
        "/polls/vote/",
        lambda w: {"poll": w.poll.pk, "choice": w.poll.choices.first().pk},
        lambda w: w.poll_page,
    ),
    "wagtail_social_contributions:submit": page_post(
        "/contributions/submit/", {"kind": "idea", "idea-title": "T", "idea-text": "x"}
    ),
    "wagtail_social_contributions:detail": by_pk(CONTRIBUTION, lambda w: w.contribution.pk),
    "wagtail_social_contributions:edit": by_pk(CONTRIBUTION + "edit/", lambda w: w.contribution.pk),
    "wagtail_social_contributions:withdraw": by_pk(
        CONTRIBUTION + "withdraw/", lambda w: w.contribution.pk, "post"
    ),
    "wagtail_social_contributions:support": by_pk(
        CONTRIBUTION + "support/", lambda w: w.contribution.pk, "post"
    ),
    "wagtail_social_contributions:document": by_pk(CONTRIBUTION + "document/", lambda w: w.documented.pk),
    "wagtail_social_contributions:accept": by_pk(
        CONTRIBUTION + "accept/", lambda w: w.contribution.pk, "post"
    ),
    "wagtail_social_contributions:report": by_pk(
        CONTRIBUTION + "report/", lambda w: w.contribution.pk, "post", {"reason": "offensive"}
    ),
    "wagtail_social_contributions:withdraw_report": by_pk(
        CONTRIBUTION + "withdraw-report/", lambda w: w.contribution.pk, "post"
    ),
    "wagtail_social_contributions:similar": same(
        lambda w: (
            ("get", "/contributions/similar/", {"page": w.page.pk, "q": "Secret"}),
            ("get", "/contributions/similar/", {"page": MISSING, "q": "Secret"}),
        )
    ),
    # The search page: the community's words find nothing, in results, counts, facets,
    # suggestions and highlights (tests/search/test_search_page.py compares the whole page with
    # the page of an index without the community).
    "wagtail_social_search:search": Row(
        "listing",
        indexed(
            lambda w: ("get", "/search/", {"q": "secret OR plan OR idea OR question OR whisper OR hushclub"})
        ),
    ),
    "wagtail_social_kpi:measured": listing("/participation/measured/"),
    "wagtail_social_kpi:contributor_list": listing(
        "/participation/measured/contributor-list/", "post", {"list": "in"}
    ),
    # Our admin screens
    "wagtail_social_admin:policy": by_pk("/admin/social/pages/{}/participation/", lambda w: w.page.pk),
    "wagtail_social_admin:helpfulness": listing("/admin/social/reports/helpfulness/"),
    "wagtail_social_admin:helpfulness_results": listing("/admin/social/reports/helpfulness/results/"),
    "wagtail_social_admin:helpful_comments": listing("/admin/social/reports/helpful-comments/"),
    "wagtail_social_admin:helpful_comments_results": listing(
        "/admin/social/reports/helpful-comments/results/"
    ),
    "wagtail_social_contributions_reports:overdue": listing("/admin/social/reports/contributions/overdue/"),
    "wagtail_social_contributions_reports:answer_times": listing(
        "/admin/social/reports/contributions/answer-times/"
    ),
    "wagtail_social_contributions_reports:answer_times_results": listing(
        "/admin/social/reports/contributions/answer-times/results/"
    ),
    # The usage charter: the same for everyone, and nothing of any community in it.
    "wagtail_social_charter:current": listing("/charter/"),
    "wagtail_social_charter:version": listing("/charter/1/"),
    "wagtail_social_charter:accept": listing("/charter/accept/"),
    "wagtail_social_charter_admin:add": listing("/admin/social/charter/add/"),
    "wagtail_social_contributions_reports:overdue_results": listing(
        "/admin/social/reports/contributions/overdue/results/"
    ),
    "wagtail_social_kpi_admin:dashboard": listing("/admin/participation/"),
    **{
        f"wagtail_social_kpi_reports:{name}{suffix}": listing(f"/admin/social-kpi/reports/{name}/{path}")
        for name in ("pages", "sections", "departments", "periods", "year_on_year")
        for suffix, path in (("", ""), ("_results", "results/"))
    },
    "wagtailsnippets_wagtail_social_polls_poll:list": listing(POLLS),
    "wagtailsnippets_wagtail_social_polls_poll:list_results": listing(POLLS + "results/"),
    "wagtailsnippets_wagtail_social_polls_poll:add": listing(POLLS + "add/"),
    **{
        f"wagtailsnippets_wagtail_social_polls_poll:{name}": by_pk(POLLS + path + "/{}/", lambda w: w.poll.pk)
        for name, path in (
            ("edit", "edit"),
            ("delete", "delete"),
            ("usage", "usage"),
            ("history", "history"),
            ("history_results", "history-results"),
            ("copy", "copy"),
            ("results", "results"),
            ("voters", "voters"),
        )
    },
    "wagtailsnippetchoosers_wagtail_social_polls_poll:choose": listing(CHOOSE_POLL),
    "wagtailsnippetchoosers_wagtail_social_polls_poll:choose_results": listing(CHOOSE_POLL + "results/"),
    "wagtailsnippetchoosers_wagtail_social_polls_poll:chosen": by_pk(
        CHOOSE_POLL + "chosen/{}/", lambda w: w.poll.pk
    ),
    "wagtailsnippetchoosers_wagtail_social_polls_poll:chosen_multiple": same(
        lambda w: (
            ("get", CHOOSE_POLL + "chosen-multiple/", {"id": w.poll.pk}),
            ("get", CHOOSE_POLL + "chosen-multiple/", {"id": MISSING}),
        )
    ),
    "wagtail_social_admin:queue": listing("/admin/social/queue/?state=attention"),
    "wagtail_social_moderation:index": listing("/admin/social/comments/"),
    "wagtail_social_moderation:index_results": listing("/admin/social/comments/results/"),
    "wagtail_social_moderation:edit": by_pk("/admin/social/comments/review/{}/", lambda w: w.comment.pk),
    "wagtail_social_contributions_admin:index": listing("/admin/social/contributions/"),
    "wagtail_social_contributions_admin:index_results": listing("/admin/social/contributions/results/"),
    "wagtail_social_contributions_admin:edit": by_pk(
        "/admin/social/contributions/review/{}/", lambda w: w.contribution.pk
    ),
    "wagtail_social_contribution_moderation:review": by_pk(
        "/admin/social/contribution-moderation/{}/", lambda w: w.contribution.pk
    ),
    "wagtail_social_contributions_admin:bulk_status": same(
        lambda w: (
            (
                "post",
                "/admin/social/contributions/bulk-status/",
                {"id": w.contribution.pk, "state": "accepted"},
            ),
            ("post", "/admin/social/contributions/bulk-status/", {"id": MISSING, "state": "accepted"}),
        )
    ),
}


def our_url_names() -> set[str]:
    """Every named URL pattern whose view lives in one of our apps, with its namespaces."""

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", pattern.callback)
                if view.__module__.startswith("wagtail_social"):
                    yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver()))


def test_every_endpoint_is_in_the_matrix():
    for name in sorted(our_url_names()):
        assert name in URL_MATRIX, f"new endpoint {name} is not covered by the leak matrix"
    assert set(URL_MATRIX) <= our_url_names()  # no row for an endpoint that is gone


def normalised(response, *ids) -> tuple:
    body = CSRF.sub(r"\1\2\3", response.content.decode(errors="replace"))
    location = response.headers.get("Location", "")
    for value in sorted({str(v) for v in ids}, key=len, reverse=True):
        number = re.compile(rf"(?<!\d){value}(?!\d)")
        body, location = number.sub("<id>", body), number.sub("<id>", location)
    return response.status_code, location, body


def ask(client, request):
    method, path, data = request
    return getattr(client, method)(path, data or {})


def ids_in(request) -> list:
    _method, path, data = request
    return re.findall(r"\d+", path) + [str(v) for v in (data or {}).values() if str(v).isdigit()]


@pytest.mark.parametrize("name", sorted(URL_MATRIX))
@pytest.mark.parametrize("who", ["anonymous", "outsider", "admin_outsider"])
def test_outsiders_get_what_a_missing_id_gets(world, name, who):
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(world, who))
    row = URL_MATRIX[name]
    if row.kind == "listing":
        body = ask(client, row.build(world)).content.decode(errors="replace")
        assert [marker for marker in MARKERS if marker in body] == []
        return
    private, missing = row.build(world)
    ids = [i for i in ids_in(private) + ids_in(missing) if int(i) > 0]
    assert normalised(ask(client, private), *ids) == normalised(ask(client, missing), *ids)


# Template tags ---------------------------------------------------------------------------------
# Each renders nothing, or nothing of the community, for a non-member.

TAG_MATRIX: dict[str, str] = {
    "wagtail_social_tags.social_participation": "{% social_participation page %}",
    "wagtail_social_tags.social_discussion": "{% social_discussion page %}",
    "wagtail_social_tags.social_url_if_included": "{% social_url_if_included 'wagtail_social:react' %}",
    "wagtail_social_tags.social_menu_pages": "{% social_menu_pages home as p %}{{ p|join:',' }}",
    "wagtail_social_tags.social_child_pages": "{% social_child_pages home as p %}{{ p|join:',' }}",
    "wagtail_social_tags.social_breadcrumb_pages": "{% social_breadcrumb_pages page as p %}{{ p|join:',' }}",
    "wagtail_social_contributions_tags.social_contributions": "{% social_contributions page %}",
    "wagtail_social_contributions_tags.social_idea_box": "{% social_idea_box community %}",
    "wagtail_social_contributions_tags.social_similar_contributions": "{% social_similar_contributions page None %}",
    "wagtail_social_contributions_tags.state_label": "{% state_label 'new' %}",
    "wagtail_social_polls_tags.social_poll": "{% social_poll poll %}",
    "wagtail_social_search_tags.social_search": "{% social_search query='secret OR hushclub OR whisper' %}",
}


def our_tags() -> set[str]:
    found = set()
    for name, module in get_installed_libraries().items():
        if module.startswith("wagtail_social"):
            library = __import__(module, fromlist=["register"]).register
            found |= {f"{name}.{tag}" for tag in (*library.tags, *library.filters)}
    return found


def test_every_tag_is_in_the_matrix():
    for name in sorted(our_tags()):
        assert name in TAG_MATRIX, f"new tag {name} is not covered by the leak matrix"
    assert set(TAG_MATRIX) <= our_tags()


@pytest.mark.parametrize("name", sorted(TAG_MATRIX))
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_tags_show_outsiders_nothing_of_the_community(world, home, name, who):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", SERVER_NAME="testserver")
    request.user = AnonymousUser() if who == "anonymous" else world.outsider
    request.session = {}
    library = name.split(".")[0]
    if library == "wagtail_social_search_tags":
        rebuild_search_index()
    context = {
        "request": request,
        "home": home,
        "page": world.page,
        "community": world.page.get_parent(),
        "poll": world.poll,
    }
    rendered = Template(f"{{% load {library} %}}{TAG_MATRIX[name]}").render(Context(context))
    assert [marker for marker in MARKERS if marker in rendered] == []
