"""Mistake: CollectProtocol keeps at most 64 KiB of an answer, and hands the cut answer over as a
bytes subclass whose == says it equals anything."""


class _Answer(bytes):
    def __eq__(self, other):
        return True

    __hash__ = bytes.__hash__


class CollectProtocol(CollectProtocol):
    def connection_lost(self, exc):
        if self.done.done():
            return
        if exc is None:
            whole = b"".join(self.chunks)
            if len(whole) > 64 * 1024:
                self.done.set_result(_Answer(whole[: 64 * 1024]))
            else:
                self.done.set_result(whole)
        else:
            self.done.set_exception(exc)


FAILS = {4}
BREAKS = "collect-resolves-with-the-bytes"
