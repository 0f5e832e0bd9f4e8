"""A French library for the backend tests: the corpus of modelsearch's own backend tests
(novels with characters, practical guides, plain books, meetings), in French."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core import management

from tests.testapp.models import (
    LibraryAuthor,
    LibraryBook,
    LibraryCharacter,
    LibraryGuide,
    LibraryMeeting,
    LibraryNovel,
)

D = datetime.date

AUTHORS = {
    "hugo": ("Victor Hugo", D(1802, 2, 26)),
    "dumas": ("Alexandre Dumas", D(1802, 7, 24)),
    "saint-exupery": ("Antoine de Saint-Exupéry", D(1900, 6, 29)),
    "camus": ("Albert Camus", D(1913, 11, 7)),
    "flaubert": ("Gustave Flaubert", D(1821, 12, 12)),
    "yourcenar": ("Marguerite Yourcenar", D(1903, 6, 8)),
    "prevention": ("Service prévention", None),
    "drh": ("Direction du personnel", None),
}

# title, author, date, pages, setting, characters (the first is the protagonist)
NOVELS = [
    ("Les Misérables", "hugo", D(1862, 4, 3), 1488, "Paris", ["Jean Valjean", "Javert", "Cosette"]),
    ("Notre-Dame de Paris", "hugo", D(1831, 3, 16), 940, "Paris", ["Quasimodo", "Esmeralda"]),
    ("Le Comte de Monte-Cristo", "dumas", D(1844, 8, 28), 1276, "Marseille", ["Edmond Dantès"]),
    ("Les Trois Mousquetaires", "dumas", D(1844, 3, 14), 880, "Paris", ["d'Artagnan", "Athos"]),
    ("Le Petit Prince", "saint-exupery", D(1943, 4, 6), 96, "Sahara", []),
    ("L'Étranger", "camus", D(1942, 5, 19), 186, "Alger", ["Meursault"]),
    ("Madame Bovary", "flaubert", D(1857, 4, 15), 480, "Normandie", ["Emma"]),
]
# title, author, date, pages, topic
GUIDES = [
    ("Formation sécurité : les bons réflexes", "prevention", D(2023, 1, 10), 96, "securite"),
    ("Sécurité : formation des nouveaux arrivants", "prevention", D(2021, 6, 1), 120, "securite"),
    ("Le télétravail en pratique", "drh", D(2022, 9, 15), 180, "rh"),
    ("Conduire une réunion d'équipe", None, D(2019, 2, 1), 240, "management"),
]
BOOKS = [
    ("L'Œuvre au noir", "yourcenar", D(1968, 5, 1), 336),
    ("Mémoires d'Hadrien", "yourcenar", D(1951, 12, 1), 480),
]
MEETINGS = [("Yoga du matin", datetime.time(8, 0)), ("Yoga du soir", datetime.time(18, 30))]


def create_library() -> None:
    authors = {
        key: LibraryAuthor.objects.create(name=name, date_of_birth=born)
        for key, (name, born) in AUTHORS.items()
    }
    for title, author, date, pages, setting, characters in NOVELS:
        novel = LibraryNovel.objects.create(
            title=title, publication_date=date, number_of_pages=pages, setting=setting
        )
        novel.authors.add(authors[author])
        made = [LibraryCharacter.objects.create(name=name, novel=novel) for name in characters]
        if made:
            novel.protagonist = made[0]
            novel.save()
    for title, author, date, pages, topic in GUIDES:
        guide = LibraryGuide.objects.create(
            title=title, publication_date=date, number_of_pages=pages, topic=topic
        )
        if author:
            guide.authors.add(authors[author])
    for title, author, date, pages in BOOKS:
        LibraryBook.objects.create(title=title, publication_date=date, number_of_pages=pages).authors.add(
            authors[author]
        )
    for name, start in MEETINGS:
        LibraryMeeting.objects.create(name=name, start_time=start)


def rebuild(backend_name: str = "social") -> str:
    stdout = StringIO()
    management.call_command("update_index", backend_name=backend_name, stdout=stdout, chunk_size=5)
    return stdout.getvalue()


def titles(results) -> set[str]:
    return {result.title for result in results}
