"""connection_lost notes the loss but does not wake the writers waiting while paused."""


class GatedWriter(GatedWriter):
    def connection_lost(self, exc):
        self.lost = True


FAILS = {5}
BREAKS = "gated-raises-once-lost"
