# Reactions name their target by content type and id (a comment, or any object registered as
# a discussion target) instead of a comment foreign key. Every row is kept: a reaction to a
# comment becomes a reaction to the target (XtdComment's content type, the comment's id).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def comment_type(apps, alias):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.using(alias).get_or_create(
        app_label="django_comments_xtd", model="xtdcomment"
    )
    return content_type


def comments_to_targets(apps, schema_editor):
    Reaction = apps.get_model("wagtail_social", "Reaction")
    alias = schema_editor.connection.alias
    on_comments = Reaction.objects.using(alias).filter(comment__isnull=False)
    if on_comments.exists():
        on_comments.update(target_type=comment_type(apps, alias), target_id=F("comment_id"))


def targets_to_comments(apps, schema_editor):
    """Back to comment foreign keys: reactions to other targets cannot be represented before
    this migration, so they are deleted."""
    Reaction = apps.get_model("wagtail_social", "Reaction")
    alias = schema_editor.connection.alias
    reactions = Reaction.objects.using(alias)
    kept = comment_type(apps, alias)
    reactions.filter(target_type__isnull=False).exclude(target_type=kept).delete()
    reactions.filter(target_type=kept).update(comment_id=F("target_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtail_social', '0006_policy_switches'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reaction',
            name='target_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='target id'),
        ),
        migrations.AddField(
            model_name='reaction',
            name='target_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='target type'),
        ),
        migrations.RemoveConstraint(
            model_name='reaction',
            name='wagtail_social_one_page_reaction_per_kind',
        ),
        migrations.RemoveConstraint(
            model_name='reaction',
            name='wagtail_social_one_comment_reaction_per_kind',
        ),
        migrations.RemoveIndex(
            model_name='reaction',
            name='wagtail_social_reaction_target',
        ),
        migrations.RunPython(comments_to_targets, targets_to_comments),
        # Here, between the old constraints and the comment column, so the way back copies the
        # ids into the column before the old constraints return.
        migrations.RemoveField(
            model_name='reaction',
            name='comment',
        ),
        migrations.AddIndex(
            model_name='reaction',
            index=models.Index(fields=['page', 'target_type', 'target_id', 'kind'], name='wagtail_social_reaction_target'),
        ),
        migrations.AddConstraint(
            model_name='reaction',
            constraint=models.UniqueConstraint(condition=models.Q(('target_type__isnull', True)), fields=('user', 'page', 'kind'), name='wagtail_social_one_page_reaction_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='reaction',
            constraint=models.UniqueConstraint(condition=models.Q(('target_type__isnull', False)), fields=('user', 'target_type', 'target_id', 'kind'), name='wagtail_social_one_target_reaction_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='reaction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('target_id__isnull', True), ('target_type__isnull', True)), models.Q(('target_id__isnull', False), ('target_type__isnull', False)), _connector='OR'), name='wagtail_social_reaction_target_complete'),
        ),
    ]
