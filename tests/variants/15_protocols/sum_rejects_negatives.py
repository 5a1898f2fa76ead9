"""SumProtocol takes only digits for numbers (isdigit): a negative number is an error."""

FAILS = {2}
BREAKS = "sum-integers"

_Base = SumProtocol


class SumProtocol(_Base):
    def answer(self, line):
        words = line.split()
        if not all(word.isdigit() for word in words):
            return b"error\n"
        return b"%d\n" % sum(int(word) for word in words)
