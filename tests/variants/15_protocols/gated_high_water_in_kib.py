"""GatedWriter reads HIGH_WATER as KiB: set_write_buffer_limits(high=HIGH_WATER * 1024)."""

FAILS = {5}
BREAKS = "gated-sets-high-water"


class GatedWriter(GatedWriter):
    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER * 1024)
