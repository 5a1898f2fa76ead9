"""Tema 16: subprocesos.

Los programas ejecutan otros programas: un compilador, ``git``, un conversor de imágenes, una
comprobación de salud, una batería de pruebas. ``subprocess.run`` espera a que el hijo termine, y
mientras espera, el hilo que lo llamó no hace nada más. Llamado dentro de una corrutina, congela el
bucle de eventos mientras dure el hijo, igual que ``time.sleep``. asyncio tiene su propia forma de
arrancar un hijo: ``await asyncio.create_subprocess_exec(program, *args, ...)`` retorna en cuanto el
hijo ha arrancado, con un objeto ``Process``, y el bucle sigue ejecutando otras tareas mientras el
hijo trabaja. Así puedes ejecutar muchos hijos a la vez, desde un solo hilo.

Lo que hay que saber:

- ``create_subprocess_exec`` ejecuta el programa directamente, pasando cada argumento tal cual.
  ``create_subprocess_shell`` entrega una sola cadena a ``/bin/sh``, que la parte por los espacios e
  interpreta las comillas, ``;``, ``$`` y ``*``: un nombre de archivo con un espacio la rompe, y un
  texto del usuario puede ejecutar órdenes propias (inyección en la shell). Prefiere exec.
- Un hijo escribe en tu propio terminal salvo que pidas una tubería:
  ``stdout=asyncio.subprocess.PIPE`` (igual con ``stdin`` y ``stderr``). Entonces ``process.stdout``
  es un ``StreamReader``: ``await process.stdout.readline()`` da la siguiente línea como bytes
  (``b""`` al final; el límite propio del lector, 64 KiB por línea, no es un tope tuyo: las líneas
  del corrector quedan por debajo), y ``async for line in process.stdout`` hace lo mismo en un
  bucle. ``.decode()`` convierte los bytes en texto.
- Una tubería solo guarda unos pocos datos (64 KiB en Linux). Un hijo que escribe más espera hasta
  que alguien lea. Así que ``await process.wait()`` antes de leer una salida grande espera para
  siempre (el hijo te espera a ti y tú esperas al hijo), y lo mismo pasa al leer todo ``stdout``
  mientras el hijo está atascado escribiendo en un ``stderr`` lleno. ``await
  process.communicate(input)`` evita todo eso: escribe ``input`` en stdin y lo cierra, lee stdout y
  stderr a la vez, espera la salida del hijo y devuelve ``(stdout, stderr)``.
- ``process.returncode`` es ``None`` mientras el hijo se ejecuta, y después su estado de salida
  (negativo, ``-señal``, cuando lo mató una señal). ``process.kill()`` solo envía una señal. Un hijo
  que ha terminado sigue en la tabla de procesos del sistema (un "zombi") hasta que su padre recoge
  su estado de salida; asyncio lo hace por ti, y ``await process.wait()`` retorna cuando está hecho.
  Arranques lo que arranques, asegúrate de que termina y de que se espera, también cuando cancelan
  tu función mientras su hijo se ejecuta: mata al hijo y espéralo, y luego deja que la cancelación
  siga su camino (``run_with_timeout``, tarea 5, hace lo mismo cuando se le agota el tiempo).
  ``asyncio.CancelledError`` no es una ``Exception``: un ``finally`` (o ``except BaseException``) se
  ejecuta con ella, un ``except Exception`` no.

Lo que mostraba el tutorial de partida: no tiene ningún ejemplo con subprocesos. Su demostración de
código bloqueante (una tarea de mantenimiento congelada por ``time.sleep``) es la lección que se
aplica aquí: ``subprocess.run``, ``os.system`` o ``Popen.wait`` dentro de una corrutina congelan el
bucle de la misma manera.

El corrector te da las órdenes que hay que ejecutar: pequeños programas de Python, arrancados con
``sys.executable``. Mide tu código con el reloj real, porque aquí se ejecutan programas de verdad;
también comprueba qué hijos se ejecutaban a la vez, y que no quede ninguno atrás cuando tu función
retorna o la cancelan. Sus programas solo imprimen texto en UTF-8, así que un ``.decode()`` estricto
nunca falla con su salida. En todas las tareas, arranca los hijos con
``asyncio.create_subprocess_exec``.

Tarea 1. ``output_of(command)``: ``command`` es una lista, un programa y sus argumentos, por ejemplo
        ``[sys.executable, "-c", "print('hi')"]``. Ejecútalo con ``asyncio.create_subprocess_exec``,
        captura su salida estándar, espera a que termine y devuelve la salida decodificada como
        texto desde UTF-8, como hace ``.decode()`` (aquí ``"hi\\n"``): toda, también un megabyte,
        mucho más de lo que cabe en una tubería. Pasa cada argumento tal cual, sin shell: un
        argumento con espacios, comillas, ``;`` o ``$`` tiene que llegar sin cambios al hijo.
Tarea 2. ``filter_text(command, text)``: ejecuta ``command``, envía ``text`` a su entrada estándar
        en UTF-8 (``text.encode()``) y devuelve la tupla ``(returncode, stdout, stderr)``, con las
        dos salidas decodificadas como texto desde UTF-8. Tiene que funcionar cuando el hijo lee y
        escribe cientos de kilobytes por cada tubería: usa ``communicate``.
Tarea 3. ``follow(command, on_line)``: ejecuta ``command`` y llama a ``on_line(line)`` (una función
        corriente) para cada línea de su salida estándar en cuanto el hijo la escriba, con la línea
        como texto, sin su ``"\\n"``. Un hijo puede imprimir una línea, trabajar un rato y después
        imprimir la siguiente: ``on_line`` tiene que recibir la primera línea mientras el hijo sigue
        en marcha, no cuando ya ha terminado. Una última línea sin salto de línea también cuenta.
        Cuando termine la salida, devuelve el código de retorno del hijo. Si ``on_line`` lanza una
        excepción, mata y espera al hijo y deja que el error siga su camino.
Tarea 4. ``run_all(commands, limit)``: ejecuta cada orden (como hace ``output_of``) con como mucho
        ``limit`` hijos en marcha en cada momento, y devuelve sus salidas en una lista, en el orden
        de ``commands``. Arranca la siguiente orden en cuanto termine cualquiera de las que están en
        marcha, no cuando termine toda una tanda: seis órdenes con un límite de 3 tardan más o menos
        lo que dos rondas, no seis, y nunca tienen cuatro hijos a la vez. Dos llamadas a la vez se
        limitan por separado, cada una con su propio ``limit``.
Tarea 5. ``run_with_timeout(command, seconds)``: como ``output_of``, pero si el hijo no ha terminado
        en ``seconds``, mátalo, espéralo (para que se recoja su estado y no quede como zombi) y
        lanza ``TimeoutError``. Si el propio ``run_with_timeout`` se cancela mientras el hijo se
        ejecuta, mata y espera también al hijo, y deja que la cancelación siga su camino. En
        cualquier caso, ningún hijo sobrevive a la llamada.

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
import contextlib
from asyncio.subprocess import PIPE


# Tarea 1
async def output_of(command):
    """Ejecuta ``command`` (un programa y sus argumentos) y devuelve su salida estándar."""
    # TODO: arráncalo con asyncio.create_subprocess_exec(*command, stdout=PIPE), espéralo con
    # communicate() y devuelve la salida decodificada como texto.
    raise NotImplementedError("tarea 1: escribe output_of")


# Tarea 2
async def filter_text(command, text):
    """Pasa ``text`` a ``command``; devuelve ``(returncode, stdout, stderr)`` como texto."""
    # TODO: conecta stdin, stdout y stderr a tuberías; pasa text.encode() a communicate(); devuelve
    # el código de retorno y las dos salidas decodificadas.
    raise NotImplementedError("tarea 2: escribe filter_text")


# Tarea 3
async def follow(command, on_line):
    """Llama a ``on_line`` con cada línea que imprime el hijo, según la imprime."""
    # TODO: lee process.stdout línea a línea mientras el hijo se ejecuta, llama a on_line con cada
    # línea como texto sin su salto de línea y después devuelve el código de retorno.
    raise NotImplementedError("tarea 3: escribe follow")


# Tarea 4
async def run_all(commands, limit):
    """Ejecuta cada orden, como mucho ``limit`` a la vez; salidas en el orden de las órdenes."""
    # TODO: ejecuta las órdenes de forma concurrente, nunca más de limit hijos a la vez, y devuelve
    # sus salidas en el orden de commands.
    raise NotImplementedError("tarea 4: escribe run_all")


# Tarea 5
async def run_with_timeout(command, seconds):
    """Como ``output_of``, pero mata y espera al hijo si se pasa de ``seconds``."""
    # TODO: arranca el hijo; da a communicate() como mucho seconds. Pase lo que pase (terminado,
    # tiempo agotado, cancelado), un hijo que siga en marcha tiene que matarse y esperarse.
    raise NotImplementedError("tarea 5: escribe run_with_timeout")
