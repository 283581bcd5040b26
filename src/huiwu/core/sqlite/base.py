"""Django's SQLite backend with the connections of a process kept open and handed from request to
request, the embedded default's counterpart of the PostgreSQL pool.

Under ASGI every request runs in a thread of its own, so Django opens a connection per request and
closes it at the end. On SQLite in WAL mode closing the last connection checkpoints the log into
the database and deletes it, and the next request creates it again: most of a check-in scan's cost
under ``huiwu serve`` (13.6 ms of CPU per scan against 3 ms for the work itself). Here a closed
connection goes back to a small pool instead (at most ``POOL_SIZE``), with its registered
functions and pragmas; one taken out is used only if the database file is still the one it was
opened on (a test database deleted and made again is a new file), and a connection that saw an
error or holds a transaction is really closed. Connections are shared between threads one at a
time, as Django's own SQLite backend allows (``check_same_thread=False``).
"""

from __future__ import annotations

import os
import sqlite3
import threading

from django.db.backends.sqlite3 import base

POOL_SIZE = 8
# One writer at a time per process, queued here: SQLite lets one transaction write and makes the
# others wait in its busy handler, which sleeps and polls (1, 2, 5 … 100 ms): at 8 concurrent
# scanners a few waited half a second. A lock hands the turn over at once.
# Switched on by the long-running server processes (`huiwu serve`, `huiwu run_huey`); off elsewhere,
# where one thread may hold a transaction open while others write (a test's own transaction).
SERIALISE_WRITERS = False
WRITE_LOCK = threading.Lock()
WRITE_WAIT = 20.0  # seconds, as the connection's own busy timeout


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class _Pool:
    def __init__(self):
        self.lock = threading.Lock()
        self.idle: dict[str, list[tuple[object, tuple[int, int] | None]]] = {}

    def take(self, name: str):
        current = _file_id(name)
        with self.lock:
            idle = self.idle.get(name, [])
            while idle:
                conn, opened_on = idle.pop()
                if opened_on == current and current is not None:
                    return conn
                conn.close()  # the file was replaced (a test database made again)
        return None

    def give(self, name: str, conn, opened_on) -> bool:
        with self.lock:
            idle = self.idle.setdefault(name, [])
            if len(idle) < POOL_SIZE:
                idle.append((conn, opened_on))
                return True
        return False


POOL = _Pool()


class _Connection(sqlite3.Connection):
    """A connection that remembers which database file it was opened on."""

    opened_on: tuple[int, int] | None = None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        return {**super().get_connection_params(), "factory": _Connection}

    def get_new_connection(self, conn_params):
        name = conn_params["database"]
        if self.is_in_memory_db():
            return super().get_new_connection(conn_params)
        conn = POOL.take(name)
        if conn is None:
            conn = super().get_new_connection(conn_params)
            conn.opened_on = _file_id(name)
        return conn

    holds_write_lock = False

    def _start_transaction_under_autocommit(self):
        if SERIALISE_WRITERS and not self.is_in_memory_db() and not self.holds_write_lock:
            if not WRITE_LOCK.acquire(timeout=WRITE_WAIT):
                raise self.Database.OperationalError("database is locked (another writer of this process)")
            self.holds_write_lock = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _release_write_lock(self):
        if self.holds_write_lock:
            self.holds_write_lock = False
            WRITE_LOCK.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            if not (self.connection and self.connection.in_transaction):
                self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        self._release_write_lock()
        conn = self.connection
        if conn is None:
            return
        reusable = (
            not self.is_in_memory_db()
            and not self.errors_occurred
            and not conn.in_transaction
            and getattr(conn, "opened_on", None) is not None
        )
        if reusable and POOL.give(self.settings_dict["NAME"], conn, conn.opened_on):
            return
        super()._close()
