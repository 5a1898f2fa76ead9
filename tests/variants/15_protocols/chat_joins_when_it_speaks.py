"""ChatProtocol adds a client to the set only when it first sends something."""

FAILS = {3}
BREAKS = "chat-joins-the-set"

_Base = ChatProtocol


class ChatProtocol(_Base):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.clients.add(self)
        super().data_received(data)
