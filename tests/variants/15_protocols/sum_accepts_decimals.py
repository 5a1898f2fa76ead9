"""SumProtocol reads numbers with float and answers with %d: b'1.5 2\\n' gives b'3\\n'."""

FAILS = {2}
BREAKS = "sum-integers"

_Base = SumProtocol


class SumProtocol(_Base):
    def answer(self, line):
        try:
            total = sum(float(word) for word in line.split())
        except ValueError:
            return b"error\n"
        return b"%d\n" % total
