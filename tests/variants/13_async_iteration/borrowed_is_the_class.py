"""borrowed reuses the Borrowed class instead of an @asynccontextmanager generator."""

FAILS = {5}
BREAKS = "borrowed-is-a-generator"


def borrowed(pool):
    return Borrowed(pool)
