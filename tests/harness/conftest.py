"""The harness checks the English edition unless a test asks for another language: neither
a remembered ``--lang`` (.language) nor a Spanish locale on the machine changes that.

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


@pytest.fixture(scope="session")
def grading_zygote():
    with Zygote() as zygote:
        yield zygote
