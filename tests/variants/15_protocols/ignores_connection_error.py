"""connection_lost sets the bytes as the result even when the connection broke."""


class CollectProtocol(CollectProtocol):
    def connection_lost(self, exc):
        if not self.done.done():
            self.done.set_result(b"".join(self.chunks))


FAILS = {4}
BREAKS = "collect-passes-on-the-error"
