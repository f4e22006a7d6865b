# min-version: 3.7
# asyncio synchronisation: Event, Lock, Semaphore, and wait_for with a result.
import asyncio


async def waiter(ev, log, name):
    await ev.wait()
    log.append(name)


async def locked(lock, log, name):
    async with lock:
        log.append(name + " in")
        await asyncio.sleep(0)
        log.append(name + " out")


async def main():
    ev = asyncio.Event()
    log = []
    tasks = [asyncio.ensure_future(waiter(ev, log, n)) for n in "abc"]
    await asyncio.sleep(0)
    log.append("set")
    ev.set()
    await asyncio.gather(*tasks)
    lock = asyncio.Lock()
    await asyncio.gather(locked(lock, log, "x"), locked(lock, log, "y"))
    print(log)
    print(await asyncio.wait_for(asyncio.sleep(0, result="slept"), timeout=5))


asyncio.run(main())
