"""Third-party SSE consumer for the server tests: httpx + httpx-sse.

Usage: sse_client.py URL
Prints every trade of every `trades` event as one JSON line, in order, and exits 0 only if the
stream ended with a `complete` event (exit 2 on an `error` event, 3 if it ended without either).
"""

import json
import sys

import httpx
from httpx_sse import connect_sse


def main() -> int:
    url = sys.argv[1]
    with httpx.Client(timeout=httpx.Timeout(30.0)) as client:
        with connect_sse(client, "GET", url) as source:
            source.response.raise_for_status()
            for event in source.iter_sse():
                if event.event == "trades":
                    for trade in json.loads(event.data)["trades"]:
                        print(json.dumps(trade, separators=(",", ":")))
                elif event.event == "error":
                    print(f"error event: {event.data}", file=sys.stderr)
                    return 2
                elif event.event == "complete":
                    sys.stdout.flush()
                    return 0
    print("stream ended without a complete event", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
