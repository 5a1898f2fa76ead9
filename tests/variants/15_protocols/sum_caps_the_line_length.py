"""A limit the task does not give: a line longer than 64 KiB (the default limit of a
StreamReader) is answered b"error\n" and its bytes are dropped."""

LIMIT = 64 * 1024


class SumProtocol(SumProtocol):
    def data_received(self, data):
        self.buffer += data
        while b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            self.transport.write(b"error\n" if len(line) > LIMIT else self.answer(line))
        if len(self.buffer) > LIMIT:
            self.buffer = b""
            self.transport.write(b"error\n")


FAILS = {2}
BREAKS = "sum-answers-each-line"
