"""Sign the test process's outcome records with a key only the grader's plugin holds.

The grading process makes a fresh key for every run and hands it over on a pipe that the
plugin reads and closes before any learner code is imported. Each record's line then
carries the HMAC of its number and text, so records the learner's code writes to the
outcome pipe itself, without reaching into the grader to find the key, are refused.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
from collections.abc import Callable

KEY_BYTES = 32
SEPARATOR = "\t"  # never in a record's JSON text: json.dumps escapes tabs in strings
# The exit code of a test process whose outcome channel was found replaced (another file put
# in its descriptor's place): no pytest exit code, so no 'finished' record can match it.
CHANNEL_REPLACED = 86


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def signature(key: bytes, number: int, text: str) -> str:
    """The HMAC of the ``number``-th record (from 1), whose JSON text is ``text``."""
    return hmac.new(key, f"{number}\n{text}".encode(), hashlib.sha256).hexdigest()


def signer(key: bytes) -> Callable[[str], str]:
    """Sign the records in order: ``signature(key, 1, text)``, then 2, ... The HMAC function
    is taken now, before the learner's code runs, from OpenSSL's own module where there is
    one: nothing that code can replace (``hmac.HMAC``'s methods) ever sees the key."""
    try:
        from _hashlib import hmac_digest
    except ImportError:  # Python built without OpenSSL
        hmac_digest = hmac.digest
    numbers = itertools.count(1)

    def sign(text: str) -> str:
        return hmac_digest(key, f"{next(numbers)}\n{text}".encode(), "sha256").hex()

    return sign


def is_signed(key: bytes, number: int, text: str, mark: str) -> bool:
    return hmac.compare_digest(signature(key, number, text), mark)
