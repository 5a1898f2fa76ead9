"""ChatProtocol tells the others b"* a client left" with no newline at its end."""

FAILS = {3}
BREAKS = "chat-tells-who-is-left"


class ChatProtocol(ChatProtocol):
    def connection_lost(self, exc):
        self.clients.discard(self)
        for client in self.clients:
            client.transport.write(b"* a client left")
