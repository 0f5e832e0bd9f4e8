"""``python -m django load_demo_data``: the demo intranet, ready to explore, with six months of
activity behind its participation figures, its months closed and the year before them stored
(a stand-in for purged history, ``demo/history.py``). Safe to run again."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import management
from django.core.management.base import BaseCommand
from django.db import transaction
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from wagtail_social.contributions.answer_targets import overdue
from wagtail_social.contributions.models import Contribution
from wagtail_social.models import PageView
from wagtail_social_polls.models import Poll, Voter

from ...demo import charter, comments, history, ideas, opinions, pages, people, polls, reading, roles

BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Load the demo intranet: site, pages, employees, demo logins and discussions (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            self.stdout.write("Personnes / people…")
            staff = people.load()
            self.stdout.write("Pages…")
            site_pages = pages.load(staff["groups"][roles.COMMUNITY_GROUP])
            self.stdout.write("Boîte à idées / idea box…")
            new_contributions = ideas.load(site_pages, staff["logins"]["animatrice"])
            self.stdout.write("Commentaires / comments…")
            new_comments = comments.load(site_pages.discussions)
            self.stdout.write("Réactions et avis / reactions and answers…")
            opinions.load(site_pages.discussions, site_pages.helpful_pages)
            self.stdout.write("Sondages et votes / polls and votes…")
            new_polls, new_votes = polls.load(site_pages.pages)
            self.stdout.write("Six mois de lecture / six months of reading…")
            new_views, _anonymous = reading.load()
            self.stdout.write("Mois clos et année précédente / closed months and the year before…")
            history.load()
            self.stdout.write("Charte d'utilisation / usage charter…")
            charter.load()
        self.stdout.write("Index de recherche / search index…")
        # Built in one pass beside the current index and swapped in (wagtail_social.search).
        management.call_command("update_index", stdout=self.stdout, chunk_size=500)
        new_counts = (
            staff["created"],
            site_pages.created,
            new_comments,
            new_contributions,
            new_polls,
            new_votes,
            new_views,
        )
        self.print_summary(*new_counts, poll_page=polls.poll_to_try(site_pages.pages))

    def print_summary(
        self,
        new_people,
        new_pages,
        new_comments,
        new_contributions,
        new_polls,
        new_votes,
        new_views,
        poll_page=None,
    ):
        page_type = ContentType.objects.get_for_model(Page)
        all_comments = XtdComment.objects.filter(content_type=page_type)
        counts = [
            ("Utilisateurs / users", get_user_model().objects.count(), new_people),
            ("Pages", Page.objects.filter(depth__gt=1).count(), new_pages),
            ("Commentaires / comments", all_comments.count(), new_comments),
            ("  dont en attente / held", all_comments.filter(is_public=False).count(), None),
            ("Contributions", Contribution.objects.count(), new_contributions),
            ("  en retard / overdue", overdue().count(), None),
            ("Sondages / polls", Poll.objects.count(), new_polls),
            ("Votants / voters", Voter.objects.count(), new_votes),
            ("Lectures / page views", PageView.objects.count(), new_views),
        ]
        out = self.stdout.write
        rule = "=" * 100
        out("")
        out(self.style.SUCCESS(rule))
        out(self.style.SUCCESS("  Intranet de démonstration prêt / Demo intranet ready"))
        out(self.style.SUCCESS(rule))
        for label, total, new in counts:
            suffix = f"  (+{new} créés / created)" if new is not None else ""
            out(f"  {label:<28} {total:>6}{suffix}")
        out("")
        out(f"  Site          {BASE_URL}/")
        out(f"  Admin Wagtail {BASE_URL}/admin/")
        out(f"  Admin Django  {BASE_URL}/django-admin/")
        if poll_page is not None:
            out(f"  Sondage       {BASE_URL}{poll_page.url}  (à essayer avec employe / try it as employe)")
        out(
            f"  Participation {BASE_URL}/admin/  (tableau de bord : communication / dashboard: communication)"
        )
        out(
            f"  Contributions {BASE_URL}/admin/social/contributions/  (animatrice ; en retard / overdue : "
            f"{BASE_URL}/admin/social/reports/contributions/overdue/)"
        )
        out(
            f"  Charte       {BASE_URL}/charter/  (acceptée au premier commentaire / accepted with the first comment)"
        )
        out(
            "  Lancer / run  DJANGO_SETTINGS_MODULE=example_site.settings python -m django runserver 127.0.0.1:8000"
        )
        out("")
        header = f"  {'identifiant / login':<20} {'mot de passe':<13} {'rôle / role':<34} à essayer / try"
        out(self.style.MIGRATE_HEADING(header))
        out("  " + "-" * 98)
        for login in people.DEMO_LOGINS:
            out(f"  {login.username:<20} {people.DEMO_PASSWORD:<13} {login.role_fr:<34} {login.try_fr}")
            out(f"  {'':<20} {'':<13} {login.role_en:<34} {login.try_en}")
        out(self.style.SUCCESS(rule))
