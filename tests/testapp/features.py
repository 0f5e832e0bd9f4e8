"""The test app's own participation feature: "kudos", a switch and nothing else. It shows that a
feature outside the suite needs no change to the core and no core migration."""

from wagtail_social.features import Feature, Searchable, register_feature


def register_kudos():
    from .models import Announcement

    register_feature(
        Feature(
            key="kudos",
            label="Kudos",
            help_text="Colleagues thank the author of the page.",
            default=False,
            order=50,
            # What the search app indexes of the feature (tests/search/): announcements, found
            # by those who may see their page.
            searchable=[
                Searchable(
                    model=Announcement,
                    kind="announcement",
                    label="Announcements",
                    page_id=lambda a: a.page_id,
                )
            ],
        )
    )
