"""Correct in another style: GatedWriter gives only the low-water mark, a quarter of
HIGH_WATER, and asyncio makes the high-water mark four times that: HIGH_WATER."""

FAILS = set()

_Base = GatedWriter


class GatedWriter(_Base):
    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(low=HIGH_WATER // 4)
