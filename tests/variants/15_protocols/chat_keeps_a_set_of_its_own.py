"""ChatProtocol ignores the clients it is given and shares a module-level set instead."""

FAILS = {3}
BREAKS = "chat-joins-the-set"

EVERYONE = set()


class ChatProtocol(ChatProtocol):
    def __init__(self, clients):
        super().__init__(EVERYONE)
