"""Index updates through the task framework to one writer, kept when they fail, replayed after a
rebuild; the health check and the maintenance command (``wagtail_social.search.writer_tasks``,
``health``, ``social_search_check``, ``social_search_maintain``). The backend's indexer is played
by a plain one over ``auth.Group``."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from wagtail_social.search import adapter, writer_tasks
from wagtail_social.search.models import PendingIndexUpdate
from wagtail_social.search.store import IndexStore
from wagtail_social.search.writer_tasks import ADD, DELETE, MODEL_FIELD, Indexer, enqueue_update

F = adapter.fields
LABEL = "auth.group"


def schema():
    return F.Schema(
        id=F.ID(stored=True, unique=True), model_label=F.ID(stored=True), name=F.TEXT(stored=True)
    )


def apply(writer, index_name, model_label, pks, action):
    groups = {group.pk: group for group in Group.objects.filter(pk__in=pks)} if action == ADD else {}
    for pk in pks:
        if pk in groups:
            writer.update_document(id=f"{LABEL}:{pk}", model_label=LABEL, name=groups[pk].name)
        else:
            writer.delete_by_term("id", f"{LABEL}:{pk}")


def build(store: IndexStore) -> None:
    with store.rebuild(schema()) as writer:
        apply(writer, store.name, LABEL, list(Group.objects.values_list("pk", flat=True)), ADD)


def names(store: IndexStore) -> set[str]:
    with store.searcher() as searcher:
        return {document["name"] for document in searcher.documents()}


@pytest.fixture
def index_dir(tmp_path):
    with override_settings(
        WAGTAIL_SOCIAL_SEARCH_INDEX_DIR=str(tmp_path),
        WAGTAIL_SOCIAL_SEARCH_LOCK_TIMEOUT_SECONDS=1,
        WAGTAIL_SOCIAL_SEARCH_WRITE_ATTEMPTS=2,
    ):
        yield tmp_path


@pytest.fixture
def indexer(index_dir):
    indexer = Indexer(
        index_names=lambda: ["fr"],
        apply=apply,
        database_counts=lambda index_name: {LABEL: Group.objects.count()},
    )
    previous = writer_tasks.register_indexer(indexer)
    yield indexer
    writer_tasks.register_indexer(previous)


@pytest.fixture
def store(db, indexer):
    Group.objects.all().delete()  # Wagtail's own (Editors, Moderators): counts start from one
    Group.objects.create(name="Comité")
    store = IndexStore("fr")
    build(store)
    return store


def test_a_committed_change_is_written_through_the_task(store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = Group.objects.create(name="Télétravail")
        enqueue_update(LABEL, [group.pk], ADD)
    assert names(store) == {"Comité", "Télétravail"}
    with django_capture_on_commit_callbacks(execute=True):
        pk = group.pk
        group.delete()
        enqueue_update(LABEL, [pk], DELETE)
    assert names(store) == {"Comité"}


def test_a_rolled_back_change_enqueues_nothing(store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_update(LABEL, [1], ADD)
    assert len(callbacks) == 1  # run only on commit
    with pytest.raises(ValueError):
        enqueue_update(LABEL, [1], "upsert")


def test_a_write_that_fails_is_logged_kept_and_written_by_the_next_one(store, caplog):
    """The lock is held (by a writer of this process: ``flock`` locks conflict between open
    files, even in one process) through both attempts: the update is logged and kept; the next
    write, once the lock is free, writes it too and empties the table."""
    blocker = store.open().writer()
    held = Group.objects.create(name="Parking")
    with caplog.at_level(logging.ERROR, logger="wagtail_social.search"):
        assert writer_tasks.apply_update.call(LABEL, [held.pk], ADD) == 1
    assert "kept for the next write" in caplog.text
    kept = PendingIndexUpdate.objects.get()
    assert (kept.index_name, kept.model_label, kept.pks, kept.action) == ("fr", LABEL, [held.pk], ADD)
    assert kept.attempts == 1 and kept.failed_at and "WriteLockTimeout" in kept.last_error
    assert "Parking" not in names(store)
    blocker.cancel()
    later = Group.objects.create(name="Cantine")
    assert writer_tasks.apply_update.call(LABEL, [later.pk], ADD) == 0
    assert names(store) == {"Comité", "Parking", "Cantine"}
    assert not PendingIndexUpdate.objects.exists()


def test_an_indexer_error_is_kept_too(store, indexer, caplog):
    def broken(*args):
        raise RuntimeError("backend down")

    writer_tasks.register_indexer(Indexer(index_names=indexer.index_names, apply=broken))
    with caplog.at_level(logging.ERROR, logger="wagtail_social.search"):
        assert writer_tasks.apply_update.call(LABEL, [1], ADD) == 1
    assert PendingIndexUpdate.objects.get().last_error == "RuntimeError: backend down"
    assert store.lock_state().state == "free"  # the failed writer gave its lock back
    writer_tasks.register_indexer(indexer)
    call_command("social_search_maintain", "--retry", stdout=_Sink())
    assert not PendingIndexUpdate.objects.exists()


def test_an_update_written_during_a_rebuild_is_replayed_into_the_new_generation(
    store, django_capture_on_commit_callbacks
):
    """The rebuild reads the database, then a change is written (into the current generation,
    still the one searches read): the update is journalled and, once the new generation is
    current, written into it as well."""
    with django_capture_on_commit_callbacks(execute=True), store.rebuild(schema()) as writer:
        apply(writer, "fr", LABEL, list(Group.objects.values_list("pk", flat=True)), ADD)
        group = Group.objects.create(name="Idée parking")
        assert writer_tasks.write("fr", LABEL, [group.pk], ADD)
        assert names(store) == {"Comité", "Idée parking"}  # the old generation has it
        assert PendingIndexUpdate.objects.count() == 1  # journalled for the new one
    assert store.generation() == 2
    assert names(store) == {"Comité", "Idée parking"}
    assert not PendingIndexUpdate.objects.exists()


def test_no_index_yet_means_nothing_to_write(db, indexer):
    assert writer_tasks.apply_update.call(LABEL, [1], ADD) == 0
    assert not PendingIndexUpdate.objects.exists()


def test_the_check_reports_a_healthy_index(store, capsys):
    call_command("social_search_check")
    output = capsys.readouterr()
    assert "Checking index fr (1 of 1)" in output.err
    assert "Generation: 1" in output.out and "Write lock: free" in output.out
    assert "Pending updates: 0" in output.out
    assert "auth.group: 1 documents, 1 in the database" in output.out
    assert "Every search index is healthy." in output.out


def test_the_check_fails_on_a_count_mismatch_or_kept_updates(store, capsys):
    Group.objects.create(name="Jamais indexé")
    PendingIndexUpdate.objects.create(index_name="fr", model_label=LABEL, pks=[1], action=ADD)
    with pytest.raises(CommandError) as raised:
        call_command("social_search_check")
    assert raised.value.returncode == 1
    output = capsys.readouterr().out
    assert "auth.group: 1 documents in the index, 2 searchable in the database." in output
    assert "1 index updates wait to be written." in output


def test_without_an_indexer_the_check_counts_documents_per_model_in_the_index(store, indexer, capsys):
    writer_tasks.register_indexer(None)
    call_command("social_search_check")
    output = capsys.readouterr().out
    assert f"{LABEL}: 1 documents\n" in output and MODEL_FIELD in schema()


def test_the_check_fails_when_there_is_no_index(db, index_dir):
    with pytest.raises(CommandError) as raised:
        call_command("social_search_check")
    assert raised.value.returncode == 1
    with pytest.raises(CommandError):
        call_command("social_search_check", "--index", "en", stdout=_Sink())


def test_optimize_is_an_explicit_command(store):
    for name in ("Un", "Deux", "Trois"):
        writer_tasks.write("fr", LABEL, [Group.objects.create(name=name).pk], ADD)
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 1  # no optimise per write
    call_command("social_search_maintain", "--optimize", "--collect", stdout=_Sink())
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1
        assert searcher.doc_count() == 4


class _Sink:
    def write(self, text, *args, **kwargs):
        pass

    def flush(self):
        pass
