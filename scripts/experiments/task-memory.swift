// How much memory an idle Swift task keeps after it once ran deep: the measurement behind the
// "idle follower" analysis in the README (Performance → Live follow).
//
//   swiftc -O scripts/experiments/task-memory.swift -o /tmp/task-memory
//   for depth in 0 50 200; do /tmp/task-memory $depth; done
//
// 2,000 tasks each recurse `depth` async frames, return, then wait on a continuation; the
// resident memory they add is divided by their number.
import Foundation

func residentBytes() -> Int {
    let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * 4096
}

@inline(never) func deep(_ depth: Int) async -> Int {
    // Some locals per frame, as real async functions have.
    var locals = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    locals.0 = depth
    if depth == 0 {
        await Task.yield()
        return locals.0
    }
    return await deep(depth - 1) + locals.0
}

final class Waiters: @unchecked Sendable {
    private var continuations: [CheckedContinuation<Void, Never>] = []
    private let lock = NSLock()

    func add(_ continuation: CheckedContinuation<Void, Never>) {
        lock.withLock { continuations.append(continuation) }
    }

    var count: Int { lock.withLock { continuations.count } }

    func resumeAll() {
        for continuation in lock.withLock({ continuations }) { continuation.resume() }
    }
}

let depth = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 0
let tasks = 2_000
let waiters = Waiters()
let before = residentBytes()
await withTaskGroup(of: Void.self) { group in
    for _ in 0..<tasks {
        group.addTask {
            _ = await deep(depth)
            await withCheckedContinuation { waiters.add($0) }
        }
    }
    while waiters.count < tasks { try? await Task.sleep(for: .milliseconds(10)) }
    print("depth \(depth): \((residentBytes() - before) / tasks) bytes per idle task")
    waiters.resumeAll()
}
