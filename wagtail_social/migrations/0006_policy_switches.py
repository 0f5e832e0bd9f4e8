"""Features' switches stored by key (``switches``) instead of one column per feature: every value
editors set is copied over, then the columns go. A new feature then needs no core migration."""

from django.db import migrations, models

SWITCHES = {"comments": "comments_enabled", "reactions": "reactions_enabled", "helpful": "helpful_enabled", "polls": "polls_enabled"}


def columns_to_switches(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model_name, keep_unset in (("ParticipationPolicy", True), ("SocialSettings", False)):
        model = apps.get_model("wagtail_social", model_name)
        for row in model.objects.using(alias).all():
            row.switches = {
                key: getattr(row, column)
                for key, column in SWITCHES.items()
                if getattr(row, column) is not None or not keep_unset
            }
            row.save(update_fields=["switches"])


def switches_to_columns(apps, schema_editor):
    alias = schema_editor.connection.alias
    defaults = {"comments": False, "reactions": False, "helpful": False, "polls": True}
    for model_name, keep_unset in (("ParticipationPolicy", True), ("SocialSettings", False)):
        model = apps.get_model("wagtail_social", model_name)
        for row in model.objects.using(alias).all():
            for key, column in SWITCHES.items():
                value = (row.switches or {}).get(key)
                setattr(row, column, value if value is not None or keep_unset else defaults[key])
            row.save(update_fields=list(SWITCHES.values()))


class Migration(migrations.Migration):

    dependencies = [
        ("wagtail_social", "0005_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="participationpolicy",
            name="switches",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Feature key → on (true) or off (false); a feature that is absent inherits.",
                verbose_name="features switched on or off",
            ),
        ),
        migrations.AddField(
            model_name="socialsettings",
            name="switches",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Feature key → on (true) or off (false); a feature that is absent takes its own default.",
                verbose_name="features on by default",
            ),
        ),
        migrations.RunPython(columns_to_switches, switches_to_columns),
        *(
            migrations.RemoveField(model_name=model_name, name=column)
            for model_name in ("participationpolicy", "socialsettings")
            for column in SWITCHES.values()
        ),
    ]
