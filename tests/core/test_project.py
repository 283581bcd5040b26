"""Project-wide guarantees: migrations complete, translations complete, production settings
safe, the health check honest, the demo idempotent."""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


SCHEMA = (
    "import json; from django.db import connection as c; cur = c.cursor(); "
    "print(json.dumps({t: sorted(d.name for d in c.introspection.get_table_description(cur, t)) "
    "for t in c.introspection.table_names(cur) if t != 'django_migrations'}))"
)


def schema_of(env: dict[str, str]) -> dict[str, list[str]]:
    run = subprocess.run(
        [sys.executable, "-m", "huiwu", "shell", "-c", SCHEMA],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_migrations_build_the_schema_the_models_describe(transactional_db, tmp_path):
    """The suite's database is made from the models (``--no-migrations``, fast); here the migrations
    run from nothing on a fresh database of the same kind and must give every table and column."""
    from django.db import connection

    from tests.conftest import database_env

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HUIWU_SQLITE_PATH")}
    if connection.vendor == "sqlite":
        fresh = {"HUIWU_SQLITE_PATH": str(tmp_path / "migrated.sqlite3")}
    else:
        name = f"{connection.settings_dict['NAME']}_migrated"
        with connection.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
        fresh = {"DATABASE_URL": database_env()["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name}
    try:
        migrate = subprocess.run(
            [sys.executable, "-m", "huiwu", "migrate", "-v0"], env={**env, **fresh}, cwd=ROOT,
            capture_output=True, text=True,
        )  # fmt: skip
        assert migrate.returncode == 0, migrate.stderr
        assert schema_of({**env, **fresh}) == schema_of({**env, **database_env()})
    finally:
        if connection.vendor != "sqlite":
            with connection.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_chinese_catalogue_is_complete():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """Run makemessages as `make messages` does: it must find no string we have not got.

    It reads a copy of the sources: makemessages writes a passing ``.py`` copy beside each template it
    reads, which tests scanning the real tree (in other processes) would trip on. It always writes into
    locale/, so the catalogue is put back afterwards."""
    import shutil

    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    before = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    original = PO.read_bytes()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "huiwu",
                "makemessages",
                "-l",
                "zh_Hans",
                "--no-obsolete",
                "--verbosity",
                "0",
                "--ignore",
                "node_modules/*",
                "--ignore",
                ".venv*",
                "--ignore",
                "tests/*",
                "--ignore",
                "data/*",
                "--ignore",
                "bench/*",
            ],
            cwd=tmp_path,
            check=True,
        )
        after = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    finally:
        PO.write_bytes(original)
    assert after - before == set(), "run `make messages` and translate the new strings"


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "HUIWU_ENV": "production",
        "HUIWU_SECRET_KEY": "x" * 30 + "-production-secret-" + "y" * 30,
        "HUIWU_ALLOWED_HOSTS": "huiwu.example.com",
        "HUIWU_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "huiwu", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_by_default():
    from django.conf import settings

    assert settings.DEBUG is False


def test_healthz_reports_each_part(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] in {"ok", "missing", "stale"}


def test_healthz_is_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import connection

    def broken(*a, **k):
        raise RuntimeError("down")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "error"


def test_demo_is_idempotent(db):
    from huiwu.clients.models import Client
    from huiwu.core.models import AuditEntry
    from huiwu.demo import load_demo
    from huiwu.events.models import Meeting
    from huiwu.orgs.models import Membership

    def counts():
        return [m.objects.count() for m in (Meeting, Client, Membership, AuditEntry)]

    org = load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    assert org.slug == "demo"
    assert Meeting.objects.filter(org=org, expected_attendance=800, name="新经济产业峰会").count() == 1
    assert set(Meeting.objects.filter(org=org).values_list("stage", flat=True)) == {1, 2, 3, 4, 5}
    assert Membership.objects.filter(user__username="demo").count() == 2  # the switcher has two places
    from huiwu.interaction.models import Poll

    ai = Poll.objects.get(meeting__org=org, question__startswith="AI 互动区")
    assert ai.status == "closed" and ai.voters == 212 and sum(ai.counts.values()) == 212
    assert ai.votes.count() == 212 and ai.meeting.live.stream_url.endswith(".m3u8")
    from huiwu.interaction import fairness, lottery
    from huiwu.interaction.models import Draw, Question

    draw = Draw.objects.get(prize__meeting=ai.meeting, status="drawn")
    assert draw.winners.count() == 3 and fairness.verify(lottery.proof(draw)) == []
    held = Question.objects.get(live=ai.meeting.live, status="pending")
    assert held.held_for == "股价"
    top = Question.objects.filter(live=ai.meeting.live, status="approved").order_by("-upvotes").first()
    assert top.upvotes == 46


def test_demo_command_prints_the_login(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "user demo  password huiwu-demo-2026" in out


def test_a_bad_host_gets_a_clean_400(client, db):
    response = client.get("/accounts/login/", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_every_benchmark_module_imports():
    """``make bench`` imports them all before it runs one: a name moved in the code must move there too."""
    import importlib
    import pkgutil

    import bench

    names = [info.name for info in pkgutil.iter_modules(bench.__path__) if info.name != "__main__"]
    assert {"agenda", "live", "command", "checkin"} <= set(names)
    for name in names:
        importlib.import_module(f"bench.{name}")
