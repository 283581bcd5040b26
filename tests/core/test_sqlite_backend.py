"""The embedded default's SQLite backend (core/sqlite): connections kept between requests, never
reused on a replaced file, and one writer at a time per process, handed over without the busy
handler's sleeps. Runs on its own database file, whatever database the suite uses."""

import threading
import time

import pytest
from django.db.utils import ConnectionHandler

from huiwu.core.sqlite import base

# The blocker of pytest-django guards every connection; these tests open their own file.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _wrapper(path, alias="pooltest"):
    settings = ConnectionHandler().configure_settings(
        {
            "default": {},
            alias: {
                "ENGINE": "huiwu.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
            },
        }
    )[alias]
    return base.DatabaseWrapper(settings, alias)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "pool.sqlite3"


@pytest.fixture
def serialised(monkeypatch):
    """As in `huiwu serve`."""
    monkeypatch.setattr(base, "SERIALISE_WRITERS", True)


def test_a_closed_connection_is_handed_to_the_next_request(path):
    first = _wrapper(path)
    first.ensure_connection()
    raw = first.connection
    first.close()
    second = _wrapper(path)
    second.ensure_connection()
    assert second.connection is raw
    assert second.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    second.close()


def test_a_connection_to_a_replaced_file_is_not_reused(path):
    first = _wrapper(path)
    first.ensure_connection()
    raw = first.connection
    first.close()
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    second = _wrapper(path)
    second.ensure_connection()
    assert second.connection is not raw
    second.close()


def test_a_connection_in_error_is_really_closed(path):
    first = _wrapper(path)
    first.ensure_connection()
    raw = first.connection
    first.errors_occurred = True
    first.close()
    second = _wrapper(path)
    second.ensure_connection()
    assert second.connection is not raw
    second.close()


def _write(conn, fail=False) -> None:
    """One write transaction, as transaction.atomic() runs it on SQLite in autocommit mode."""
    conn.ensure_connection()
    conn._start_transaction_under_autocommit()  # BEGIN IMMEDIATE, after the process's turn
    try:
        assert base.WRITE_LOCK.locked()
        conn.cursor().execute("INSERT INTO n VALUES (1)")
        time.sleep(0.001)
        if fail:
            raise ZeroDivisionError
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def test_writers_of_one_process_take_turns_without_waiting_in_sqlite(path, serialised):
    setup = _wrapper(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE n (v INTEGER)")
    setup.close()
    failures = []

    def writer(k: int) -> None:
        conn = _wrapper(path, alias=f"w{k}")
        try:
            for _ in range(20):
                _write(conn)
        except Exception as exc:  # a "database is locked" would land here
            failures.append(repr(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert not base.WRITE_LOCK.locked()
    check = _wrapper(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM n")
        assert cursor.fetchone()[0] == 80
    check.close()


def test_a_failed_transaction_gives_the_turn_back(path, serialised):
    conn = _wrapper(path)
    conn.cursor().execute("CREATE TABLE n (v INTEGER)")
    with pytest.raises(ZeroDivisionError):
        _write(conn, fail=True)
    assert not base.WRITE_LOCK.locked()
    _write(conn)
    assert not base.WRITE_LOCK.locked()
    assert conn.cursor().execute("SELECT count(*) FROM n").fetchone()[0] == 1
    conn.close()
