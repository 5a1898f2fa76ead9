"""SumProtocol answers an empty line but splits on b" ": two spaces in a row give b"error"."""

FAILS = {2}
BREAKS = "sum-any-spaces"


class SumProtocol(SumProtocol):
    def answer(self, line):
        if not line.strip():
            return b"0\n"
        try:
            total = sum(int(word) for word in line.split(b" "))
        except ValueError:
            return b"error\n"
        return b"%d\n" % total
