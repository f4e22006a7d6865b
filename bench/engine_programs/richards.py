"""A Richards-like operating-system scheduler: task control blocks, packets, queues, states."""
import sys

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1


class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * 4

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        node = queue
        while node.link is not None:
            node = node.link
        node.link = self
        return queue


class Task:
    def __init__(self, scheduler, ident, priority, queue):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.held = False
        self.suspended = False
        self.next = scheduler.tasks
        scheduler.tasks = self
        scheduler.table[ident] = self

    def runnable(self):
        return not self.held and (self.queue is not None or not self.suspended)

    def take_packet(self):
        pkt = self.queue
        self.queue = pkt.link
        self.suspended = False  # a task handed a packet is active again
        return pkt

    def add_packet(self, pkt, current):
        self.queue = pkt.append_to(self.queue)
        return self if self.priority > current.priority else current


class IdleTask(Task):
    def __init__(self, scheduler, ident, priority, count):
        Task.__init__(self, scheduler, ident, priority, None)
        self.control = 1
        self.count = count

    def step(self, pkt):
        self.count -= 1
        if self.count == 0:
            return self.scheduler.hold_self()
        if self.control & 1 == 0:
            self.control >>= 1
            return self.scheduler.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return self.scheduler.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, scheduler, ident, priority, queue):
        Task.__init__(self, scheduler, ident, priority, queue)
        self.destination = HANDLER_A
        self.count = 0

    def step(self, pkt):
        if pkt is None:
            return self.scheduler.wait()
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        pkt.ident = self.destination
        pkt.datum = 0
        for i in range(4):
            self.count += 1
            if self.count > 26:
                self.count = 1
            pkt.data[i] = 64 + self.count
        return self.scheduler.queue_packet(pkt)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, priority, queue):
        Task.__init__(self, scheduler, ident, priority, queue)
        self.work = None
        self.devices = None

    def step(self, pkt):
        if pkt is not None:
            if pkt.kind == KIND_WORK:
                self.work = pkt.append_to(self.work)
            else:
                self.devices = pkt.append_to(self.devices)
        if self.work is not None:
            work = self.work
            count = work.datum
            if count >= 4:
                self.work = work.link
                return self.scheduler.queue_packet(work)
            if self.devices is not None:
                dev = self.devices
                self.devices = dev.link
                dev.datum = work.data[count]
                work.datum = count + 1
                return self.scheduler.queue_packet(dev)
        return self.scheduler.wait()


class DeviceTask(Task):
    def __init__(self, scheduler, ident, priority, queue):
        Task.__init__(self, scheduler, ident, priority, queue)
        self.pending = None

    def step(self, pkt):
        if pkt is None:
            if self.pending is None:
                return self.scheduler.wait()
            pkt, self.pending = self.pending, None
            return self.scheduler.queue_packet(pkt)
        self.pending = pkt
        self.scheduler.hold_count += 1
        return self.scheduler.hold_self()


class Scheduler:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 6
        self.current = None
        self.queue_count = 0
        self.hold_count = 0

    def run(self):
        task = self.tasks
        while task is not None:
            if task.runnable():
                self.current = task
                pkt = task.take_packet() if task.queue is not None else None
                task = task.step(pkt)
            else:
                task = task.next

    def hold_self(self):
        self.current.held = True
        return self.current.next

    def wait(self):
        self.current.suspended = True
        return self.current

    def release(self, ident):
        task = self.table[ident]
        task.held = False
        return task if task.priority > self.current.priority else self.current

    def queue_packet(self, pkt):
        target = self.table[pkt.ident]
        self.queue_count += 1
        pkt.link = None
        pkt.ident = self.current.ident
        return target.add_packet(pkt, self.current)


def run_once(count):
    s = Scheduler()
    IdleTask(s, IDLE, 0, count)
    wq = Packet(None, 0, KIND_WORK)
    wq = Packet(wq, 0, KIND_WORK)
    WorkerTask(s, WORKER, 1000, wq)
    for handler, device in ((HANDLER_A, DEVICE_A), (HANDLER_B, DEVICE_B)):
        q = None
        for _ in range(3):
            q = Packet(q, device, KIND_DEVICE)
        HandlerTask(s, handler, 2000 + handler, q)
    DeviceTask(s, DEVICE_A, 4000, None)
    DeviceTask(s, DEVICE_B, 5000, None)
    s.run()
    return s.queue_count, s.hold_count


def main(iterations):
    totals = [0, 0]
    for _ in range(iterations):
        q, h = run_once(1000)
        totals[0] += q
        totals[1] += h
    print(totals)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
