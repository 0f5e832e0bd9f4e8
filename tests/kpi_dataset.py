"""A hand-built dataset for the participation figures: every figure the tests assert is worked
out by hand from the records below (``tests/test_kpi_definitions.py`` shows the sums).

Settings (``KPI_SETTINGS``): the population is the active members of "Employees"; departments are
groups named "Dept: …"; k = 3; a heavy contributor has 3 contributions or more.

People (12 in the population): p1–p5 in Sales, p6–p10 in Tech, p11–p12 in HR (2: under k).
"Pilot" = p1, p2, p6, p7; "Pilot and Anne" = the pilot and p3 (differs by one person).
Outside the population: ``outsider`` (no Employees group, reads n1), ``former`` (an inactive
Employees member who reads n1), ``viewer`` (who looks at the figures; not a community member)
and ``member`` (a member of the private community).

Pages: Home > News (section) > n1 "News one", n2 "News two", c1 "Private topic" (restricted to
"Members"); Home > HR (section) > h1 "Training plan".

The range R is Monday 2 to Sunday 29 November 2026 (28 days, ISO weeks W1 2–8, W2 9–15,
W3 16–22, W4 23–29); its previous period P is 5 October to 1 November 2026.

Records in R (page views are one per person, page and day):
  page views  p1: n1 2/11, n1 10/11, n2 17/11, h1 24/11 (4 weeks)   p2: n1 3/11, n2 4/11 (W1)
              p3: n1 5/11, n1 19/11 (W1, W3)   p4: h1 11/11 (W2)   p6: n1 2/11, 9/11, 16/11
              p7: n2 25/11   p8: c1 12/11, n1 26/11 (W2, W4)   p11: h1 6/11
              outsider: n1 2/11   former: n1 3/11
  anonymous   n1 2/11: 10 views; h1 3/11: 2 views
  comments    p1: n1 3/11, 10/11, 17/11   p2: n2 4/11   p6: n1 9/11, 16/11   p9: h1 20/11
  reactions   like n1: p3 5/11, p4 11/11, p7 25/11   bravo n1: p5 12/11   like n2: p1 3/11
              like c1: p10 12/11
  helpful     n1 yes: p3 19/11, p4 11/11   n1 no: p6 16/11   h1 yes: p11 6/11
Records in P: page views p1: n1 6/10, 14/10   p2: n1 7/10   p5: h1 20/10   p6: n1 13/10;
  comment p1: n1 8/10; reaction like n2: p5 21/10.
Before P: p3 read n1 on 1/9/2026. After R: p12 read n1 on 1/12/2026.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from tests.utils import add_page, make_comment, make_user, restrict_to_groups
from wagtail_social.models import AnonymousPageView, HelpfulVote, PageView, Reaction
from wagtail_social_kpi.definitions import DateRange

KPI_SETTINGS = {
    "WAGTAIL_SOCIAL_KPI_POPULATION_GROUPS": ["Employees"],
    "WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX": "Dept: ",
    "WAGTAIL_SOCIAL_KPI_MIN_GROUP_SIZE": 3,
    "WAGTAIL_SOCIAL_KPI_HEAVY_CONTRIBUTOR_THRESHOLD": 3,
    "WAGTAIL_SOCIAL_KPI_COMPARISON_GROUPS": ["Pilot", "Pilot and Anne"],
}
R = DateRange(datetime.date(2026, 11, 2), datetime.date(2026, 11, 29))
P = DateRange(datetime.date(2026, 10, 5), datetime.date(2026, 11, 1))
PARIS = ZoneInfo("Europe/Paris")


def day(text: str) -> datetime.date:
    """``"3/11"`` is 3 November 2026; ``"1/9/2026"`` as written."""
    parts = [int(part) for part in text.split("/")]
    return datetime.date(parts[2] if len(parts) == 3 else 2026, parts[1], parts[0])


def noon(text: str) -> datetime.datetime:
    return datetime.datetime.combine(day(text), datetime.time(12), tzinfo=PARIS)


@dataclass
class Dataset:
    people: dict[str, object] = field(default_factory=dict)
    pages: dict[str, object] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)

    def ids(self, *names: str) -> set[int]:
        return {self.people[name].pk for name in names}


def build(home) -> Dataset:
    data = Dataset()
    for name in ("Employees", "Dept: Sales", "Dept: Tech", "Dept: HR", "Pilot", "Pilot and Anne", "Members"):
        data.groups[name] = Group.objects.get_or_create(name=name)[0]
    g = data.groups
    for number in range(1, 13):
        department = "Dept: Sales" if number <= 5 else "Dept: Tech" if number <= 10 else "Dept: HR"
        data.people[f"p{number}"] = make_user(f"p{number}", g["Employees"], g[department])
    for name in ("p1", "p2", "p6", "p7"):
        data.people[name].groups.add(g["Pilot"], g["Pilot and Anne"])
    data.people["p3"].groups.add(g["Pilot and Anne"])
    data.people["outsider"] = make_user("outsider")
    data.people["former"] = make_user("former", g["Employees"], g["Dept: Sales"], is_active=False)
    data.people["viewer"] = make_user("viewer")
    data.people["member"] = make_user("member", g["Members"])

    news = data.pages["news"] = add_page(home, "News")
    data.pages["n1"] = add_page(news, "News one")
    data.pages["n2"] = add_page(news, "News two")
    data.pages["c1"] = add_page(news, "Private topic")
    restrict_to_groups(data.pages["c1"], g["Members"])
    hr = data.pages["hr"] = add_page(home, "HR")
    data.pages["h1"] = add_page(hr, "Training plan")

    views = {
        "p1": ["n1 2/11", "n1 10/11", "n2 17/11", "h1 24/11", "n1 6/10", "n1 14/10"],
        "p2": ["n1 3/11", "n2 4/11", "n1 7/10"],
        "p3": ["n1 5/11", "n1 19/11", "n1 1/9/2026"],
        "p4": ["h1 11/11"],
        "p5": ["h1 20/10"],
        "p6": ["n1 2/11", "n1 9/11", "n1 16/11", "n1 13/10"],
        "p7": ["n2 25/11"],
        "p8": ["c1 12/11", "n1 26/11"],
        "p11": ["h1 6/11"],
        "p12": ["n1 1/12"],
        "outsider": ["n1 2/11"],
        "former": ["n1 3/11"],
    }
    for person, items in views.items():
        for item in items:
            page, when = item.split()
            PageView.objects.create(user=data.people[person], page=data.pages[page], day=day(when))
    AnonymousPageView.objects.create(page=data.pages["n1"], day=day("2/11"), views=10)
    AnonymousPageView.objects.create(page=data.pages["h1"], day=day("3/11"), views=2)

    comments = {
        "p1": ["n1 3/11", "n1 10/11", "n1 17/11", "n1 8/10"],
        "p2": ["n2 4/11"],
        "p6": ["n1 9/11", "n1 16/11"],
        "p9": ["h1 20/11"],
    }
    for person, items in comments.items():
        for item in items:
            page, when = item.split()
            make_comment(data.pages[page], data.people[person], submit_date=noon(when))

    reactions = [
        ("p3", "n1", "like", "5/11"),
        ("p4", "n1", "like", "11/11"),
        ("p7", "n1", "like", "25/11"),
        ("p5", "n1", "bravo", "12/11"),
        ("p1", "n2", "like", "3/11"),
        ("p10", "c1", "like", "12/11"),
        ("p5", "n2", "like", "21/10"),
    ]
    for person, page, kind, when in reactions:
        reaction = Reaction.objects.create(user=data.people[person], page=data.pages[page], kind=kind)
        Reaction.objects.filter(pk=reaction.pk).update(created_at=noon(when))
    answers = [("p3", "n1", True, "19/11"), ("p4", "n1", True, "11/11"), ("p6", "n1", False, "16/11")]
    answers.append(("p11", "h1", True, "6/11"))
    for person, page, helpful, when in answers:
        vote = HelpfulVote.objects.create(user=data.people[person], page=data.pages[page], helpful=helpful)
        HelpfulVote.objects.filter(pk=vote.pk).update(created_at=noon(when), updated_at=noon(when))
    return data


def add_page_views(data: Dataset, count: int) -> None:
    """``count`` more page views of the HR page by the dataset's twelve people, twelve a day from
    2 November 2026: records that change figures but must not change the number of queries."""
    for number in range(count):
        PageView.objects.create(
            user=data.people[f"p{number % 12 + 1}"],
            page=data.pages["hr"],
            day=datetime.date(2026, 11, 2) + datetime.timedelta(days=number // 12),
        )
