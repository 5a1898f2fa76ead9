"""CollectProtocol takes an empty answer for a failure: a server that closes cleanly without
sending anything makes request raise, where the statement says it returns all it got, b''."""

FAILS = {4}
BREAKS = "collect-resolves-with-the-bytes"


def _connection_lost_empty_is_an_error(self, exc):
    if self.done.done():
        return
    if exc is None and self.chunks:
        self.done.set_result(b"".join(self.chunks))
    else:
        self.done.set_exception(exc or ConnectionError("the server sent nothing"))


CollectProtocol.connection_lost = _connection_lost_empty_is_an_error
