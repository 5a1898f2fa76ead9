"""Mistake: ChatProtocol joins the set it is given, but relays through a set of its class, which
every server shares: a client of one server hears the clients of another."""

FAILS = {3}
BREAKS = "chat-passes-to-the-others"

_Base = ChatProtocol


class ChatProtocol(_Base):
    everyone = set()  # noqa: RUF012 (the mistake: one set for every server)

    def connection_made(self, transport):
        super().connection_made(transport)
        ChatProtocol.everyone.add(self)

    def data_received(self, data):
        for client in ChatProtocol.everyone:
            if client is not self:
                client.transport.write(data)

    def connection_lost(self, exc):
        ChatProtocol.everyone.discard(self)
        super().connection_lost(exc)
