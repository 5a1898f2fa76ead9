"""GatedWriter never sets the high-water mark: the transport keeps its default of 64 KiB."""

FAILS = {5}
BREAKS = "gated-sets-high-water"

_Base = GatedWriter


class GatedWriter(_Base):
    def connection_made(self, transport):
        self.transport = transport
