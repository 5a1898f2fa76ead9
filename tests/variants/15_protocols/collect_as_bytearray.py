"""CollectProtocol gathers into a bytearray and resolves done with it, not with bytes."""

import asyncio

FAILS = {4}
BREAKS = "collect-resolves-with-the-bytes"


class CollectProtocol(asyncio.Protocol):
    def __init__(self, done):
        self.done = done
        self.received = bytearray()

    def data_received(self, data):
        self.received += data

    def connection_lost(self, exc):
        if self.done.done():
            return
        if exc is None:
            self.done.set_result(self.received)
        else:
            self.done.set_exception(exc)
