"""The harness checks the English edition unless a test asks for another language: neither
a remembered ``--lang`` (.language) nor a Spanish locale on the machine changes that."""

import os

from grader.i18n import ENVIRONMENT, activate

os.environ[ENVIRONMENT] = "en"
activate("en")
