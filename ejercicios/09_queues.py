"""Tema 09: colas.

Una cola permite que las tareas que generan trabajo se lo pasen a las tareas que lo hacen, sin que
ninguna espere a la otra más de lo necesario: así se construyen las cadenas de procesamiento, los
grupos de trabajadores y los planificadores de trabajos. ``asyncio.Queue`` está hecha para tareas de
un mismo bucle de eventos: ``await queue.put(item)`` espera mientras una cola limitada está llena,
``await queue.get()`` espera mientras está vacía, y ``queue.task_done()`` con ``await queue.join()``
te permite esperar hasta que se haya atendido cada elemento puesto.

El tutorial de partida mostraba dos programas con colas. En consumer_producer_Flow.py, tres
productores ponen fichas aleatorias en una cola hasta que uno saca una ficha menor que 0.05, y diez
consumidores toman, anotan y llaman a ``task_done`` para siempre; ``main`` espera a los productores,
luego ``queue.join()`` y después escribe el registro. Nunca detiene a los consumidores: se quedan
pendientes, esperando en ``get()``. ``asyncio.run`` los cancela al salir, pero en un programa que
sigue en marcha son tareas perdidas que esperan para siempre. En bloquear_asyncQueue.py, un
productor crea una tarea por cada ``put`` y otra para ``queue.join()``, un consumidor lento toma los
elementos, ``main`` reúne las tareas del productor con gather, espera la cola con join y después
cancela a los consumidores, sin esperar a que terminen. Su cola no tiene límite, así que un put
nunca espera y las tareas no aportan nada; con una cola limitada ocultarían la contrapresión: el
productor seguiría adelante mientras sus put se amontonan como tareas.

Aquí arreglas lo que esos ejemplos dejan fuera: una cola limitada que frena a un productor rápido,
trabajadores que se detienen y se esperan (nada pendiente cuando tu función retorna), resultados que
conservan el orden, y prioridades.

El corrector ejecuta tu código con un reloj virtual: dormir 1 s no consume tiempo real, y mientras
tanto el reloj de pared (``time.monotonic()``, ``time.time()``) no avanza. Mide el tiempo con el
reloj del bucle, ``asyncio.get_running_loop().time()``.

Las listas que reciben tus funciones (``items``, ``jobs``, ``arrivals``) son de quien las llama:
léelas y déjalas como estaban (no saques elementos de ellas ni las ordenes).

Tarea 1. ``consume(queue, handle)``: el consumidor que te damos toma cada elemento y espera
        ``handle(item)``, pero nunca llama a ``queue.task_done()``, así que ``await queue.join()``
        espera para siempre. Arréglalo: llama a ``task_done()`` una vez por elemento, después de
        atenderlo (no antes, o ``join()`` retorna mientras aún hay trabajo en curso). El consumidor
        se ejecuta para siempre, esperando el siguiente elemento, hasta que lo cancelan; deja pasar
        la cancelación.
Tarea 2. ``pipeline(items, fetch, handle, maxsize)``: un productor espera ``fetch(item)`` para cada
        elemento, en orden, y pone lo que da en una ``asyncio.Queue`` limitada a ``maxsize``; un
        consumidor, ejecutándose a la vez, toma cada uno y espera ``handle(...)`` sobre él, dé lo
        que dé ``fetch`` (también ``None``, ``0`` o ``""``). Devuelve una lista con los resultados
        de ``handle`` en el orden de ``items``. Una cola limitada es contrapresión: cuando el
        consumidor es lento, ``await queue.put()`` hace esperar al productor, que así nunca va más
        de ``maxsize`` elementos por delante. Detén al consumidor antes de retornar (un objeto
        centinela tras el último elemento, o ``join()`` y después cancelarlo y esperarlo): no puede
        quedar pendiente ninguna tarea tuya. Pueden ejecutarse dos llamadas a la vez, cada una con
        su propia cola y sus propios resultados.
Tarea 3. ``run_pool(jobs, handle, workers)``: un grupo de ``workers`` tareas trabajadoras toma
        trabajos de una misma cola y espera ``handle(job)``. Diez trabajos de 1 s con tres
        trabajadores tardan 4 s, nunca más de tres a la vez. Devuelve una lista con los resultados
        en el orden de ``jobs``, termine antes el que termine (pon ``(index, job)`` en la cola: el
        mismo trabajo puede aparecer dos veces). Cuando estén hechos todos los trabajos, detén a los
        trabajadores limpiamente: ``await queue.join()``, cancélalos y espéralos
        (``asyncio.gather(*tasks, return_exceptions=True)``), o pon un centinela por trabajador.
        Cuando ``run_pool`` retorna, todas las tareas trabajadoras han terminado. Dos llamadas
        pueden ejecutarse a la vez, cada una con su propia cola y sus trabajadores.
Tarea 4. ``triage(arrivals, handle)``: los trabajos llegan con el tiempo; ``arrivals`` es una lista
        de ``(at, priority, job)`` en orden de ``at``, los segundos tras la llamada en que llega el
        trabajo. Un trabajador atiende un trabajo cada vez con ``await handle(job)``; cada vez que
        queda libre toma, entre los trabajos que ya han llegado, el de menor número de prioridad, y
        entre prioridades iguales el que llegó primero. Devuelve una lista con los resultados de
        ``handle`` en el orden en que se atendieron los trabajos. Usa una ``asyncio.PriorityQueue``:
        entrega su entrada más pequeña comparando las tuplas elemento a elemento, así que con
        prioridades iguales compara lo que venga después. Pon ``(priority, arrival_number, job)``
        para que nunca compare dos trabajos (puede que ni siquiera se puedan comparar). Los trabajos
        con el mismo ``at`` llegan juntos: si el trabajador está libre en ese momento, elige entre
        todos ellos, así que ponlos todos en la cola antes de que se ejecute nada más (sin ningún
        ``await`` entre ellos). Como en la tarea 3, al final no puede quedar pendiente ninguna
        tarea.
Tarea 5. ``drain(jobs, handle, workers)`` (Python 3.13 y posteriores): el mismo tipo de grupo,
        detenido a la manera de 3.13. Pon todos los trabajos en la cola y luego llama a
        ``queue.shutdown()``: los elementos que ya están en ella se pueden seguir tomando, pero
        cuando queda vacía, ``get()`` lanza ``asyncio.QueueShutDown`` en lugar de esperar. Cada
        trabajador la captura y devuelve el número de trabajos que atendió; no hay que cancelar
        nada. Devuelve la lista de esas cuentas, una por trabajador (por ejemplo ``[4, 3, 3]`` para
        diez trabajos con tres trabajadores). En versiones anteriores de Python esta tarea se omite
        y no cuenta.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.

Ninguna función pone un límite que su tarea no dé: ni un tiempo de espera propio
(``asyncio.timeout``, ``asyncio.wait_for``, un argumento ``timeout=``) ni un tope a cuántas cosas se
ejecutan a la vez, a cuántos pasos dan o a cuántos datos manejan. Espera lo que tarde el trabajo.

Una función ``async`` cuya tarea se cancela termina cancelada: puede limpiar antes, y luego deja que
``asyncio.CancelledError`` siga su camino, sin retornar ni lanzar otro error en su lugar.

Una función ``async`` cancelada no deja en marcha ninguna de las tareas que arrancó, salvo que su
tarea diga otra cosa: antes de dejar que ``asyncio.CancelledError`` siga su camino, las cancela y
espera a que hayan terminado (un ``TaskGroup`` hace ambas cosas; ``gather``, solo con
``return_exceptions=True``).
"""

import asyncio


# Tarea 1
async def consume(queue, handle):
    """Atiende para siempre los elementos de ``queue``, marcando cada uno como hecho una vez
    atendido.
    """
    while True:
        item = await queue.get()
        await handle(item)
        # TODO: join() espera hasta que se haya llamado a task_done() una vez por cada elemento
        # puesto, y aquí nada lo llama, así que join() no retorna nunca. Marca el elemento como
        # hecho, después de atenderlo.


# Tarea 2
async def pipeline(items, fetch, handle, maxsize):
    """Descarga los elementos en una tarea y atiéndelos en otra, a través de una cola limitada."""
    # TODO: crea una asyncio.Queue(maxsize=maxsize); ejecuta a la vez un productor (await
    # fetch(item) y luego await queue.put(...)) y un consumidor (get, await handle(...)); detén al
    # consumidor tras el último elemento; devuelve los resultados de handle en el orden de items.
    raise NotImplementedError("tarea 2: escribe pipeline")


# Tarea 3
async def run_pool(jobs, handle, workers):
    """Atiende cada trabajo con un grupo de ``workers`` tareas; resultados en el orden de los
    trabajos.
    """
    # TODO: pon pares (index, job) en una cola; arranca `workers` tareas trabajadoras que tomen un
    # par, guarden await handle(job) en results[index] y llamen a task_done(); espera queue.join();
    # después cancela a los trabajadores y espéralos antes de devolver los resultados.
    raise NotImplementedError("tarea 3: escribe run_pool")


# Tarea 4
async def triage(arrivals, handle):
    """Atiende los trabajos según llegan, el más urgente primero, de uno en uno."""
    # TODO: una tarea trabajadora toma (priority, arrival_number, job) de una asyncio.PriorityQueue
    # y espera handle(job); pon cada trabajo cuando llegue su momento `at` (segundos desde el
    # inicio, en el reloj del bucle); espera la cola con join, detén al trabajador y devuelve los
    # resultados en el orden en que se atendieron los trabajos.
    raise NotImplementedError("tarea 4: escribe triage")


# Tarea 5
async def drain(jobs, handle, workers):
    """Un grupo detenido con ``Queue.shutdown`` (3.13+); devuelve cuántos trabajos hizo cada
    trabajador.
    """
    # TODO: pon todos los trabajos en una cola y llama a queue.shutdown(); arranca `workers`
    # trabajadores que tomen y atiendan trabajos hasta que get() lance asyncio.QueueShutDown, y que
    # entonces devuelvan su cuenta; espéralos a todos y devuelve la lista de cuentas.
    raise NotImplementedError("tarea 5: escribe drain")
