"""The analysis chains of the index, per language: what a text becomes in the index, and what a
query becomes before it is looked up there.

Employees type without accents ("reunion", "idee", "oeuvre") and write with them ("réunion",
"idées", "œuvre", "l’entreprise"). whoosh's own French analyzer folds no accents, handles no
elision and no ligatures ("idées" → "idé" but "idee" → "ide"; "les" is indexed), so each full-text
field goes through this chain, the same at indexing and at query time:

1. :class:`WordTokenizer`: words, keeping their inner apostrophes ("l'entreprise", "don't");
2. :class:`ElisionFilter`: the French elided articles and pronouns removed ("l'", "d'", "qu'",
   "j'", "n'", "s'", "c'", "m'", "t'", "jusqu'"…; with a straight or a curly apostrophe);
3. :class:`FoldingFilter`: ligatures expanded ("œ" → "oe", "æ" → "ae"), case and accents folded
   ("Réunion" → "reunion"), curly apostrophes made straight;
4. :class:`StopFilter`: the language's stop words ("les", "the"), listed in their folded form;
5. :class:`SnowballFilter`: Snowball stemming for the language ("salaries" → "salar").

Folding comes before stemming so that "salariés" and "salarie" reach the stemmer as the same
word. Autocomplete fields take steps 1 to 3 then :class:`PrefixFilter`: the beginnings of each
word (2 to 15 characters), not stemmed and with no stop words ("de" may be the start of
"devis"). A language without a stemmer (or unknown) gets folding only: no stop words, no
stemming.

**Pickling.** whoosh pickles the schema, analyzers included, into the index folder, and
unpickles it when the index is opened. What is pickled is the import path of the classes of
this module and their parameters (a language code), nothing else: each class rebuilds its
internals from the code on unpickling (``__setstate__``). So:

* a class here, once shipped, keeps its name and module (renaming it breaks every index built
  before: rebuild it then);
* a change in a chain (a stop word added, another stemmer) takes effect in the index only
  after ``rebuild_modelsearch_index``; until then indexed terms and query terms may differ;
* the index folder must be trusted like the code: unpickling can run code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import adapter

# Lowercase letters of one language code ("fr" of "fr-ca", "fr_FR", "FR").
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$")

# Words, with the apostrophes and dots inside them ("l'entreprise", "aujourd’hui", "3.5").
WORD_PATTERN = r"\w+(?:[.'’ʼ]\w+)*"

# French elided words, as they appear before an apostrophe (Lucene's French list, plus "jusqu").
ELIDED = ("l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu")
_ELIDED_ALTERNATIVES = "|".join(sorted(ELIDED, key=len, reverse=True))  # longest first: "quoiqu" before "qu"
_ELISION = re.compile(rf"^(?:{_ELIDED_ALTERNATIVES})['’ʼ](?=\w)", re.IGNORECASE)

# Letters that Unicode does not decompose but that people type otherwise.
LIGATURES = {
    "œ": "oe",
    "Œ": "oe",
    "æ": "ae",
    "Æ": "ae",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "’": "'",
    "ʼ": "'",
    "‘": "'",
}
_LIGATURES = str.maketrans(LIGATURES)

# Stop words as written; the filter uses their folded forms ("à" → "a", "être" → "etre").
STOP_WORDS = {
    "fr": """
        a à ai au aux avec c ce ceci cela ces cet cette d dans de des du elle elles en et eux il
        ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne ni nos notre nous
        on ou où par pour qu que quel quelle quels quelles qui s sa sans se ses si son sur t ta
        te tes toi ton tu un une vos votre vous y est sont été être avoir
    """,
    "en": """
        a an and are as at be but by for from has have he her his i if in into is it it's its
        me my no not of on or our she so such than that the their them then there these they
        this those to was we were what when which who will with you your
    """,
}


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """``text`` lowercased, ligatures expanded and accents removed ("Œuvre" → "oeuvre")."""
    text = text.translate(_LIGATURES).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def base_language(language: str | None) -> str:
    """The language code without its region ("fr" of "fr-FR"), lowercase; "" if not one."""
    match = _LANGUAGE.match((language or "").strip().lower())
    return match.group(1) if match else ""


def has_stemmer(language: str | None) -> bool:
    return base_language(language) in adapter.snowball_stemmers


def stop_words(language: str | None) -> frozenset[str]:
    """The folded stop words of ``language`` (empty for a language without a list)."""
    return frozenset(fold(word) for word in STOP_WORDS.get(base_language(language), "").split())


class _Rebuilt:
    """Pickled as its parameters only (``_params``): the rest is rebuilt from the code when an
    index's schema is unpickled, so a change of whoosh's internals or of ours does not leave
    an old object inside a stored schema."""

    _params: tuple[str, ...] = ()

    def __getstate__(self):
        return {name: getattr(self, name) for name in self._params}

    def __setstate__(self, state):
        self.__init__(**state)

    def __eq__(self, other):
        return type(self) is type(other) and self.__getstate__() == other.__getstate__()

    def __hash__(self):
        return hash((type(self), tuple(sorted(self.__getstate__().items()))))

    def __repr__(self):
        params = ", ".join(f"{name}={value!r}" for name, value in self.__getstate__().items())
        return f"{type(self).__name__}({params})"


class WordTokenizer(_Rebuilt, adapter.analysis.RegexTokenizer):
    """Words (``WORD_PATTERN``), keeping inner apostrophes for :class:`ElisionFilter`."""

    def __init__(self):
        super().__init__(expression=WORD_PATTERN)


class ElisionFilter(_Rebuilt, adapter.analysis.Filter):
    """Removes an elided French article or pronoun from the start of a word ("l'entreprise" →
    "entreprise", "qu’il" → "il"), whatever the apostrophe and the case."""

    def __call__(self, tokens):
        for token in tokens:
            match = _ELISION.match(token.text)
            if match:
                token.text = token.text[match.end() :]
                if token.chars:
                    token.startchar += match.end()
            yield token


class FoldingFilter(_Rebuilt, adapter.analysis.Filter):
    """Ligatures, case and accents folded (:func:`fold`)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


class StopFilter(_Rebuilt, adapter.analysis.Filter):
    """Drops the stop words of ``language`` (after folding). Positions are renumbered, so a
    phrase matches across a dropped word when the query drops it too; a query that keeps stop
    words (``removestops=False``) gets them marked ``stopped`` instead."""

    _params = ("language",)

    def __init__(self, language: str = ""):
        self.language = language
        self.stops = stop_words(language)

    def __call__(self, tokens):
        stops = self.stops
        position = None
        for token in tokens:
            if token.text not in stops:
                if token.positions:
                    position = token.pos if position is None else position + 1
                    token.pos = position
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


class SnowballFilter(_Rebuilt, adapter.analysis.Filter):
    """Snowball stemming for ``language`` (``adapter.snowball_stemmers``); tokens pass unchanged
    for a language without a stemmer."""

    _params = ("language",)
    is_morph = True

    def __init__(self, language: str = ""):
        self.language = language
        stemmer = adapter.snowball_stemmers.get(base_language(language))
        self._stem = lru_cache(maxsize=50_000)(stemmer().stem) if stemmer else None

    def __call__(self, tokens):
        stem = self._stem
        for token in tokens:
            if stem is not None and not token.stopped:
                token.text = stem(token.text)
            yield token

    def clean(self):
        if self._stem is not None:
            self._stem.cache_clear()


class WordFilter(_Rebuilt, adapter.analysis.Filter):
    """:class:`ElisionFilter`, :class:`FoldingFilter` and :class:`StopFilter` (of ``language``)
    in one pass, the same tokens out: one generator per token instead of three, and each
    distinct word worked out once (real text is Zipfian: a few thousand words make most of
    it). The chains use it; the three filters stay for anyone composing their own."""

    _params = ("language",)
    CACHE_SIZE = 200_000  # distinct words remembered (then forgotten all at once)

    def __init__(self, language: str = ""):
        self.language = language
        self.stops = stop_words(language)
        self._words: dict[str, tuple[str, int]] = {}

    def _word(self, text: str) -> tuple[str, int]:
        """``text`` without its elided article, folded; and how many characters were cut."""
        match = _ELISION.match(text)
        cut = match.end() if match else 0
        if len(self._words) >= self.CACHE_SIZE:
            self._words.clear()
        found = self._words[text] = (fold(text[cut:]), cut)
        return found

    def __call__(self, tokens):
        words, stops, position = self._words, self.stops, None
        for token in tokens:
            found = words.get(token.text)
            text, cut = found if found is not None else self._word(token.text)
            token.text = text
            if cut and token.chars:
                token.startchar += cut
            if text in stops:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.positions:
                position = token.pos if position is None else position + 1
                token.pos = position
            token.stopped = False
            yield token

    def clean(self):
        self._words.clear()


class PrefixFilter(_Rebuilt, adapter.analysis.Filter):
    """The beginnings of each word, ``MIN_PREFIX`` to ``MAX_PREFIX`` characters, for
    autocomplete; a query word is looked up by its own beginning of at most ``MAX_PREFIX``
    characters (a longer word typed whole still matches)."""

    MIN_PREFIX = 2
    MAX_PREFIX = 15

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if len(text) < self.MIN_PREFIX:
                continue
            if token.mode == "query":
                token.text = text[: self.MAX_PREFIX]
                if token.chars:
                    token.endchar = token.startchar + len(token.text)
                yield token
                continue
            start = token.startchar if token.chars else 0
            for size in range(self.MIN_PREFIX, min(self.MAX_PREFIX, len(text)) + 1):
                token.text = text[:size]
                if token.chars:
                    token.endchar = start + size
                yield token


class LanguageAnalyzer(_Rebuilt, adapter.CompositeAnalyzer):
    """The full-text chain of ``language`` (see the module docstring)."""

    _params = ("language",)

    def __init__(self, language: str = ""):
        self.language = base_language(language)
        if has_stemmer(self.language):
            chain = [WordTokenizer(), WordFilter(self.language), SnowballFilter(self.language)]
        else:  # folded only: no stop words
            chain = [WordTokenizer(), WordFilter()]
        super().__init__(*chain)


class AutocompleteAnalyzer(_Rebuilt, adapter.CompositeAnalyzer):
    """The autocomplete chain: words folded, cut into their beginnings, never stemmed.
    ``language`` is kept for the index's record; the chain is the same for every language."""

    _params = ("language",)

    def __init__(self, language: str = ""):
        self.language = base_language(language)
        super().__init__(WordTokenizer(), WordFilter(), PrefixFilter())


def text_analyzer(language: str):
    """The analyzer of full-text fields for ``language`` ("fr", "en", "fr-ca"…)."""
    return LanguageAnalyzer(language)


def autocomplete_analyzer(language: str):
    """The analyzer of autocomplete fields: beginnings of words, folded, not stemmed."""
    return AutocompleteAnalyzer(language)
