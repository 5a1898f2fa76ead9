"""SumProtocol reads words with float() and keeps whole ones: 20 digits lose precision."""

FAILS = {2}
BREAKS = "sum-integers"

_Base = SumProtocol


class SumProtocol(_Base):
    def answer(self, line):
        total = 0
        for word in line.split():
            try:
                value = float(word)
            except ValueError:
                return b"error\n"
            if not value.is_integer():
                return b"error\n"
            total += int(value)
        return b"%d\n" % total
