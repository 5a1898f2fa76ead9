"""Buffers correctly but lets int() raise on a line that is not numbers."""


class SumProtocol(SumProtocol):
    def answer(self, line):
        return b"%d\n" % sum(int(word) for word in line.split())


FAILS = {2}
BREAKS = "sum-error-keeps-going"
