"""French and English analysis (issue 12): what a text becomes in the index and what a query
becomes, at analyzer level and through a real whoosh index in a temporary folder (through the
adapter, like the backend)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from wagtail_social.search import adapter
from wagtail_social.search.analysis import autocomplete_analyzer, fold, stop_words, text_analyzer

ROOT = Path(__file__).resolve().parents[2]


def terms(analyzer, text: str, **kwargs) -> list[str]:
    return [token.text for token in analyzer(text, **kwargs)]


def schema(language: str = "fr"):
    return adapter.fields.Schema(
        id=adapter.fields.ID(stored=True, unique=True),
        title=adapter.fields.TEXT(analyzer=text_analyzer(language), field_boost=4.0, stored=True),
        body=adapter.fields.TEXT(analyzer=text_analyzer(language)),
        title_ac=adapter.fields.TEXT(analyzer=autocomplete_analyzer(language)),
    )


def build(folder: Path, documents: list[dict], language: str = "fr"):
    index = adapter.index.create_in(str(folder), schema(language))
    writer = index.writer()
    for document in documents:
        writer.add_document(title_ac=document.get("title", ""), **document)
    writer.commit()
    return index


def found(index, text: str, fields=("title", "body")) -> list[str]:
    parser = adapter.qparser.MultifieldParser(list(fields), index.schema, group=adapter.qparser.OrGroup)
    with index.searcher() as searcher:
        return [hit["id"] for hit in searcher.search(parser.parse(text), limit=None)]


FRENCH = [
    {"id": "salaries", "title": "Les salariés", "body": "Ce que les salariés demandent."},
    {"id": "idees", "title": "Boîte à idées", "body": "Vos idées pour le parking."},
    {"id": "entreprise", "title": "Histoire", "body": "L'histoire de l'entreprise depuis 1950."},
    {"id": "entreprise-curly", "title": "Valeurs", "body": "Les valeurs de l’entreprise."},
    {"id": "oeuvre", "title": "Mise en œuvre", "body": "La mise en Œuvre du plan."},
    {"id": "reunion", "title": "Réunion d'équipe", "body": "Compte rendu de la RÉUNION."},
]


# Analyzer level


def test_the_french_chain_removes_elisions_ligatures_accents_case_and_stop_words():
    analyzer = text_analyzer("fr")
    assert terms(analyzer, "Les salariés de l’entreprise") == terms(analyzer, "salarie entreprise")
    assert terms(analyzer, "l'entreprise") == terms(analyzer, "L’ENTREPRISE") == terms(analyzer, "entreprise")
    assert terms(analyzer, "qu’il, jusqu'à, d'abord, n'est, s'ouvre, c'est, j'ai, m'a, t'as") == terms(
        analyzer, "il à abord est ouvre est ai a as"
    )
    assert terms(analyzer, "idées") == terms(analyzer, "idee") == terms(analyzer, "IDÉE")
    assert terms(analyzer, "œuvre Œuvre") == terms(analyzer, "oeuvre OEUVRE")
    assert terms(analyzer, "ex æquo") == terms(analyzer, "ex aequo")
    assert terms(analyzer, "réunions") == terms(analyzer, "reunion")
    assert terms(analyzer, "les des à été") == []


def test_stop_words_are_listed_in_their_folded_forms_too():
    assert {"les", "a", "ou", "etre", "meme"} <= stop_words("fr")
    assert {"the", "and", "it's"} <= stop_words("en")
    assert fold("Œuvre À Même’") == "oeuvre a meme'"


def test_the_english_chain_stems_in_english_and_drops_english_stop_words():
    analyzer = text_analyzer("en")
    assert terms(analyzer, "The company’s meetings") == terms(analyzer, "companies meeting")
    assert terms(analyzer, "the and of") == []


def test_an_unknown_language_is_folded_but_not_stemmed():
    analyzer = text_analyzer("tlh")
    assert terms(analyzer, "Les Réunions d’Œuvre") == ["les", "reunions", "oeuvre"]
    assert terms(text_analyzer("fr-FR"), "réunions") == terms(text_analyzer("fr"), "reunion")


def test_autocomplete_indexes_folded_beginnings_of_words_without_stemming():
    analyzer = autocomplete_analyzer("fr")
    indexed = terms(analyzer, "Télétravail de l’entreprise")
    assert {"te", "tele", "teletravail", "de", "en", "entreprise"} <= set(indexed)
    assert "l" not in indexed and "entrepris" in indexed  # a beginning, not a stem
    assert terms(analyzer, "Télét", mode="query") == ["telet"]


def test_stopped_words_are_marked_when_a_query_keeps_them():
    tokens = [(token.text, token.stopped) for token in text_analyzer("fr")("les idées", removestops=False)]
    assert tokens == [("les", True), ("ide", False)]


def test_analyzers_pickle_as_their_class_and_language():
    for analyzer in (
        text_analyzer("fr"),
        text_analyzer("en"),
        autocomplete_analyzer("fr"),
        text_analyzer(""),
    ):
        data = pickle.dumps(analyzer)
        assert b"wagtail_social.search.analysis" in data and len(data) < 200
        copy = pickle.loads(data)
        assert copy == analyzer
        assert terms(copy, "Les idées de l’œuvre") == terms(analyzer, "Les idées de l’œuvre")


# Through a whoosh index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("salarie", {"salaries"}),
        ("idee", {"idees"}),
        ("entreprise", {"entreprise", "entreprise-curly"}),
        ("l'entreprise", {"entreprise", "entreprise-curly"}),
        ("l’entreprise", {"entreprise", "entreprise-curly"}),
        ("oeuvre", {"oeuvre"}),
        ("reunion", {"reunion"}),
    ],
)
def test_a_query_typed_without_accents_finds_the_accented_words(tmp_path, query, expected):
    index = build(tmp_path, FRENCH)
    assert set(found(index, query)) == expected


def test_stop_words_are_not_indexed(tmp_path):
    index = build(tmp_path, FRENCH)
    with index.searcher() as searcher:
        indexed = {term.decode() for term in searcher.lexicon("body")}
    assert "les" not in indexed and "de" not in indexed and "l" not in indexed
    assert {"salar", "entrepris"} <= indexed
    assert found(index, "les") == []


def test_the_document_titled_with_the_word_ranks_above_a_passing_mention(tmp_path):
    index = build(
        tmp_path,
        [
            {
                "id": "mention",
                "title": "Actualités de la semaine",
                "body": "Le restaurant ferme tôt vendredi, le parking est en travaux, et un mot sur le "
                "télétravail des équipes. La fête d'été aura lieu en juin au jardin.",
            },
            {"id": "titled", "title": "Télétravail", "body": "Les règles pour travailler chez soi."},
            {"id": "other", "title": "Formation sécurité", "body": "Inscriptions ouvertes."},
        ],
    )
    assert found(index, "teletravail") == ["titled", "mention"]


def test_autocomplete_finds_a_title_by_the_beginning_of_its_words(tmp_path):
    index = build(tmp_path, FRENCH)
    assert found(index, "reu", fields=["title_ac"]) == ["reunion"]
    assert found(index, "oeuv", fields=["title_ac"]) == ["oeuvre"]


def test_an_index_with_these_analyzers_opens_and_searches_in_a_fresh_process(tmp_path):
    build(tmp_path, FRENCH)
    script = (
        "import sys; from wagtail_social.search import adapter\n"
        "index = adapter.index.open_dir(sys.argv[1])\n"
        "parser = adapter.qparser.QueryParser('body', index.schema)\n"
        "with index.searcher() as searcher:\n"
        "    print(sorted(hit['id'] for hit in searcher.search(parser.parse('salarie OR idee'), limit=None)))\n"
        "    print(type(index.schema['title'].analyzer).__module__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["['idees', 'salaries']", "wagtail_social.search.analysis"]


SAMPLES = [
    "L’entreprise et l'équipe : Qu’il vienne jusqu'à la Réunion, les Œuvres d'Ærø !",
    "Les salariés, les idées ; aujourd’hui c'est l'été. THE end of it's the ŒUVRE 3.5 de d'",
    "n'importe quoi, s'il te plaît ; m'a t'a lorsqu'il puisqu'elle quoiqu'on",
]


def tokens(analyzer, text: str, **kwargs) -> list[tuple]:
    return [
        (token.text, token.pos, token.startchar, token.endchar, token.stopped)
        for token in analyzer(text, positions=True, chars=True, **kwargs)
    ]


@pytest.mark.parametrize("language", ["fr", "en", "de", "xx"])
@pytest.mark.parametrize("options", [{}, {"mode": "query"}, {"mode": "query", "removestops": False}])
def test_the_one_pass_word_filter_gives_the_tokens_of_the_three_filters(language, options):
    """The chains fold elision, folding and stop words into :class:`WordFilter` (speed): the
    tokens, positions, characters and "stopped" marks are those of the three filters chained."""
    from wagtail_social.search import analysis

    stemmed = analysis.has_stemmer(language)
    three = adapter.CompositeAnalyzer(
        analysis.WordTokenizer(),
        analysis.ElisionFilter(),
        analysis.FoldingFilter(),
        *([analysis.StopFilter(language), analysis.SnowballFilter(language)] if stemmed else []),
    )
    completions = adapter.CompositeAnalyzer(
        analysis.WordTokenizer(), analysis.ElisionFilter(), analysis.FoldingFilter(), analysis.PrefixFilter()
    )
    for text in SAMPLES * 2:  # the second time from the filter's memory of words
        assert tokens(text_analyzer(language), text, **options) == tokens(three, text, **options)
        assert tokens(autocomplete_analyzer(language), text, **options) == tokens(
            completions, text, **options
        )
