"""connection_lost does not check whether the future was cancelled before resolving it."""


class CollectProtocol(CollectProtocol):
    def connection_lost(self, exc):
        if exc is None:
            self.done.set_result(b"".join(self.chunks))
        else:
            self.done.set_exception(exc)


FAILS = {4}
BREAKS = "collect-leaves-a-cancelled-future"
