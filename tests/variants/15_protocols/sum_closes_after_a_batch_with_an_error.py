"""Mistake: SumProtocol answers every line of a batch, then closes the connection when one of
them was not numbers: the client's next lines get no answer."""

FAILS = {2}
BREAKS = "sum-error-keeps-going"

_Base = SumProtocol


class SumProtocol(_Base):
    def data_received(self, data):
        self.buffer += data
        answers = []
        while b"\n" in self.buffer:
            line, _, self.buffer = self.buffer.partition(b"\n")
            answers.append(self.answer(line))
        self.transport.write(b"".join(answers))
        if b"error\n" in answers:
            self.transport.close()
