"""A cap the task does not give: past 100 clients, a new connection is closed at once and
never joins the set."""


class ChatProtocol(ChatProtocol):
    def connection_made(self, transport):
        self.transport = transport
        if len(self.clients) >= 100:
            transport.close()
            return
        self.clients.add(self)


FAILS = {3}
BREAKS = "chat-joins-the-set"
