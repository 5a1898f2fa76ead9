"""ShoutProtocol decodes each piece as UTF-8 text to upper-case it: bytes that are not text fail."""

import asyncio

FAILS = {1}
BREAKS = "shout-answers-in-capitals"


class ShoutProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data.decode().upper().encode())
