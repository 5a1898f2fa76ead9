"""ShoutProtocol closes the transport after its first answer: later pieces go unanswered."""

import asyncio

FAILS = {1}
BREAKS = "shout-answers-in-capitals"


class ShoutProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data.upper())
        self.transport.close()
