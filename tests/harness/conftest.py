"""The harness checks the English edition unless a test asks for another language: neither
a remembered ``--lang`` (.language) nor a Spanish locale on the machine changes that.

``nox -s tests`` proves on every supported Python that each solution passes and each stub
fails (``every_python``); on the oldest and the newest, the rest of what depends on the
Python (``-m "not once_per_run"``); on the newest alone, what does not: besides the tests
marked ``once_per_run`` in their files, every test of ``ONCE_PER_RUN_FILES``.
The newcomer's walk, minutes long, starts first.

``grading_zygote``: one warm process per test worker that forks the test process of an
unconfined run (``grader/grading/zygote.py``), for the tests that grade hundreds of
known submissions.
"""

import os

import pytest

from grader.grading.zygote import Zygote
from grader.i18n import ENVIRONMENT, activate

os.environ[ENVIRONMENT] = "en"
activate("en")

# Checks of the project's files and texts, and of the tools around a grade (watch, soak,
# Gradescope), whose Python-dependent part, grading, the other files prove on every Python.
ONCE_PER_RUN_FILES = {
    "test_promises.py",
    "test_references.py",
    "test_suite_texts.py",
    "test_translations.py",
    "test_soak.py",
    "test_platforms.py",
    "test_learner_tools.py",
    "test_watch_terminal.py",
}


# Minutes of real time in one test: started first, so the other workers share the rest.
LONGEST_FIRST = ("test_newcomer.py",)


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in ONCE_PER_RUN_FILES:
            item.add_marker(pytest.mark.once_per_run)
    items.sort(key=lambda item: item.path.name not in LONGEST_FIRST)


@pytest.fixture(scope="session")
def grading_zygote():
    with Zygote() as zygote:
        yield zygote
