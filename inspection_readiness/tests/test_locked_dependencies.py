"""Every Python dependency is locked with hashes, and an install refuses a file that does not
match its hash (checked offline, with a wheel built here)."""

import re
import subprocess
import sys
import zipfile
from hashlib import sha256
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = {"requirements.txt": "requirements.in", "requirements-dev.txt": "requirements-dev.in"}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


def _entries(lock: Path) -> dict[str, list[str]]:
    """Each pinned package in a lock file with its hashes."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in lock.read_text().splitlines():
        pinned = PIN.match(line)
        if pinned:
            current = pinned.group(1).lower().replace("_", "-")
            entries[current] = []
        for digest in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
            entries[current].append(digest)
    return entries


def _top_level(requirements_in: Path) -> set[str]:
    names = set()
    for line in requirements_in.read_text().splitlines():
        pinned = PIN.match(line.strip())
        if pinned:
            names.add(re.sub(r"\[.*\]", "", pinned.group(1)).lower().replace("_", "-"))
    return names


@pytest.mark.parametrize(("lock", "source"), LOCKS.items())
def test_every_package_is_pinned_with_hashes_including_what_the_top_level_pulls_in(lock, source):
    entries = _entries(ROOT / lock)
    assert len(entries) > len(_top_level(ROOT / source))  # transitive packages are locked too
    unhashed = [name for name, hashes in entries.items() if not hashes]
    assert not unhashed
    assert _top_level(ROOT / source) <= set(entries)


def test_runtime_and_test_installs_lock_the_same_versions():
    runtime = (ROOT / "requirements.txt").read_text()
    dev = (ROOT / "requirements-dev.txt").read_text()
    runtime_pins = dict(
        PIN.match(line).groups() for line in runtime.splitlines() if PIN.match(line)
    )
    dev_pins = dict(PIN.match(line).groups() for line in dev.splitlines() if PIN.match(line))
    assert {name: dev_pins.get(name) for name in runtime_pins} == runtime_pins


def test_both_readme_commands_install_with_hashes_required():
    bootstrap = (ROOT / "script" / "bootstrap").read_text()
    assert "--require-hashes" in bootstrap
    assert "script/bootstrap requirements.txt" in (ROOT / "script" / "run").read_text()
    assert "script/bootstrap requirements-dev.txt" in (ROOT / "script" / "test").read_text()


def _tiny_wheel(folder: Path) -> Path:
    """A minimal valid wheel, so the check needs no network."""
    path = folder / "tinypkg-1.0-py3-none-any.whl"
    files = {
        "tinypkg/__init__.py": b"",
        "tinypkg-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n",
        "tinypkg-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{name},," + "\n" for name in [*files, "tinypkg-1.0.dist-info/RECORD"])
    with zipfile.ZipFile(path, "w") as wheel:
        for name, content in files.items():
            wheel.writestr(name, content)
        wheel.writestr("tinypkg-1.0.dist-info/RECORD", record)
    return path


def _install(folder: Path, digest: str) -> subprocess.CompletedProcess:
    requirements = folder / "requirements.txt"
    requirements.write_text(f"tinypkg==1.0 --hash=sha256:{digest}\n")
    return subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--isolated", "--no-index",
            "--find-links", str(folder), "--require-hashes", "--no-deps",
            "--target", str(folder / "installed"), "-r", str(requirements),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip


def test_an_install_fails_on_a_tampered_hash_and_succeeds_on_the_right_one(tmp_path):
    wheel = _tiny_wheel(tmp_path)
    right = sha256(wheel.read_bytes()).hexdigest()
    tampered = ("0" if right[0] != "0" else "1") + right[1:]

    refused = _install(tmp_path, tampered)
    assert refused.returncode != 0
    assert "DO NOT MATCH THE HASHES" in refused.stderr
    assert not (tmp_path / "installed" / "tinypkg").exists()

    accepted = _install(tmp_path, right)
    assert accepted.returncode == 0, accepted.stderr
    assert (tmp_path / "installed" / "tinypkg").exists()
