"""SumProtocol decodes each piece as it arrives: a character cut in two kills the connection."""

import asyncio

FAILS = {2}
BREAKS = "sum-buffers-lines"


class SumProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = ""

    def data_received(self, data):
        self.buffer += data.decode()
        *lines, self.buffer = self.buffer.split("\n")
        for line in lines:
            try:
                total = sum(int(word) for word in line.split())
            except ValueError:
                self.transport.write(b"error\n")
            else:
                self.transport.write(b"%d\n" % total)
