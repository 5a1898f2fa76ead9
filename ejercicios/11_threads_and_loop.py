"""Tema 11: hilos y el bucle de eventos.

Un bucle de eventos pertenece a un hilo: el que lo ejecuta. Casi todos sus métodos y todos los
objetos de asyncio (colas, eventos, objetos Future, tareas) suponen que se usan solo desde ese hilo,
y no toman ningún Lock. Llama a ``queue.put_nowait`` o a ``loop.call_soon`` desde otro hilo y puede
que el bucle nunca se entere: está dormido en ``select()``, esperando un socket o un temporizador, y
nada lo despierta, así que tu retrollamada se queda en su lista hasta que pase otra cosa, o el
estado del bucle se corrompe. Los programas reales siguen mezclando los dos mundos: una biblioteca
que te llama desde su propio hilo, un grupo de hilos que hace trabajo bloqueante, un programa
síncrono (una CLI, una vista de Flask, una prueba) que quiere usar un cliente asíncrono. asyncio
tiene unas cuantas puertas en el muro (el tema 10 usó ``to_thread`` y ``run_in_executor``, del bucle
a un hilo); este tema usa las otras cuatro:

- ``loop.call_soon_threadsafe(callback, *args)``: desde cualquier hilo, ejecuta pronto una
  retrollamada corriente en el hilo del bucle. Además despierta al bucle. Aparte de
  ``run_coroutine_threadsafe``, más abajo, es la única forma segura de que otro hilo llegue al
  bucle.
- ``asyncio.run_coroutine_threadsafe(coro, loop)``: desde cualquier hilo salvo el del bucle, ejecuta
  una corrutina en ese bucle; obtienes un ``concurrent.futures.Future`` cuyo ``result(timeout)``
  bloquea el hilo que llama hasta que la corrutina termina, y devuelve su resultado o lanza su
  excepción. ``future.cancel()`` cancela la corrutina.
- un bucle que se ejecuta en un hilo de fondo (``loop.run_forever()`` como trabajo del hilo): el
  código síncrono mantiene uno ahí y le envía corrutinas. Hay que detenerlo con
  ``loop.call_soon_threadsafe(loop.stop)``, esperar a su hilo con join y después cerrar el bucle.
- ``asyncio.wrap_future(concurrent_future)``: en el sentido contrario, un esperable para un
  ``concurrent.futures.Future`` (lo que devuelve ``ThreadPoolExecutor.submit``), para que una
  corrutina pueda esperar el trabajo de un hilo sin bloquear el bucle.

Dos hechos que conviene recordar. Un hilo trabajador no tiene bucle de eventos propio: ahí,
``asyncio.get_running_loop()`` lanza ``RuntimeError``, y también el antiguo
``asyncio.get_event_loop()`` (fuera del hilo principal nunca creaba uno, y además está obsoleto).
Toma el bucle mientras estás en su hilo (``get_running_loop()`` dentro de una corrutina) y pásaselo
al hilo. Y nunca esperes con ``future.result()`` en el propio hilo del bucle: el bucle no puede
ejecutar el trabajo que esperas mientras lo bloqueas, así que espera para siempre, un interbloqueo.

Lo que mostraba el tutorial de partida. Su asynIO-threads.py no tiene código, solo referencias a
lecturas sobre ejecutores y ``loop.run_in_executor`` (el tema 10 ejecuta así el trabajo bloqueante).
Este tema recorre también el camino contrario: hilos que llaman a un bucle, y un bucle que vive en
un hilo.

El corrector ejecuta estas tareas con el reloj real y con hilos reales, a una escala de decenas de
milisegundos.

Tarea 1. ``threadsafe_put(queue)``: una función corriente, llamada en el hilo del bucle (desde una
        corrutina), que devuelve una función ``put(item)`` que cualquier hilo puede llamar: cada
        llamada pone ``item`` en la ``asyncio.Queue`` ejecutando ``queue.put_nowait(item)`` en el
        hilo del bucle con ``loop.call_soon_threadsafe``. Un consumidor que espera ``queue.get()``
        tiene que despertar enseguida. El bucle no siempre está en el hilo principal: llame a
        ``put`` el hilo que llame, el principal incluido, la inserción ocurre en el hilo del bucle.
Tarea 2. ``fetch_from_thread(loop, fetch, url, timeout)``: una función corriente para hilos
        trabajadores. Ejecuta la corrutina ``fetch(url)`` en ``loop`` (que está en marcha en otro
        hilo) con ``asyncio.run_coroutine_threadsafe``, espera como mucho ``timeout`` segundos y
        devuelve su resultado o lanza su excepción. Cuando se acabe el tiempo, cancela la corrutina
        y lanza ``TimeoutError``. Varios hilos pueden llamarla a la vez. Llamada en el propio hilo
        del bucle (sea cual sea: no siempre es el principal) provocaría un interbloqueo, así que ahí
        lanza ``RuntimeError`` enseguida, antes de enviar nada (ejecutar ``fetch`` con
        ``asyncio.run`` en el trabajador tampoco es la solución: eso es un segundo bucle, no
        ``loop``).
Tarea 3. ``start_loop_thread()``: arranca un bucle de eventos nuevo que se ejecute para siempre en
        un hilo nuevo, y devuelve ``(loop, thread)`` cuando el bucle esté en marcha (no basta con
        que el hilo haya arrancado: quien llama puede usar el bucle enseguida). Después, cualquier
        hilo puede enviarle corrutinas con ``run_coroutine_threadsafe``.
Tarea 4. ``stop_loop_thread(loop, thread)``: detén limpiamente un bucle así, desde otro hilo.
        Cancela las tareas que sigan en marcha en él y espera a que terminen su limpieza; detén el
        bucle con ``call_soon_threadsafe(loop.stop)``; espera al hilo con join; cierra el bucle.
        Cuando retorna, el hilo ha terminado, el bucle está cerrado y no queda ninguna tarea
        pendiente.
Tarea 5. ``await_pool(futures)``: ``futures`` son objetos ``concurrent.futures.Future`` de un
        ``ThreadPoolExecutor``. Espéralos todos sin bloquear el bucle (envuelve cada uno con
        ``asyncio.wrap_future``) y devuelve sus resultados en una lista, en el orden dado (sin
        ningún Future, ``[]``); la excepción de un trabajo se propaga tal cual, no dentro de un
        ``ExceptionGroup``. Llamar aquí a ``future.result()`` bloquearía el hilo del bucle, y un
        trabajo que necesitara el bucle lo esperaría entonces para siempre.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.

Una función ``async`` cuya tarea se cancela termina cancelada: puede limpiar antes, y luego deja que
``asyncio.CancelledError`` siga su camino, sin retornar ni lanzar otro error en su lugar.

Una función ``async`` cancelada no deja en marcha ninguna de las tareas que arrancó, salvo que su
tarea diga otra cosa: antes de dejar que ``asyncio.CancelledError`` siga su camino, las cancela y
espera a que hayan terminado (un ``TaskGroup`` hace ambas cosas; ``gather``, solo con
``return_exceptions=True``).
"""

import asyncio
import threading


# Tarea 1
def threadsafe_put(queue):
    """Devuelve ``put(item)``, que se puede llamar desde cualquier hilo y alimenta ``queue`` en
    su bucle.
    """
    # TODO: toma aquí el bucle en marcha (esto se ejecuta en el hilo del bucle) y devuelve una
    # función put(item) que pida al bucle, con loop.call_soon_threadsafe, que ejecute
    # queue.put_nowait(item) en su propio hilo.
    raise NotImplementedError("tarea 1: escribe threadsafe_put")


# Tarea 2
def fetch_from_thread(loop, fetch, url, timeout):
    """Ejecuta ``fetch(url)`` en ``loop`` desde un hilo trabajador; su resultado en menos de
    ``timeout``.
    """
    # TODO: lanza RuntimeError si esto se ejecuta en el propio hilo de loop
    # (asyncio.get_running_loop() is loop); si no, envía fetch(url) con
    # asyncio.run_coroutine_threadsafe, devuelve future.result(timeout) y, si salta TimeoutError,
    # cancela el Future antes de volver a lanzarla.
    raise NotImplementedError("tarea 2: escribe fetch_from_thread")


# Tarea 3
def start_loop_thread():
    """Arranca un bucle que se ejecute para siempre en un hilo nuevo; devuelve ``(loop, thread)``
    cuando esté en marcha.
    """
    # TODO: crea un bucle de eventos nuevo, arranca un hilo que lo ejecute con loop.run_forever(),
    # espera a que esté en marcha (un threading.Event que active la primera retrollamada del bucle)
    # y devuelve (loop, thread).
    raise NotImplementedError("tarea 3: escribe start_loop_thread")


# Tarea 4
def stop_loop_thread(loop, thread):
    """Cancela lo que se ejecuta en ``loop``, detenlo, espera a ``thread`` con join y cierra el
    bucle.
    """
    # TODO: en el bucle (run_coroutine_threadsafe), cancela todas las demás tareas y reúnelas con
    # gather; después loop.call_soon_threadsafe(loop.stop), thread.join(), loop.close().
    raise NotImplementedError("tarea 4: escribe stop_loop_thread")


# Tarea 5
async def await_pool(futures):
    """Espera objetos Future de concurrent.futures de un grupo de hilos; sus resultados en el
    orden dado.
    """
    # TODO: espera cada Future mediante asyncio.wrap_future (gather conserva el orden) y devuelve
    # los resultados en una lista. Nunca llames a future.result() en el hilo del bucle.
    raise NotImplementedError("tarea 5: escribe await_pool")
