# min-version: 3.7
# contextlib.asynccontextmanager and AsyncExitStack.
import asyncio
import contextlib


@contextlib.asynccontextmanager
async def opened(name, log):
    log.append("open " + name)
    try:
        yield name.upper()
    finally:
        log.append("close " + name)


async def main():
    log = []
    async with opened("a", log) as a:
        log.append("use " + a)
    async with contextlib.AsyncExitStack() as stack:
        for n in "xyz":
            log.append(await stack.enter_async_context(opened(n, log)))
    try:
        async with opened("err", log):
            raise RuntimeError("inside")
    except RuntimeError as exc:
        log.append("caught " + str(exc))
    print("\n".join(log))


asyncio.run(main())
