"""A limit the task does not give: only the first 64 KiB of a piece are passed on."""


class ChatProtocol(ChatProtocol):
    def data_received(self, data):
        for client in self.clients:
            if client is not self:
                client.transport.write(data[: 64 * 1024])


FAILS = {3}
BREAKS = "chat-passes-to-the-others"
