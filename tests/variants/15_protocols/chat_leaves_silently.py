"""connection_lost removes the client but tells nobody that it left."""


class ChatProtocol(ChatProtocol):
    def connection_lost(self, exc):
        self.clients.discard(self)


FAILS = {3}
BREAKS = "chat-tells-who-is-left"
