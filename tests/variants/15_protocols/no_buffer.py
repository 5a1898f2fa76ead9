"""data_received treats every piece as whole lines (the stub's bug, errors handled)."""


class SumProtocol(SumProtocol):
    def data_received(self, data):
        for line in data.splitlines():
            self.transport.write(self.answer(line))


FAILS = {2}
BREAKS = "sum-buffers-lines"
