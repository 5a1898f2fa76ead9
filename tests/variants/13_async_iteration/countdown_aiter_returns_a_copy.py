"""Countdown.__aiter__ returns a fresh iterator instead of the iterator itself."""

FAILS = {2}
BREAKS = "countdown-is-its-own-iterator"

_Base = Countdown


class Countdown(_Base):
    def __aiter__(self):
        return _Base(self.next_number, self.interval)
