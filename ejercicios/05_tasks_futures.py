"""Tema 05: tareas y objetos Future.

Una tarea es una corrutina que el bucle de eventos hace avanzar por su cuenta:
``asyncio.create_task(coro)`` la planifica enseguida y te devuelve un ``asyncio.Task``, un asa a la
que puedes poner nombre, esperar, cancelar e inspeccionar. Un Future es una caja para un resultado
que aún no existe: un lado lo espera y el otro lo llena más tarde con ``set_result`` o
``set_exception``. Toda tarea es también un Future (``asyncio.Task`` es subclase de
``asyncio.Future``), así que ambos responden a ``done()``, ``result()``, ``exception()``,
``cancelled()`` y ``add_done_callback()``. Los objetos Future son además el puente entre el código
basado en retrollamadas (una biblioteca que llama a ``on_done(result)`` más tarde) y ``await``.

Lo que mostraba el tutorial de partida. Su futures.py ejecutaba primero dos corrutinas con
``gather``. Después, una función tomaba el bucle con ``asyncio.get_event_loop()``, creaba tareas en
él y llamaba a ``loop.run_forever()`` desde dentro de una corrutina que ya se estaba ejecutando en
ese mismo bucle. Eso lanza ``RuntimeError: This event loop is already running``. Un bucle ejecuta
una retrollamada cada vez en un solo hilo, y la corrutina que llama a ``run_forever`` *es* una de
esas retrollamadas: el bucle no puede volver a arrancar debajo de sí mismo (si pudiera, otras tareas
se ejecutarían en mitad del paso de una tarea, y dejaría de cumplirse que "entre dos await no se
ejecuta nada más"). Dentro de una corrutina ya estás en el bucle: arranca tareas con
``asyncio.create_task`` y espéralas (o usa ``gather`` o un ``TaskGroup``). ``run_forever`` y
``run_until_complete`` son para el código síncrono que maneja un bucle a mano (tema 12), e incluso
ahí lo moderno es ``asyncio.run`` o ``asyncio.Runner``. ``get_event_loop()`` también va de salida:
si se llama sin ningún bucle de eventos fijado, avisa desde 3.12 y lanza una excepción desde 3.14;
dentro de una corrutina, ``asyncio.get_running_loop()`` dice lo que quieres decir.

Un dato más que el tutorial de partida no mostraba: el bucle solo guarda una referencia *débil* a
cada tarea. Una tarea a la que nadie más hace referencia puede acabar en el recolector de basura a
mitad de su trabajo, sin avisar ("Task was destroyed but it is pending!"). Quien arranca una tarea
tiene que guardarla.

El corrector ejecuta tu código con un reloj virtual: dormir 1 s no consume tiempo real, pero el
reloj del bucle dice igualmente que ha pasado 1 s.

Tarea 1. ``run_pair(first, second)``: la versión que te damos copia el error del tutorial de partida
        y falla con "This event loop is already running". Arréglala: ejecuta ``first()`` y
        ``second()`` a la vez y devuelve ``(first_result, second_result)``.
Tarea 2. ``start_named(jobs)``: ``jobs`` asocia un nombre a una función asíncrona sin argumentos.
        Arranca cada una como tarea *con el nombre* de su clave y devuelve la lista de tareas, en el
        orden de ``jobs``, sin esperar a ninguna: quien llama decide cuándo esperarlas. Llámala
        desde dentro de una corrutina (una tarea necesita un bucle en marcha).
Tarea 3. ``spawn(coro)``: una función auxiliar de "lanzar y olvidar". Arranca ``coro`` como tarea,
        guarda una referencia fuerte a ella en el conjunto ``background_tasks`` del módulo mientras
        se ejecuta, sácala del conjunto en cuanto termine, sea como sea, incluso si se cancela antes
        de empezar (``task.add_done_callback(...discard)``), y devuelve la tarea. Quien llama puede
        tirar la tarea; aun así tiene que ejecutarse hasta el final.
Tarea 4. ``outcome(task)``: describe una tarea sin lanzar nunca una excepción: ``("ok", result)``,
        ``("failed", exception)``, ``("cancelled", None)``, o ``("pending", None)`` mientras no haya
        terminado. Cuidado: sobre una tarea cancelada, ``result()`` *y* ``exception()`` lanzan
        ``CancelledError``, y sobre una sin terminar lanzan ``InvalidStateError``.
Tarea 5. ``notify_progress(tasks, on_progress)``: una función corriente (sin ``async``) que retorna
        enseguida. Cada vez que termine una de ``tasks``, tanto si retornó como si falló o se
        canceló, llama en ese mismo momento a ``on_progress(finished_so_far, total, task_name)``
        desde una retrollamada de finalización: ``finished_so_far`` cuenta 1, 2, ... hasta
        ``total``, incluso cuando varias tareas terminan en el mismo instante. Cada llamada cuenta
        solo sus propias tareas, aunque las tareas de dos llamadas terminen por turnos.
Tarea 6. ``settle_later(delay, value=None, error=None)``: una función corriente que devuelve un
        ``asyncio.Future`` (creado con ``loop.create_future()``, no una tarea) y deja preparado (con
        ``loop.call_later``, por ejemplo) que, ``delay`` segundos después, reciba
        ``set_result(value)``, o ``set_exception(error)`` si se da ``error``. Si alguien ha
        cancelado el Future entretanto, déjalo en paz: fijar el resultado de un Future ya terminado
        lanza ``InvalidStateError``, dentro de la retrollamada del bucle.
Tarea 7. ``call_api(api, request)``: ``api.request(request, on_done, on_error)`` retorna enseguida
        y, más tarde, llama a ``on_done(reply)`` o a ``on_error(exception)`` desde el bucle de
        eventos. Conviértelo en algo esperable: ``await call_api(api, "ping")`` da la respuesta o
        lanza la excepción. Si quien llama cancela el ``await`` antes de que llegue la respuesta, la
        espera tiene que terminar con ``CancelledError`` (nunca te la tragues), y el
        ``on_done``/``on_error`` tardío no debe fallar.

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
"""

import asyncio


# Tarea 1
async def run_pair(first, second):
    """Ejecuta ``first()`` y ``second()`` de forma concurrente; devuelve los dos resultados, en
    ese orden.
    """
    # TODO: este es el código del tutorial de partida. El bucle ya está en marcha (esta corrutina se
    # ejecuta en él), así que run_forever() lanza RuntimeError. En su lugar, arranca las dos con
    # asyncio.create_task y espera las dos tareas.
    loop = asyncio.get_event_loop()
    first_task = loop.create_task(first())
    second_task = loop.create_task(second())
    loop.run_forever()
    return first_task.result(), second_task.result()


# Tarea 2
def start_named(jobs):
    """Arranca cada trabajo como tarea con el nombre de su clave; devuelve las tareas, sin
    esperarlas.
    """
    # TODO: asyncio.create_task(job(), name=name) para cada elemento; devuelve la lista de tareas.
    raise NotImplementedError("tarea 2: escribe start_named")


# Tarea 3
background_tasks = set()


def spawn(coro):
    """Arranca ``coro`` como una tarea que sigue ejecutándose aunque quien llama la suelte."""
    # TODO: crea la tarea, añádela a background_tasks y haz que se quite sola al terminar con
    # task.add_done_callback(background_tasks.discard). Devuelve la tarea.
    raise NotImplementedError("tarea 3: escribe spawn")


# Tarea 4
def outcome(task):
    """``("ok", result)``, ``("failed", exc)``, ``("cancelled", None)`` o ``("pending", None)``."""
    # TODO: consulta task.done(), luego task.cancelled() y luego task.exception(), en ese orden.
    raise NotImplementedError("tarea 4: escribe outcome")


# Tarea 5
def notify_progress(tasks, on_progress):
    """Llama a ``on_progress(finished_so_far, total, name)`` a medida que termina cada tarea."""
    # TODO: añade a cada tarea una retrollamada de finalización que cuente las tareas terminadas
    # hasta ese momento y llame a on_progress(count, total, task.get_name()). Aquí no esperes nada.
    raise NotImplementedError("tarea 5: escribe notify_progress")


# Tarea 6
def settle_later(delay, value=None, error=None):
    """Un Future que recibe ``value`` (o lanza ``error``) dentro de ``delay`` segundos."""
    # TODO: crea un Future con asyncio.get_running_loop().create_future() y usa
    # loop.call_later(delay, ...) para fijar su resultado o su excepción, salvo que para entonces ya
    # esté terminado. Devuelve el Future enseguida.
    raise NotImplementedError("tarea 6: escribe settle_later")


# Tarea 7
async def call_api(api, request):
    """Espera la respuesta que ``api.request`` entrega mediante una retrollamada."""
    # TODO: crea un Future; llama a api.request(request, on_done, on_error) con dos funciones
    # pequeñas que fijen su resultado o su excepción (solo si aún no está terminado); espéralo.
    raise NotImplementedError("tarea 7: escribe call_api")
