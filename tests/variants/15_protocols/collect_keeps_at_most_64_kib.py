"""A limit the task does not give: CollectProtocol stops keeping pieces after 64 KiB."""


class CollectProtocol(CollectProtocol):
    def data_received(self, data):
        if sum(map(len, self.chunks)) < 64 * 1024:
            self.chunks.append(data)


FAILS = {4}
BREAKS = "collect-resolves-with-the-bytes"
