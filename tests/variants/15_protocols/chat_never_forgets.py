"""connection_lost does nothing: clients that went stay in the set."""


class ChatProtocol(ChatProtocol):
    def connection_lost(self, exc):
        pass


FAILS = {3}
BREAKS = "chat-forgets-who-leaves"
