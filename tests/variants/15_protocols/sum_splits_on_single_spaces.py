"""SumProtocol splits on one space: an empty line, or two spaces in a row, give b"error"."""

FAILS = {2}
BREAKS = "sum-answers-each-line"


class SumProtocol(SumProtocol):
    def answer(self, line):
        try:
            total = sum(int(word) for word in line.split(b" "))
        except ValueError:
            return b"error\n"
        return b"%d\n" % total
