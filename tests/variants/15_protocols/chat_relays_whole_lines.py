"""ChatProtocol holds what a client sends until a newline: a piece with none waits."""

FAILS = {3}
BREAKS = "chat-passes-to-the-others"


class ChatProtocol(ChatProtocol):
    def connection_made(self, transport):
        super().connection_made(transport)
        self.pending = b""

    def data_received(self, data):
        self.pending += data
        if b"\n" not in self.pending:
            return
        lines, _, self.pending = self.pending.rpartition(b"\n")
        for client in self.clients:
            if client is not self:
                client.transport.write(lines + b"\n")
