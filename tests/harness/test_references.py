"""Paths that the project's docs and configuration name exist."""

from __future__ import annotations

import re

import pytest

from grader.catalog import ROOT

DOCUMENTS = ["README.md", "pyproject.toml", "noxfile.py", ".ci/run", ".github/workflows"]
TOP_FOLDERS = ("grader", "tests", "exercises", "solutions", "gradescope", ".github", ".ci")
# A path into the project: a top folder, then names; placeholders such as NN_name are skipped.
FOLDERS = "|".join(map(re.escape, TOP_FOLDERS))
PATH = re.compile(rf"(?<![\w./-])((?:{FOLDERS})/[\w./-]*\w)")
PLACEHOLDER = re.compile(r"NN|<|\*|\.\.\.")


def named_paths() -> list[tuple[str, str]]:
    found = []
    for document in DOCUMENTS:
        path = ROOT / document
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                continue
            for match in PATH.finditer(file.read_text(encoding="utf-8")):
                if not PLACEHOLDER.search(match.group(1)):
                    found.append((str(file.relative_to(ROOT)), match.group(1)))
    return sorted(set(found))


@pytest.mark.parametrize(("document", "named"), named_paths())
def test_a_named_path_exists(document, named):
    assert (ROOT / named).exists(), f"{document} names {named}, which does not exist"
