"""CollectProtocol resolves done in eof_received: a connection that breaks never resolves it."""

FAILS = {4}
BREAKS = "collect-passes-on-the-error"


class CollectProtocol(CollectProtocol):
    def eof_received(self):
        if not self.done.done():
            self.done.set_result(b"".join(self.chunks))

    def connection_lost(self, exc):
        pass
