# async with and async for over class-based asynchronous context managers and iterators.
import asyncio


class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await asyncio.sleep(0)
        print("open", self.name)
        return self

    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0)
        print("close", self.name, et.__name__ if et else None)
        return et is KeyError


class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(0)
        return self.i


async def main():
    async with Resource("db") as r:
        print("using", r.name)
    async with Resource("suppressing"):
        raise KeyError("gone")
    try:
        async with Resource("a"), Resource("b"):
            raise ValueError("inner")
    except ValueError as exc:
        print("ValueError", exc)
    async for t in Ticker(3):
        print("tick", t)
    print([t async for t in Ticker(4) if t % 2 == 0])


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
