"""Read a pipe from a child process in the background, up to a size, so it never fills."""

from __future__ import annotations

import os
import selectors
import threading
import time

CHUNK = 64 * 1024
STOP_GRACE = 1.0  # seconds of reading left once the run is over


class Drain:
    """Reads ``fd`` until end of file, keeping at most ``limit`` bytes.

    ``keep="head"`` keeps the first bytes and notes that more came (outcome records);
    ``keep="tail"`` keeps the last ones (a process's output, whose end says why it died).
    Reading goes on past the limit, so a writer never blocks on a full pipe.
    """

    def __init__(self, fd: int, limit: int, keep: str = "head"):
        self.fd = fd
        self.limit = limit
        self.keep = keep
        self.data = bytearray()
        self.overflowed = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name=f"drain-{fd}", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            deadline = None
            while True:
                if self._stop.is_set():
                    deadline = deadline or time.monotonic() + STOP_GRACE
                    if time.monotonic() > deadline:
                        return  # a writer that outlived the run keeps writing: stop here
                if not selector.select(timeout=0.1):
                    if self._stop.is_set():
                        return  # nothing more now, and the writers are gone or stopped
                    continue
                chunk = os.read(self.fd, CHUNK)
                if not chunk:
                    return
                self._keep(chunk)

    def _keep(self, chunk: bytes) -> None:
        if self.keep == "tail":
            self.data += chunk
            if len(self.data) > self.limit:
                del self.data[: len(self.data) - self.limit]
                self.overflowed = True
        elif len(self.data) + len(chunk) > self.limit:
            self.data += chunk[: max(0, self.limit - len(self.data))]
            self.overflowed = True
        else:
            self.data += chunk

    def finish(self) -> tuple[bytes, bool]:
        """Once every writer is gone: what was read, and whether more came than kept."""
        self._stop.set()
        self._thread.join()
        os.close(self.fd)
        return bytes(self.data), self.overflowed
