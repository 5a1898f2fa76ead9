"""Resolves the future with the first piece of data, not when the connection ends."""


class CollectProtocol(CollectProtocol):
    def data_received(self, data):
        if not self.done.done():
            self.done.set_result(data)


FAILS = {4}
BREAKS = "collect-resolves-at-the-end"
