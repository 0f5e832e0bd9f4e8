"""French typography needs a (no-break) space before ``:``, ``;``, ``!``, ``?`` and inside
guillemets. Translators can give it only to punctuation inside a translated string: a colon
written in a template after a variable or a translated string is shown as is in every language
("Paul: text" in French). So front-end templates keep such punctuation inside the message."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("wagtail_social", "wagtail_social_polls", "wagtail_social_kpi")
# Punctuation right after a variable or a tag, outside any translated message (a "?" starting a
# URL's query string, "{% url … %}?page=", is not punctuation).
LOOSE = re.compile(r"(\}\}|%\})([:;!»]|\?(?![\w-]+=))")


def front_end_templates():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("templates/**/*.html"):
            if "/admin/" in path.as_posix() or "/emails/" in path.as_posix():
                continue  # Wagtail's admin and emails have their own conventions
            yield path


def outside_messages(text: str) -> str:
    """``text`` without the bodies of ``{% blocktranslate %}`` (their punctuation is translated)."""
    return re.sub(r"\{% blocktrans(late)? .*?%\}.*?\{% endblocktrans(late)? %\}", "", text, flags=re.S)


def test_no_punctuation_outside_translated_messages():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in front_end_templates()
        for match in LOOSE.finditer(outside_messages(path.read_text()))
    ]
    assert found == []


def test_the_check_sees_what_it_looks_for():
    assert LOOSE.search(outside_messages("<label>{{ name }}: {{ text }}</label>"))
    assert LOOSE.search(outside_messages("<p>{% translate 'Sure' %}?</p>"))
    assert not LOOSE.search(outside_messages('<a href="{% url "x" %}?page={{ n }}">'))
    assert not LOOSE.search(
        outside_messages("{% blocktranslate %}{{ name }}: {{ text }}{% endblocktranslate %}")
    )
