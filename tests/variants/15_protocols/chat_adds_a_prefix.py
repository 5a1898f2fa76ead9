"""ChatProtocol passes messages on with a b"> " in front: not as they were sent."""

FAILS = {3}
BREAKS = "chat-passes-to-the-others"


class ChatProtocol(ChatProtocol):
    def data_received(self, data):
        for client in self.clients:
            if client is not self:
                client.transport.write(b"> " + data)
