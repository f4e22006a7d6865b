# exit: 1
# An exception escaping asyncio.run: exit status 1 and the traceback's last line.
import asyncio


async def fail():
    await asyncio.sleep(0)
    raise LookupError("async failure")


async def main():
    print("before")
    await fail()


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
