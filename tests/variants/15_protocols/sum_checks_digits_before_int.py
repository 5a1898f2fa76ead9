"""SumProtocol checks words with isdigit() (minus signs removed), then int() outside a try."""

FAILS = {2}
BREAKS = "sum-integers"

_Base = SumProtocol


class SumProtocol(_Base):
    def answer(self, line):
        words = line.split()
        if not all(word.replace(b"-", b"").isdigit() for word in words):
            return b"error\n"
        return b"%d\n" % sum(int(word) for word in words)
