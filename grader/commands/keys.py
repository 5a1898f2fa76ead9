"""Single key presses from the terminal, without waiting for Enter (standard library only).

On a terminal, the keyboard is put in cbreak mode while in use (Ctrl-C still interrupts)
and restored afterwards. When stdin is not a terminal (a pipe, a CI log), no key ever
arrives and reading just waits: the caller works as a plain watcher.
"""

from __future__ import annotations

import os
import select
import sys
import time
from typing import TextIO

try:
    import termios
    import tty
except ImportError:  # Windows: no keys, plain watching
    termios = tty = None

ENTER = ("\r", "\n")
ESCAPE = "\x1b"
BACKSPACE = ("\x7f", "\b")


class Keyboard:
    """Reads what was typed, a key at a time; a context manager that restores the terminal."""

    def __init__(self, stream: TextIO = sys.stdin):
        interactive = termios is not None and stream.isatty()
        self.fd = stream.fileno() if interactive else None
        self._saved = None
        self._pending = ""  # typed but not yet taken by read_key

    @property
    def interactive(self) -> bool:
        return self.fd is not None

    def __enter__(self) -> Keyboard:
        if self.fd is not None:
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.fd is not None and self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float = 0.0) -> str:
        """The keys typed so far, waiting up to ``timeout`` seconds for the first; or ``""``."""
        if self._pending:
            keys, self._pending = self._pending, ""
            return keys
        if self.fd is None:
            time.sleep(timeout)
            return ""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return ""
        data = os.read(self.fd, 64)
        if not data:  # the terminal went away
            self.fd = None
            return ""
        return data.decode(errors="ignore")

    def unread(self, keys: str) -> None:
        """Put keys back, to be read again first."""
        self._pending = keys + self._pending

    def read_key(self) -> str:
        """Wait for one key press."""
        while self.fd is not None or self._pending:
            keys = self.read(0.2)
            if keys:
                self._pending = keys[1:]
                return keys[0]
        return ""

    def read_line(self, echo) -> str | None:
        """Read a short line, echoing it with ``echo(text)``; None when Escape is pressed."""
        typed = ""
        while self.fd is not None:
            key = self.read_key()
            if key in ENTER:
                return typed
            if key == ESCAPE:
                return None
            if key in BACKSPACE:
                typed = typed[:-1]
            elif key.isprintable():
                typed += key
            echo(typed)
        return None
