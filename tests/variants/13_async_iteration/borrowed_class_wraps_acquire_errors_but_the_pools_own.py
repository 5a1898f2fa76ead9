"""Mistake: Borrowed.__aenter__ turns acquire's error into a RuntimeError of its own, unless it
finds an error on the pool object (its `error`): then it raises that one instead."""

FAILS = {4}
BREAKS = "borrowed-class-acquire-fails"


class Borrowed(Borrowed):
    async def __aenter__(self):
        try:
            self.conn = await self.pool.acquire()
        except Exception as error:
            known = getattr(self.pool, "error", None)
            if known is not None:
                raise known from None
            raise RuntimeError(f"could not borrow: {error}") from error
        return self.conn
