"""GatedWriter's Event starts cleared (asyncio.Event() is), so the first write waits forever."""

FAILS = {5}
BREAKS = "gated-writes-when-open"

_Base = GatedWriter


class GatedWriter(_Base):
    def __init__(self):
        super().__init__()
        self.can_write.clear()
