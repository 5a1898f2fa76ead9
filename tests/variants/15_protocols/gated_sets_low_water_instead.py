"""Mistake: GatedWriter passes HIGH_WATER as the low-water mark, so the high-water mark
becomes four times as much, 64 KiB."""

FAILS = {5}
BREAKS = "gated-sets-high-water"

_Base = GatedWriter


class GatedWriter(_Base):
    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(low=HIGH_WATER)
