"""Find a submission's topic files where students put them: the one rule every command uses.

A submission is graded as teachers receive it: a folder of topic files, the same folder one
level down (a clone of a student's repository holds ``exercises/04_async_await.py``), or a
zip unpacked with its own folder inside. Each topic file is taken from the shallowest folder
that holds it; when there are several copies, a note says which one was graded.
"""

from __future__ import annotations

import os
from pathlib import Path

from grader.catalog import Topic
from grader.i18n import _

MAX_DEPTH = 6  # folders below the submission that are searched
SKIPPED = {"__pycache__", "__MACOSX", "node_modules", "site-packages", "venv", "env"}
PREFERRED = "exercises"  # between copies equally deep, the one in exercises/ wins


def find_topic_files(folder: Path, topics: list[Topic]) -> tuple[dict[str, Path], list[str]]:
    """Map each topic's file name to the copy to grade; and notes for the teacher.

    Hidden folders, ``__pycache__``, virtual environments and the like are not searched.
    The notes name every file found more than once, and warn loudly when the folder holds
    no topic file at all.
    """
    wanted = {topic.filename for topic in topics}
    copies: dict[str, list[Path]] = {}
    for path in _python_files(folder):
        if path.name in wanted:
            copies.setdefault(path.name, []).append(path)
    files, notes = {}, []
    for name in sorted(copies):
        ranked = sorted(copies[name], key=lambda path: _rank(path, folder))
        files[name] = ranked[0]
        if len(ranked) > 1:
            others = ", ".join(_shown(path, folder) for path in ranked[1:])
            notes.append(
                _("{count} copies of {file} were found: graded {graded}, not {others}.").format(
                    count=len(ranked), file=name, graded=_shown(ranked[0], folder), others=others
                )
            )
    if not files:
        notes.insert(0, empty_warning(folder, topics))
    return files, notes


def empty_warning(folder: Path, topics: list[Topic]) -> str:
    """The loud warning for a folder that holds no topic file anywhere."""
    example = topics[0].filename if topics else "04_async_await.py"
    return _(
        "WARNING: no topic file was found in {folder} or its subfolders: every topic scores "
        "0. Topic files are named like {example}; check that this is the right folder."
    ).format(folder=folder, example=example)


def topic_folder(files: dict[str, Path], topic: Topic, default: Path) -> Path:
    """The folder to grade ``topic`` from: where its file was found, else ``default``."""
    found = files.get(topic.filename)
    return found.parent if found is not None else default


def _python_files(folder: Path):
    base_depth = len(folder.parts)
    for current, dirs, names in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(
            name
            for name in dirs
            if not name.startswith(".")
            and name not in SKIPPED
            and not (here / name / "pyvenv.cfg").exists()
            and len(here.parts) - base_depth < MAX_DEPTH
        )
        for name in names:
            if name.endswith(".py"):
                yield here / name


def _rank(path: Path, folder: Path) -> tuple:
    relative = path.relative_to(folder)
    return (len(relative.parts), path.parent.name != PREFERRED, relative.as_posix())


def _shown(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()
