"""SumProtocol skips empty lines instead of answering them with b'0\\n'."""

FAILS = {2}
BREAKS = "sum-answers-each-line"

_Base = SumProtocol


class SumProtocol(_Base):
    def data_received(self, data):
        self.buffer += data
        while b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            if line.strip():
                self.transport.write(self.answer(line))
