"""Tells the others in eof_received and again in connection_lost: a goodbye is told twice."""


def _leave(self):
    self.clients.discard(self)
    for client in self.clients:
        client.transport.write(b"* a client left\n")


ChatProtocol.eof_received = _leave
ChatProtocol.connection_lost = lambda self, exc: _leave(self)

FAILS = {3}
BREAKS = "chat-tells-who-is-left"
