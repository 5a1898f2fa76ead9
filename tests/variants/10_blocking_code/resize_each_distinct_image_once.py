"""Mistake: resize_all submits resize once per distinct image and copies its result to the
image's other places in the list, so an image listed twice is resized once."""

FAILS = {7}
BREAKS = "resize-every-image"


async def resize_all(images, resize, pool):
    loop = asyncio.get_running_loop()
    by_image = {}
    for image in images:
        if image not in by_image:
            by_image[image] = loop.run_in_executor(pool, resize, image)
    done = await asyncio.gather(*by_image.values())
    results = dict(zip(by_image, done, strict=True))
    return [results[image] for image in images]
