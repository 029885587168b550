"""Issue 11 item 2: the README's install commands print no warning about extras.

jusText (trafilatura's paragraph classifier) asks for ``lxml[html_clean]``; lxml 5.3
and later declare that extra as ``html-clean``, the normalised spelling of PEP 685.
pip 23.3 and later compare the two normalised; older pip (the one Python 3.10, 3.11
and 3.12.0 put in a new venv, and Debian 12's) warns "lxml ... does not provide the
extra 'html_clean'" and skips it. The README therefore creates the venv with
``--upgrade-deps``, and pyproject names lxml_html_clean itself for whoever installs
with an old pip anyway. These tests read the installed environment only (offline).
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "factcheck-gui"


def normalised_extra(name: str) -> str:
    """PEP 685: extras compare as lower case with runs of -_. made one "-"."""
    return re.sub(r"[-_.]+", "-", name).lower()


def distribution(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def active_requirements(dist: metadata.Distribution, extras: set[str]) -> list[Requirement]:
    """The requirements of *dist* that apply here, with *extras* (normalised) requested."""
    active = []
    for line in dist.requires or []:
        requirement = Requirement(line)
        if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""}):
            active.append(requirement)
    return active


def requested_extras() -> list[tuple[str, Requirement, metadata.Distribution]]:
    """Every (requiring distribution, requirement with extras, target) reachable from the
    project with its test extra, as pip resolved it into this environment."""
    project = distribution(PROJECT)
    if project is None:
        pytest.skip(f"{PROJECT} is not installed (run the README's test command)")
    found = []
    seen: set[tuple[str, frozenset[str]]] = set()
    queue: list[tuple[metadata.Distribution, set[str]]] = [(project, {"test"})]
    while queue:
        dist, extras = queue.pop()
        key = (canonicalize_name(dist.metadata["Name"]), frozenset(extras))
        if key in seen:
            continue
        seen.add(key)
        for requirement in active_requirements(dist, extras):
            target = distribution(requirement.name)
            assert target is not None, f"{dist.metadata['Name']} needs {requirement}, which is not installed"
            if requirement.extras:
                found.append((dist.metadata["Name"], requirement, target))
            queue.append((target, {normalised_extra(extra) for extra in requirement.extras}))
    return found


def test_every_requested_extra_is_provided_by_the_installed_distribution():
    """pip warns "X does not provide the extra 'Y'" exactly when this fails (pip >= 23.3)."""
    checked = requested_extras()
    assert any(canonicalize_name(req.name) == "lxml" for _, req, _ in checked), \
        "jusText's lxml[html_clean] is among the requested extras"
    wrong = []
    for requiring, requirement, target in checked:
        provided = {normalised_extra(extra) for extra in target.metadata.get_all("Provides-Extra") or []}
        for extra in requirement.extras:
            if normalised_extra(extra) not in provided:
                wrong.append(f"{requiring} asks for {requirement}, but {target.metadata['Name']} "
                             f"{target.version} provides only {sorted(provided)}")
    assert wrong == []


def test_what_the_extras_bring_is_installed_too():
    """lxml[html_clean] brings lxml_html_clean, without which jusText, and so trafilatura,
    cannot be imported."""
    for _, requirement, target in requested_extras():
        extras = {normalised_extra(extra) for extra in requirement.extras}
        for needed in active_requirements(target, extras):
            assert distribution(needed.name) is not None, f"{requirement} needs {needed}"
    assert distribution("lxml_html_clean") is not None
    import justext  # noqa: F401  (imports lxml.html.clean)


def install_lines(text: str) -> list[str]:
    """The shell lines of *text* that run ``pip install``."""
    return [line.strip() for line in text.splitlines() if re.search(r"\bpip install\b", line)]


def test_the_readme_commands_make_a_pip_that_matches_extras_as_pep_685_says():
    """Some extras in this environment are spelled differently by the requirement and by the
    distribution (html_clean, html-clean): pip before 23.3 warns about them. So every README
    command that installs the project first upgrades the venv's pip (--upgrade-deps), and CI
    runs the README's test command as written."""
    spelled_apart = [
        (str(requirement), target.metadata["Name"])
        for _, requirement, target in requested_extras()
        for extra in requirement.extras
        if extra not in (target.metadata.get_all("Provides-Extra") or [])
    ]
    if not spelled_apart:
        pytest.skip("every extra is spelled alike on both sides: any pip matches them")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in install_lines(readme) if "pip install ." in line or 'pip install ".' in line]
    assert len(lines) == 2, "the README has an install command and a test command"
    for line in lines:
        assert line.startswith("python3 -m venv --upgrade-deps .venv && "), line
    ci = ROOT / ".ci" / "run"
    if ci.exists():
        test_command = next(line for line in lines if "[test]" in line)
        assert test_command in ci.read_text(encoding="utf-8")
