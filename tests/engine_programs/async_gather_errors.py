# min-version: 3.7
# gather with return_exceptions, a failing task, and cancellation.
import asyncio


async def ok(v):
    await asyncio.sleep(0)
    return v


async def bad(msg):
    await asyncio.sleep(0)
    raise ValueError(msg)


async def forever():
    try:
        while True:
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("forever was cancelled")
        raise


async def main():
    res = await asyncio.gather(ok(1), bad("x"), ok(3), return_exceptions=True)
    print([type(r).__name__ if isinstance(r, Exception) else r for r in res])
    try:
        await asyncio.gather(ok(1), bad("first failure"))
    except ValueError as exc:
        print("gather raised:", exc)
    task = asyncio.ensure_future(forever())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("awaiting cancelled task raised CancelledError", task.cancelled())


asyncio.run(main())
