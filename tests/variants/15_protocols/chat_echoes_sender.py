"""Passes each message to every client, the sender included."""


class ChatProtocol(ChatProtocol):
    def data_received(self, data):
        for client in self.clients:
            client.transport.write(data)


FAILS = {3}
BREAKS = "chat-passes-to-the-others"
