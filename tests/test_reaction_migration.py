"""Migration 0006 turns reactions to comments (a comment foreign key) into reactions to a
target (XtdComment's content type and the comment's id), keeping every row, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.utils import make_comment

BEFORE = [("wagtail_social", "0006_policy_switches")]
AFTER = [("wagtail_social", "0007_reaction_targets")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_reaction_is_kept_and_comment_reactions_name_their_comment(article, employee, colleague):
    from django.contrib.contenttypes.models import ContentType
    from django_comments_xtd.models import XtdComment

    comments = [make_comment(article, colleague, f"c{n}") for n in range(2)]
    try:
        old = migrate(BEFORE).get_model("wagtail_social", "Reaction")
        for user in (employee, colleague):
            old.objects.create(user_id=user.pk, page_id=article.pk, kind="like")
            for comment in comments:
                old.objects.create(user_id=user.pk, page_id=article.pk, comment_id=comment.pk, kind="bravo")
        new = migrate(AFTER).get_model("wagtail_social", "Reaction")
        comment_type = ContentType.objects.get_for_model(XtdComment).pk
        rows = sorted(new.objects.values_list("user_id", "target_type_id", "target_id", "kind"), key=str)
        expected = [(user.pk, None, None, "like") for user in (employee, colleague)] + [
            (user.pk, comment_type, comment.pk, "bravo")
            for user in (employee, colleague)
            for comment in comments
        ]
        assert rows == sorted(expected, key=str)
        back = migrate(BEFORE).get_model("wagtail_social", "Reaction")
        assert back.objects.filter(comment__isnull=False).count() == 4
        assert back.objects.count() == 6
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
