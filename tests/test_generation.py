"""Pages, view restrictions and policies kept in memory between requests (``generation``):
every change an editor can make applies to the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from tests.utils import (
    add_page,
    make_user,
    our_receivers_disconnected,
    restrict_to_groups,
    set_policy,
    set_site_defaults,
)
from wagtail_social import generation
from wagtail_social.models import Generation, Reaction, SocialSettings

pytestmark = pytest.mark.django_db
REACT = reverse("wagtail_social:react")


@pytest.fixture
def reactive(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "Reactive")


def react(client, page, reaction="add:like"):
    return client.post(REACT, {"page": str(page.pk), "reaction": reaction}, HTTP_X_WAGTAIL_SOCIAL="1")


def queries_of(call) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return [query["sql"] for query in ctx.captured_queries]


def test_a_second_reaction_reads_no_page_restriction_or_policy(client_for, employee, reactive):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    sql = queries_of(lambda: react(client, reactive, "remove:like"))
    tables = " ".join(sql)
    assert "wagtailcore_page" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables
    assert "wagtail_social_participationpolicy" not in tables
    assert "wagtail_social_socialsettings" not in tables
    # The generation, the session, the user, the write and the counts of the target.
    assert len(sql) == 5, sql


def test_a_new_restriction_applies_to_the_next_request(client_for, employee, reactive):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    restrict_to_groups(reactive, Group.objects.create(name="Board"))
    assert react(client, reactive, "remove:like").status_code == 404
    assert Reaction.objects.count() == 1


def test_removing_someone_from_the_restrictions_groups_applies_at_once(client_for, reactive):
    board = Group.objects.create(name="Board")
    restriction = restrict_to_groups(reactive, board)
    director = make_user("director", board)
    client = client_for(director)
    assert react(client, reactive).status_code == 200
    restriction.groups.remove(board)  # the restriction now admits nobody but superusers
    assert react(client, reactive, "add:bravo").status_code == 404


def test_a_lifted_restriction_applies_at_once(client_for, employee, reactive):
    restriction = restrict_to_groups(reactive, Group.objects.create(name="Board"))
    client = client_for(employee)
    assert react(client, reactive).status_code == 404
    restriction.delete()
    assert react(client, reactive).status_code == 200


def test_unpublishing_applies_at_once(client_for, employee, reactive):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    reactive.unpublish()
    assert react(client, reactive, "remove:like").status_code == 404


def test_moving_a_page_under_a_restricted_section_applies_at_once(client_for, employee, reactive, community):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    reactive.move(community, pos="last-child")
    assert react(client, reactive, "remove:like").status_code == 404


def test_a_policy_change_applies_at_once(client_for, employee, reactive, section):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    set_policy(section, reactions_enabled=False)
    assert react(client, reactive, "remove:like").status_code == 403


def test_a_site_default_change_applies_at_once(client_for, employee, home, site_defaults):
    page = add_page(home, "Uses the defaults")
    client = client_for(employee)
    assert react(client, page).status_code == 403
    set_site_defaults(site_defaults, reactions_enabled=True)
    assert react(client, page).status_code == 200


def test_every_change_moves_the_generation_on(reactive, members):
    def number():
        return Generation.objects.get(pk=1).number

    before = number()
    set_policy(reactive, helpful_enabled=True)
    restriction = PageViewRestriction.objects.create(
        page=reactive, restriction_type=PageViewRestriction.LOGIN
    )
    restriction.delete()
    SocialSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert number() >= before + 4


def test_without_the_row_nothing_is_kept_and_answers_stay_right(client_for, employee, reactive):
    Generation.objects.all().delete()
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    assert "wagtail_social_participationpolicy" in " ".join(queries_of(lambda: react(client, reactive)))
    generation.bump()  # recreates the row
    assert Generation.objects.get(pk=1).number == 1


def test_what_is_kept_is_bounded(rf, reactive, monkeypatch):
    monkeypatch.setattr(generation, "MAX_ENTRIES", 3)
    request = rf.get("/")
    for key in range(10):
        generation.remembered(request, ("test", key), lambda key=key: key)
    assert len(generation._entries) == 3
    assert generation.remembered(request, ("test", 9), lambda: "recomputed") == 9
    assert generation.remembered(request, ("test", 0), lambda: "recomputed") == "recomputed"


def test_a_change_made_elsewhere_applies_once_the_number_moves(client_for, employee, reactive):
    """What another process does reaches this one only through the number in the database:
    a change without signals (as another process's would look here) is ignored until the
    number moves, then applies at once."""
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    PageViewRestriction.objects.bulk_create(  # no post_save signal
        [PageViewRestriction(page=reactive, restriction_type=PageViewRestriction.GROUPS)]
    )
    assert react(client, reactive, "add:bravo").status_code == 200  # still the rules kept
    Generation.objects.filter(pk=1).update(number=12345)
    assert react(client, reactive, "add:useful").status_code == 404


def test_a_new_slug_applies_to_the_next_redirect(client_for, employee, reactive):
    client = client_for(employee)
    response = client.post(REACT, {"page": str(reactive.pk), "reaction": "add:like"})
    assert response["Location"] == "/section/reactive/#social-reactions"
    reactive.slug = "renamed"
    reactive.save_revision().publish()
    response = client.post(REACT, {"page": str(reactive.pk), "reaction": "remove:like"})
    assert response["Location"] == "/section/renamed/#social-reactions"


def test_bulk_deletes_stay_one_statement():
    """The generation listens to page models by name: a receiver for every model's deletions
    would make Django load and signal each row of a bulk or cascading delete (millions of
    reading records when a section goes) instead of sending one DELETE."""
    from django.db.models.deletion import Collector

    from wagtail_social.models import PageView

    collector = Collector(using="default")
    assert collector.can_fast_delete(PageView.objects.none())
    assert collector.can_fast_delete(Reaction.objects.none())


# What moves the number on, and what does not ------------------------------------------------


def number() -> int:
    return Generation.objects.get(pk=1).number


def edit(client, page, **fields):
    """A POST to Wagtail's own edit view, as the editor's browser sends it (``Save draft``)."""
    data = {"title": page.title, "slug": page.slug, **fields}
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def autosave(client, page, overwrite=None, **fields):
    """What Wagtail 8's autosave sends while an editor types: the edit form, posted to the same
    view, asking for JSON (``Accept``), and from the second time on the revision to overwrite."""
    data = {"title": page.title, "slug": page.slug, **fields}
    if overwrite is not None:
        data.update({"overwrite_revision_id": overwrite, "loaded_revision_id": overwrite})
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200, response.content[:300]
    answer = response.json()
    assert answer["success"], answer
    return answer["revision_id"]


@pytest.fixture
def draft(section):
    """A page never published: Wagtail writes it whole at each draft save and autosave."""
    from tests.testapp.models import PlainPage

    return section.add_child(instance=PlainPage(title="Draft", slug="draft", live=False))


def test_a_draft_save_through_the_edit_view_leaves_the_number(client_for, editor, reactive, draft):
    client = client_for(editor)
    before = number()
    assert edit(client, reactive, title="Reactive, reworded").status_code == 302
    assert edit(client, draft, title="Draft, reworded", slug="draft-renamed").status_code == 302
    assert number() == before
    reactive.refresh_from_db()
    assert reactive.draft_title == "Reactive, reworded" and reactive.title == "Reactive"  # a draft indeed


def test_autosaves_leave_the_number(client_for, editor, reactive, draft):
    client = client_for(editor)
    before = number()
    for page in (reactive, draft):
        revision = autosave(client, page, title=f"{page.title}, t")
        for letters in ("ty", "typ", "typi", "typin", "typing"):
            assert autosave(client, page, overwrite=revision, title=f"{page.title}, {letters}") == revision
    assert number() == before
    assert reactive.revisions.count() == 2  # the publish of ``add_page`` and the one overwritten


def test_every_access_change_moves_the_number_on(client_for, reactive, section, community):
    """Each change that alters what a reader reaches, or where, moves the number on, by
    whatever path Wagtail takes for it."""
    from tests.testapp.models import PlainPage

    def moves(change):
        before = number()
        change()
        assert number() > before, change.__name__

    other = add_page(section, "Other")

    def publish():
        reactive.save_revision().publish()

    def rename():
        reactive.slug = "renamed"
        reactive.save_revision().publish()

    def publish_through_the_admin():
        publisher = make_user("pat", Group.objects.get(name="Moderators"))  # Wagtail's: may publish
        assert edit(client_for(publisher), other, **{"action-publish": "1"}).status_code == 302
        other.refresh_from_db()
        assert other.live and not other.has_unpublished_changes

    def unpublish():
        other.unpublish()

    def move():
        reactive.move(community, pos="last-child")

    def delete():
        other.delete()

    def create_live():
        add_page(section, "Created live")

    def restriction_create():
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    def restriction_delete():
        PageViewRestriction.objects.get(page=section).delete()

    def restriction_groups_change():
        restriction = PageViewRestriction.objects.get(page=community)
        restriction.groups.add(Group.objects.create(name="Board"))

    def site_change():
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Intranet"
        site.save()

    def policy_change():
        set_policy(section, reactions_enabled=False)

    def site_defaults_change():
        set_site_defaults(
            SocialSettings.for_site(Site.objects.get(is_default_site=True)), reactions_enabled=True
        )

    for change in (
        publish,
        rename,
        publish_through_the_admin,
        unpublish,
        move,
        delete,
        create_live,
        restriction_create,
        restriction_delete,
        restriction_groups_change,
        site_change,
        policy_change,
        site_defaults_change,
    ):
        moves(change)
    before = number()
    section.add_child(instance=PlainPage(title="Created as a draft", live=False))
    assert number() == before  # nobody can reach it until it is published


def test_renaming_a_draft_page_moves_the_number_on_for_its_live_pages(
    client_for, editor, draft, django_capture_on_commit_callbacks
):
    """A draft page's URL matters to nobody, but those of the live pages under it change with
    it (Wagtail says so once the rename is committed)."""
    add_page(draft, "Live child")
    draft.refresh_from_db()
    before = number()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(client_for(editor), draft, slug="draft-renamed").status_code == 302
    assert number() > before


def test_first_render_of_a_poll_leaves_the_number_and_the_vote_is_accepted(client_for, employee, section):
    """A GET that places a poll (``{% social_poll %}``, first render on that page) writes the
    placement but does not empty every process's memory; the vote endpoint never kept the "not
    placed" it answered before, so a vote right after is accepted."""
    from tests.testapp.models import PollTagPage
    from wagtail_social_polls.models import Choice, Poll, PollPlacement

    poll = Poll.objects.create(question="Lunch?")
    yes = Choice.objects.create(poll=poll, text="Yes", sort_order=0)
    shown = add_page(section, "Tagged", model=PollTagPage, poll=poll)
    elsewhere = add_page(section, "Without the poll")
    client = client_for(employee)

    def vote(page):
        data = {"page": str(page.pk), "poll": str(poll.pk), "choice": [str(yes.pk)]}
        return client.post(reverse("wagtail_social_polls:vote"), data)

    assert vote(shown).status_code == 404  # never shown yet
    before = number()
    assert f'id="poll-{poll.pk}"' in client.get(shown.url).content.decode()
    assert PollPlacement.objects.filter(poll=poll, page=shown).exists()
    assert number() == before
    assert vote(shown).status_code == 302
    assert vote(elsewhere).status_code == 404
    assert vote(elsewhere).status_code == 404  # asked again, not remembered


def test_a_poll_removed_from_a_page_is_refused_at_once(client_for, employee, section):
    """The vote endpoint keeps "placed" for the generation. Removing the poll from the page's
    content moves the number on by itself, after the placement is gone (publishing moved it on
    before, when the page was saved: a vote in between must not keep the old answer)."""
    from tests.testapp.models import PollPage
    from wagtail_social_polls.blocks import poll_ids_in_content
    from wagtail_social_polls.models import Choice, Poll
    from wagtail_social_polls.placements import sync_from_content

    poll = Poll.objects.create(question="Lunch?")
    yes = Choice.objects.create(poll=poll, text="Yes", sort_order=0)
    page = add_page(section, "Pulse", model=PollPage, body=[("poll", poll)])
    data = {"page": str(page.pk), "poll": str(poll.pk), "choice": [str(yes.pk)]}
    client = client_for(employee)
    assert client.post(reverse("wagtail_social_polls:vote"), data).status_code == 302
    page.body = [("paragraph", "No poll any more")]
    before = number()
    sync_from_content(page, poll_ids_in_content(page))  # what the publish's receiver does, after the save
    assert number() == before + 1
    sync_from_content(page, poll_ids_in_content(page))  # nothing removed: the number stays
    assert number() == before + 1
    assert client.post(reverse("wagtail_social_polls:vote"), data).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the other process sees commits only
def test_the_next_request_in_another_process_sees_the_change(client_for, employee, reactive):
    """This process keeps the page and its rules in memory; another process, a real one (a
    Django of its own started with ``subprocess``, sharing nothing but the database), unpublishes
    the page through Wagtail's API; this process's next request refuses the page. Nothing told
    this process: it read the number its neighbour moved on."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    assert "wagtailcore_page" not in " ".join(queries_of(lambda: react(client, reactive, "remove:like")))
    before = number()
    database = {
        key: connection.settings_dict[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")
    }
    database["OPTIONS"] = connection.settings_dict.get("OPTIONS", {})
    subprocess.run(
        [sys.executable, "-m", "tests.other_process", json.dumps(database), "unpublish", str(reactive.pk)],
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
        timeout=120,
    )
    assert number() > before
    assert react(client, reactive).status_code == 404


# What our apps add to publishing ---------------------------------------------------------------


def publish_queries(page) -> list[str]:
    """The statements of publishing a new revision of ``page`` (after a first publish, which
    warms Django's and Wagtail's own caches)."""
    revision = page.save_revision()
    return queries_of(revision.publish)


def added_by_our_apps(make_page) -> tuple[int, list[str]]:
    """How many more statements publishing costs with our receivers connected than the same
    publish of a page in the same state without them, and the statements that touch our apps'
    tables in the former and not in the latter (Wagtail itself reads the polls a StreamField
    shows, to serialise it)."""
    ours, wagtails = make_page("Ours"), make_page("Wagtail alone")
    publish_queries(ours), publish_queries(wagtails)  # warm-up
    with_ours = publish_queries(ours)
    with our_receivers_disconnected():
        without = publish_queries(wagtails)
    added = [statement for statement in with_ours if "wagtail_social" in statement]
    for statement in without:
        if "wagtail_social" in statement:
            added.remove(statement.replace(f"= {wagtails.pk}", f"= {ours.pk}"))
    return len(with_ours) - len(without), added


def test_publishing_a_page_without_a_poll_block_costs_one_query_more(section):
    from tests.testapp.models import PlainPage
    from wagtail_social_polls.blocks import has_poll_block

    assert not has_poll_block(PlainPage)
    added, ours = added_by_our_apps(lambda title: add_page(section, title))
    assert added == 1, ours
    assert len(ours) == 1 and ours[0].startswith("UPDATE") and "wagtail_social_generation" in ours[0]


def test_publishing_a_page_with_a_poll_block_costs_the_bump_and_two_placement_statements(section):
    from tests.testapp.models import PollPage
    from wagtail_social_polls.blocks import has_poll_block
    from wagtail_social_polls.models import Poll

    assert has_poll_block(PollPage)
    poll = Poll.objects.create(question="Lunch?")
    added, ours = added_by_our_apps(
        lambda title: add_page(section, title, model=PollPage, body=[("poll", poll)])
    )
    assert added == 3, ours
    assert len(ours) == 3, ours
    assert ours[0].startswith("UPDATE") and "wagtail_social_generation" in ours[0]
    assert ours[1].startswith("DELETE") and "wagtail_social_polls_pollplacement" in ours[1]
    assert ours[2].startswith("INSERT") and "wagtail_social_polls_pollplacement" in ours[2]
