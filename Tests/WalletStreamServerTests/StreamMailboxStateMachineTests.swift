import Testing
import WalletStreamCore

@testable import WalletStreamServer

/// Every transition of the mailbox between producer, heartbeat and socket writer, without sockets.
@Suite struct StreamMailboxStateMachineTests {
    typealias Machine = StreamMailboxStateMachine<Int>
    struct Boom: Error {}

    static func describe(_ item: Machine.Item?) -> String {
        switch item {
        case nil: "none"
        case .chunk(let value)?: "chunk(\(value))"
        case .ping?: "ping"
        case .ended(.finished)?: "finished"
        case .ended(.shuttingDown)?: "shuttingDown"
        case .ended(.failed)?: "failed"
        case .ended(.disconnected)?: "disconnected"
        }
    }

    static func describe(_ action: Machine.SendAction) -> String {
        switch action {
        case .deliver(let item): "deliver \(describe(item))"
        case .accepted: "accepted"
        case .suspendProducer: "suspend"
        case .reject: "reject"
        }
    }

    static func describe(_ action: Machine.NextAction) -> String {
        switch action {
        case .deliver(let item, let resumeProducer): describe(item) + (resumeProducer ? " +producer" : "")
        case .suspendConsumer: "suspend"
        }
    }

    @Test func queuesUpToCapacityThenSuspendsTheProducer() {
        var machine = Machine(capacity: 2)
        #expect(Self.describe(machine.send(1, cancelled: false)) == "accepted")
        #expect(Self.describe(machine.send(2, cancelled: false)) == "suspend")
        #expect(machine.producerWaiting)
        // Taking one chunk makes room and wakes the producer.
        #expect(Self.describe(machine.next(cancelled: false)) == "chunk(1) +producer")
        #expect(!machine.producerWaiting)
        #expect(Self.describe(machine.next(cancelled: false)) == "chunk(2)")
        #expect(Self.describe(machine.next(cancelled: false)) == "suspend")
        #expect(machine.consumerWaiting)
    }

    @Test func aWaitingWriterGetsTheChunkDirectly() {
        var machine = Machine(capacity: 2)
        #expect(Self.describe(machine.next(cancelled: false)) == "suspend")
        #expect(Self.describe(machine.send(7, cancelled: false)) == "deliver chunk(7)")
        #expect(machine.queued.isEmpty && !machine.consumerWaiting)
    }

    @Test func pingsCollapseAndGoFirst() {
        var machine = Machine(capacity: 3)
        _ = machine.send(1, cancelled: false)
        #expect(Self.describe(machine.ping()) == "none")
        #expect(Self.describe(machine.ping()) == "none")
        #expect(Self.describe(machine.next(cancelled: false)) == "ping")
        #expect(Self.describe(machine.next(cancelled: false)) == "chunk(1)")
        #expect(Self.describe(machine.next(cancelled: false)) == "suspend")
        // An idle writer is woken by the ping itself.
        #expect(Self.describe(machine.ping()) == "ping")
        #expect(!machine.pingPending && !machine.consumerWaiting)
    }

    @Test func endingsDrainTheQueueFirstAndOnlyTheFirstCounts() {
        var machine = Machine(capacity: 2)
        _ = machine.send(1, cancelled: false)
        _ = machine.send(2, cancelled: false)
        let wakeups = machine.end(.finished)
        #expect(wakeups.failProducer)
        #expect(Self.describe(wakeups.consumer) == "none")
        #expect(Self.describe(machine.end(.failed(Boom())).consumer) == "none")
        #expect(Self.describe(machine.send(3, cancelled: false)) == "reject")
        #expect(Self.describe(machine.next(cancelled: false)) == "chunk(1)")
        #expect(Self.describe(machine.next(cancelled: false)) == "chunk(2)")
        #expect(Self.describe(machine.next(cancelled: false)) == "finished")
        #expect(Self.describe(machine.next(cancelled: false)) == "finished")
    }

    @Test func anEndingWakesAnIdleWriter() {
        for (ending, name) in [
            (StreamEnding.shuttingDown, "shuttingDown"), (.failed(Boom()), "failed"), (.finished, "finished"),
        ] {
            var machine = Machine(capacity: 2)
            _ = machine.next(cancelled: false)
            let wakeups = machine.end(ending)
            #expect(Self.describe(wakeups.consumer) == name)
            #expect(!wakeups.failProducer)
        }
    }

    @Test func disconnectDropsEverythingAndWakesBoth() {
        var machine = Machine(capacity: 1)
        #expect(Self.describe(machine.send(1, cancelled: false)) == "suspend")
        _ = machine.ping()
        var wakeups = machine.disconnect()
        #expect(wakeups.failProducer)
        #expect(Self.describe(wakeups.consumer) == "none")
        #expect(machine.queued.isEmpty && !machine.pingPending)
        #expect(Self.describe(machine.next(cancelled: false)) == "disconnected")
        #expect(Self.describe(machine.send(2, cancelled: false)) == "reject")
        #expect(Self.describe(machine.ping()) == "none")
        // An ending after the client left changes nothing.
        #expect(Self.describe(machine.end(.finished).consumer) == "none")

        var idle = Machine(capacity: 2)
        _ = idle.next(cancelled: false)
        wakeups = idle.disconnect()
        #expect(Self.describe(wakeups.consumer) == "disconnected")
        #expect(!wakeups.failProducer)
    }

    @Test func cancellationStopsEitherSide() {
        var machine = Machine(capacity: 1)
        #expect(Self.describe(machine.send(1, cancelled: true)) == "reject")
        #expect(Self.describe(machine.next(cancelled: true)) == "disconnected")
        #expect(Self.describe(machine.send(1, cancelled: false)) == "suspend")
        let first = machine.producerCancelled()
        let second = machine.producerCancelled()
        #expect(first && !second)
    }
}
