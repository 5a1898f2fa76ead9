"""CollectProtocol resolves done with its list of pieces instead of the joined bytes."""

FAILS = {4}
BREAKS = "collect-resolves-with-the-bytes"


class CollectProtocol(CollectProtocol):
    def connection_lost(self, exc):
        if self.done.done():
            return
        if exc is None:
            self.done.set_result(self.chunks)
        else:
            self.done.set_exception(exc)
