"""The thread runs asyncio.get_event_loop(), which fails outside the main thread."""


def start_loop_thread():
    loop = asyncio.new_event_loop()

    def serve():
        asyncio.get_event_loop().run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return loop, thread


FAILS = {3}
BREAKS = "start-loop-in-a-new-thread"
