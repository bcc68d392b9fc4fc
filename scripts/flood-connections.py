#!/usr/bin/env python3
"""Floods a running server with idle TCP connections and times /health meanwhile.

    scripts/flood-connections.py PORT CONNECTIONS

Opens CONNECTIONS connections that never send a byte (the script raises its own open-file
limit to the hard limit; stay below it), then GETs /health 20 times with curl and prints p50
and max, the server's RSS and its CPU time over 2 s of the idle flood (the server's pid is
found by its port). Used for the connection-cap row of the README's reliability table.
"""
import re
import resource
import statistics
import socket
import subprocess
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
pid = int(subprocess.run(["pgrep", "-f", f"--port {port}"], capture_output=True, text=True).stdout.split()[0])


def rss_mb():
    return int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1)) // 1024


def cpu_ticks():
    fields = open(f"/proc/{pid}/stat").read().split()
    return int(fields[13]) + int(fields[14])


sockets, failed, start = [], 0, time.time()
for _ in range(count):
    try:
        s = socket.socket()
        s.connect(("127.0.0.1", port))
        sockets.append(s)
    except OSError:
        failed += 1
print(f"opened {len(sockets)} connections in {time.time() - start:.1f} s ({failed} failed); server RSS {rss_mb()} MB")
latencies = []
for _ in range(20):
    began = time.time()
    code = subprocess.run(
        ["curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{port}/health"],
        capture_output=True, text=True).stdout
    latencies.append((time.time() - began) * 1000)
    if code != "200":
        print(f"/health answered {code}")
print(f"/health during the flood: p50 {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms")
before = cpu_ticks()
time.sleep(2)
print(f"server CPU over 2 s of idle flood: {cpu_ticks() - before} ticks")
for s in sockets:
    s.close()
