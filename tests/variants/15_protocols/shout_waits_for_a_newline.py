"""ShoutProtocol buffers until a newline before answering: a piece with no newline gets nothing."""

import asyncio

FAILS = {1}
BREAKS = "shout-answers-in-capitals"


class ShoutProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        while b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            self.transport.write(line.upper() + b"\n")
