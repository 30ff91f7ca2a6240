"""The README's command-line examples work as written, in a fresh environment, in the state
``script/run`` leaves a fresh clone in (a migrated SQLite database with the demo data); and
without the settings they need, a command says what to set instead of a traceback."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

README = Path(settings.BASE_DIR) / "README.md"
PYTHON = Path(sys.executable)


def readme_command_block() -> list[str]:
    """The lines of the shell block that follows "From the command line" in the README."""
    after = README.read_text(encoding="utf-8").split("From the command line", 1)[1]
    block = after.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def _fresh_env(tmp_path: Path) -> dict[str, str]:
    """Nothing from this test run: only a PATH, a home, and (so that the checkout's own
    database and files are left alone) where the database and files go."""
    return {
        "PATH": f"{PYTHON.parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_readme_command_examples_run_as_written(tmp_path):
    lines = readme_command_block()
    assert lines[0] == "export DEBUG=true"
    assert [line.split()[2] for line in lines[1:]] == [
        "generate_annex_a",
        "import_annex_a",
        "export_annex_a",
    ]
    env = _fresh_env(tmp_path)
    # What script/run does after installing: migrate and load the demo data, with DEBUG on.
    setup = _run(
        f"export DEBUG=true && {PYTHON} manage.py migrate --noinput && "
        f"{PYTHON} manage.py load_demo",
        env,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]

    # The block as written; only its /tmp files go to this test's own folder.
    out = tmp_path / "out"
    out.mkdir()
    script = "\n".join(line.replace("/tmp/", f"{out}/") for line in lines)
    script = script.replace(".venv/bin/python", str(PYTHON))
    ran = _run(script + "\necho exit=$?", env)
    assert "Traceback" not in ran.stderr, ran.stderr[-3000:]
    # import_annex_a exits 1 for a file with errors (still imported); export is the last line.
    assert ran.stdout.strip().endswith("exit=0"), ran.stdout[-2000:] + ran.stderr[-2000:]
    assert "Wrote 2,000 rows to" in ran.stdout
    assert (out / "annex-a.xlsx").stat().st_size > 0
    assert (out / "annex-a-findings.csv").read_text(encoding="utf-8").startswith("list,row,column")
    assert "of version 1 to" in ran.stdout
    assert (out / "annex-a-version-1.xlsx").stat().st_size > 0


def test_a_command_without_its_settings_says_what_to_set(tmp_path):
    env = _fresh_env(tmp_path)
    ran = _run(f"{PYTHON} manage.py generate_annex_a {tmp_path}/a.xlsx --rows 10", env)
    assert ran.returncode == 2
    assert "Traceback" not in ran.stderr
    assert "SECRET_KEY is not set" in ran.stderr
    assert "DEBUG=true" in ran.stderr
    assert not os.path.exists(tmp_path / "a.xlsx")
