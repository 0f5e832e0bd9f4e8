"""One person's data across every registered feature: what the export and erasure commands
(and a DPO answering an access request) use. Each feature says what it holds about a person
(``Feature.export_person``) and how it is erased or anonymised (``Feature.erase_person``)."""

from __future__ import annotations

from django.db import transaction

from .features import registered_features


def export_person(user) -> dict[str, list[dict]]:
    """Everything the registered features hold about ``user``, by feature key."""
    return {
        feature.key: feature.export_person(user)
        for feature in registered_features()
        if feature.export_person is not None
    }


def erase_person(user) -> dict[str, int]:
    """Erase or anonymise ``user``'s records in every registered feature, in one transaction
    (all or nothing); returns the number of records each feature changed."""
    with transaction.atomic():
        return {
            feature.key: feature.erase_person(user)
            for feature in registered_features()
            if feature.erase_person is not None
        }
