"""A correct start_named in another style: it names each task with set_name after creating it."""

FAILS = set()


def start_named(jobs):
    tasks = []
    for name, job in jobs.items():
        task = asyncio.get_running_loop().create_task(job())
        task.set_name(name)
        tasks.append(task)
    return tasks
