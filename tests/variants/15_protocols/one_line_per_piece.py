"""Buffers, but answers at most one complete line per data_received call."""


class SumProtocol(SumProtocol):
    def data_received(self, data):
        self.buffer += data
        if b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            self.transport.write(self.answer(line))


FAILS = {2}
BREAKS = "sum-buffers-lines"
