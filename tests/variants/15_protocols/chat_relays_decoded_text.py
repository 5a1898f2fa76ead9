"""ChatProtocol decodes each piece as UTF-8 (dropping what does not decode) and re-encodes it."""

FAILS = {3}
BREAKS = "chat-passes-to-the-others"


class ChatProtocol(ChatProtocol):
    def data_received(self, data):
        text = data.decode(errors="ignore")
        for other in self.clients:
            if other is not self:
                other.transport.write(text.encode())
