"""connection_lost removes the client only after a clean close (exc is None)."""


class ChatProtocol(ChatProtocol):
    def connection_lost(self, exc):
        if exc is None:
            self.clients.discard(self)
            for client in self.clients:
                client.transport.write(b"* a client left\n")


FAILS = {3}
BREAKS = "chat-forgets-who-leaves"
