"""The test app's own participation feature: "kudos", a switch and nothing else. It shows that a
feature outside the suite needs no change to the core and no core migration."""

from wagtail_social.features import Feature, register_feature


def register_kudos():
    register_feature(
        Feature(
            key="kudos",
            label="Kudos",
            help_text="Colleagues thank the author of the page.",
            default=False,
            order=50,
        )
    )
