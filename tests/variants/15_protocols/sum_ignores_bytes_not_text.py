"""SumProtocol decodes with errors="ignore": a line "2 <byte 0xff>" is summed as if it were "2"."""

import asyncio

FAILS = {2}
BREAKS = "sum-integers"


class SumProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            try:
                total = sum(int(word) for word in line.decode(errors="ignore").split())
            except ValueError:
                self.transport.write(b"error\n")
            else:
                self.transport.write(b"%d\n" % total)
