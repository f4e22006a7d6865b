# min-version: 3.7
# contextvars under asyncio tasks: each task copies the context.
import asyncio
import contextvars

request = contextvars.ContextVar("request", default="none")


async def handler(name):
    request.set(name)
    await asyncio.sleep(0)
    return "%s saw %s" % (name, request.get())


async def main():
    request.set("main")
    results = await asyncio.gather(handler("a"), handler("b"))
    print(results, request.get())
    ctx = contextvars.copy_context()
    print(ctx.run(lambda: request.get()))


asyncio.run(main())
