"""Mistake: SumProtocol closes the connection at the first line that is not numbers, and
drops the lines after it."""

FAILS = {2}
BREAKS = "sum-error-keeps-going"

_Base = SumProtocol


class SumProtocol(_Base):
    def data_received(self, data):
        self.buffer += data
        while b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            answer = self.answer(line)
            self.transport.write(answer)
            if answer == b"error\n":
                self.transport.close()
                return
