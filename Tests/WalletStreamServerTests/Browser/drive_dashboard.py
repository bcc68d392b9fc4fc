#!/usr/bin/env python3
"""Drive the WalletStream dashboard in headless Chromium over the DevTools Protocol.

python3 drive_dashboard.py --chromium /usr/bin/chromium --url http://127.0.0.1:PORT/wallet/ADDR \
    --expect-trades 6483 [--webhook-url URL --webhook-secret S --webhook-body FILE --expect-signature SIG] \
    [--screenshot out.png] [--timeout 90] [--require-live]

Prints one JSON object on stdout; exit 0 when every wait succeeded, 1 otherwise.
Needs only the stdlib and the `websockets` package.
"""
import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import websockets

SUMMARY_IDS = ["summary-trades", "summary-buys", "summary-sells", "summary-realized-sol", "summary-realized-usd",
               "summary-win-rate", "summary-volume-sol", "summary-unique-tokens"]

READ_JS = r"""
(() => {
  const q = (s) => document.querySelector(s);
  const attr = (s, a) => { const e = q(s); return e ? e.getAttribute(a) : null; };
  const text = (s) => { const e = q(s); return e ? e.textContent : null; };
  const badge = q('#live-badge');
  const liveVisible = !!badge && !badge.hidden && getComputedStyle(badge).display !== 'none'
    && getComputedStyle(badge).visibility !== 'hidden' && badge.getClientRects().length > 0;
  const summary = {};
  for (const id of %(ids)s) summary[id] = attr('#' + id, 'data-value');
  const tokenRows = document.querySelectorAll('#token-table .token-row');
  const tradeRows = document.querySelectorAll('.trade-row');
  const sig = %(sig)s;
  const count = attr('#trade-count', 'data-count');
  const follow = q('#follow-live');
  return {
    trade_count: count === null ? null : parseInt(count, 10),
    trade_count_text: text('#trade-count'),
    trades_per_second: text('#trades-per-second'),
    progress: q('#progress-bar') ? Number(q('#progress-bar').value) : null,
    summary: summary,
    token_rows: tokenRows.length,
    first_token_mint: tokenRows.length ? tokenRows[0].getAttribute('data-mint') : null,
    chart_has_path: !!q('#pnl-chart path'),
    chart_final: attr('#pnl-chart', 'data-final'),
    chart_points: attr('#pnl-chart', 'data-points') === null ? null : parseInt(attr('#pnl-chart', 'data-points'), 10),
    live_badge_visible: liveVisible,
    follow: follow ? follow.checked : null,
    connection_state: attr('#connection-status', 'data-state'),
    connection_status: text('#connection-status'),
    reconnects: attr('#reconnects', 'data-count') === null ? null : parseInt(attr('#reconnects', 'data-count'), 10),
    trade_rows_in_dom: tradeRows.length,
    first_trade_row_signature: tradeRows.length ? (() => {
      let best = null, bestTop = Infinity;
      for (const r of tradeRows) { const t = r.getBoundingClientRect().top; if (t < bestTop) { bestTop = t; best = r; } }
      return best.getAttribute('data-signature');
    })() : null,
    live_rows_in_dom: document.querySelectorAll('.trade-row.live-trade').length,
    late_rows_in_dom: document.querySelectorAll('.trade-row.late-trade').length,
    hostile_rows_in_dom: Array.from(tradeRows).filter(r => r.textContent.includes('<img')).length,
    injected_elements: document.querySelectorAll('#trade-list img, #trade-list script, #token-table img').length,
    signature_row_present: sig ? !!document.querySelector('.trade-row[data-signature="' + CSS.escape(sig) + '"]') : null,
    title: document.title,
    debug: typeof window.walletStreamDebug === 'function' ? window.walletStreamDebug() : null,
    location: location.href,
  };
})()
"""


class CDP:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.pending = {}
        self.handlers = {}
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self):
        try:
            async for msg in self.ws:
                m = json.loads(msg)
                if "id" in m:
                    fut = self.pending.pop(m["id"], None)
                    if fut and not fut.done():
                        fut.set_result(m)
                else:
                    h = self.handlers.get(m.get("method"))
                    if h:
                        try:
                            h(m.get("params", {}))
                        except Exception:  # handler bugs must not kill the reader
                            pass
        except Exception:
            pass
        finally:
            for fut in self.pending.values():
                if not fut.done():
                    fut.set_exception(ConnectionError("CDP connection closed"))

    async def send(self, method, params=None, timeout=30):
        self.next_id += 1
        i = self.next_id
        fut = asyncio.get_running_loop().create_future()
        self.pending[i] = fut
        await self.ws.send(json.dumps({"id": i, "method": method, "params": params or {}}))
        m = await asyncio.wait_for(fut, timeout)
        if "error" in m:
            raise RuntimeError("%s failed: %s" % (method, m["error"]))
        return m.get("result", {})

    async def evaluate(self, expr):
        r = await self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate failed: %s" % json.dumps(r["exceptionDetails"])[:500])
        return r.get("result", {}).get("value")


def remote_object_text(o):
    if "value" in o:
        return o["value"] if isinstance(o["value"], str) else json.dumps(o["value"])
    return o.get("description") or o.get("unserializableValue") or o.get("type", "")


def launch_chromium(path, profile):
    args = [path, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
            "--user-data-dir=" + profile, "--window-size=1280,900", "--no-first-run", "--no-default-browser-check",
            "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--hide-scrollbars", "--mute-audio", "about:blank"]
    log = open(os.path.join(profile, "chromium-stderr.log"), "wb")
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    return proc, log


def read_port(profile, proc, timeout=30.0):
    f = os.path.join(profile, "DevToolsActivePort")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("chromium exited with code %s before DevTools was ready" % proc.returncode)
        try:
            with open(f) as fh:
                lines = fh.read().split("\n")
            if lines and lines[0].strip().isdigit():
                return int(lines[0].strip())
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError("DevToolsActivePort did not appear within %.0f s" % timeout)


def http_json(url, method="GET", timeout=10):
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def page_ws_url(port):
    deadline = time.time() + 15
    last = None
    while time.time() < deadline:
        try:
            targets = http_json("http://127.0.0.1:%d/json/list" % port)
            for t in targets:
                if t.get("type") == "page" and t.get("webSocketDebuggerUrl"):
                    return t["webSocketDebuggerUrl"]
            t = http_json("http://127.0.0.1:%d/json/new?about:blank" % port, method="PUT")
            if t.get("webSocketDebuggerUrl"):
                return t["webSocketDebuggerUrl"]
        except Exception as e:  # not ready yet
            last = e
        time.sleep(0.1)
    raise RuntimeError("no page target found (%s)" % last)


def post_webhook(url, secret, body_file):
    with open(body_file, "rb") as f:
        body = f.read()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["Authorization"] = secret
    req = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read(2000).decode("utf-8", "replace")


async def poll(cdp, expr, cond, timeout, interval=0.1):
    """Evaluate expr until cond(value) is true; returns (ok, last_value, elapsed_ms)."""
    t0 = time.monotonic()
    last = None
    while True:
        try:
            last = await cdp.evaluate(expr)
        except Exception as e:
            last = {"evaluate_error": str(e)}
        if isinstance(last, dict) and "evaluate_error" not in last and cond(last):
            return True, last, int((time.monotonic() - t0) * 1000)
        if time.monotonic() - t0 > timeout:
            return False, last, int((time.monotonic() - t0) * 1000)
        await asyncio.sleep(interval)


async def run(args, out):
    profile = tempfile.mkdtemp(prefix="ws-dash-chromium-")
    proc, log = None, None
    try:
        proc, log = launch_chromium(args.chromium, profile)
        port = await asyncio.to_thread(read_port, profile, proc)
        ws_url = await asyncio.to_thread(page_ws_url, port)
        async with websockets.connect(ws_url, max_size=None, ping_interval=None, open_timeout=15) as ws:
            cdp = CDP(ws)
            console_errors, exceptions, dialogs, log_errors = out["console_errors"], out["exceptions"], \
                out["dialogs"], out["log_errors"]

            def on_console(p):
                if p.get("type") in ("error", "assert"):
                    console_errors.append(" ".join(remote_object_text(a) for a in p.get("args", [])))

            def on_exception(p):
                d = p.get("exceptionDetails", {})
                desc = d.get("exception", {}).get("description") or d.get("text")
                exceptions.append({"text": desc, "url": d.get("url"), "line": d.get("lineNumber"),
                                   "column": d.get("columnNumber")})

            def on_dialog(p):
                dialogs.append({"type": p.get("type"), "message": p.get("message")})
                asyncio.get_running_loop().create_task(
                    cdp.send("Page.handleJavaScriptDialog", {"accept": True}))

            def on_log(p):
                e = p.get("entry", {})
                if e.get("level") == "error":
                    log_errors.append({"source": e.get("source"), "text": e.get("text"), "url": e.get("url")})

            cdp.handlers["Runtime.consoleAPICalled"] = on_console
            cdp.handlers["Runtime.exceptionThrown"] = on_exception
            cdp.handlers["Page.javascriptDialogOpening"] = on_dialog
            cdp.handlers["Log.entryAdded"] = on_log
            await cdp.send("Runtime.enable")
            await cdp.send("Page.enable")
            await cdp.send("Log.enable")
            await cdp.send("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            nav = await cdp.send("Page.navigate", {"url": args.url})
            if nav.get("errorText"):
                out["error"] = "navigation failed: %s" % nav["errorText"]
                return False

            # ---------- phase 1 ----------
            expr = READ_JS % {"ids": json.dumps(SUMMARY_IDS), "sig": json.dumps(args.expect_signature)}

            def phase1_done(v):
                if v.get("trade_count") is None or v["trade_count"] < args.expect_trades:
                    return False
                if v["summary"].get("summary-trades") in (None, ""):
                    return False
                if v["token_rows"] < 1 or not v["chart_has_path"]:
                    return False
                want_live = args.require_live or (v.get("follow") and v.get("connection_state") != "complete")
                if want_live and not v["live_badge_visible"]:
                    return False
                return True

            ok, v, ms = await poll(cdp, expr, phase1_done, args.timeout)
            out["phase1"] = v
            if isinstance(v, dict):
                v["elapsed_ms"] = ms
                v["trade_count_matches"] = v.get("trade_count") == args.expect_trades
            if not ok:
                out["error"] = "phase1 timed out after %d ms waiting for: %s" % (ms, describe_phase1(v, args))
                await screenshot(cdp, args, out)
                return False

            # ---------- phase 2 ----------
            if args.webhook_url:
                if not args.webhook_body:
                    out["error"] = "--webhook-url needs --webhook-body"
                    return False
                before = v["trade_count"]
                t0 = time.monotonic()
                try:
                    status, body = await asyncio.to_thread(post_webhook, args.webhook_url, args.webhook_secret,
                                                           args.webhook_body)
                except Exception as e:
                    status, body = None, "request failed: %s" % e
                p2 = {"webhook_status": status, "webhook_response": body, "trade_count_before": before}
                out["phase2"] = p2

                def phase2_done(x):
                    if x.get("trade_count") is None or x["trade_count"] <= before:
                        return False
                    if args.expect_signature and not x.get("signature_row_present"):
                        return False
                    return True

                ok2, v2, _ = await poll(cdp, expr, phase2_done, args.timeout)
                p2["elapsed_ms"] = int((time.monotonic() - t0) * 1000)
                p2["after"] = v2
                if isinstance(v2, dict):
                    p2["trade_count_after"] = v2.get("trade_count")
                    p2["signature_row_present"] = v2.get("signature_row_present")
                    p2["first_trade_row_signature"] = v2.get("first_trade_row_signature")
                if not ok2:
                    out["error"] = ("phase2 timed out after %d ms (webhook HTTP %s) waiting for trade count > %s%s"
                                    % (p2["elapsed_ms"], status, before,
                                       " and a .trade-row[data-signature=%s]" % args.expect_signature
                                       if args.expect_signature else ""))
                    await screenshot(cdp, args, out)
                    return False

            if args.linger > 0:
                await asyncio.sleep(args.linger)
                out["final"] = await cdp.evaluate(expr)
            await screenshot(cdp, args, out)
            return True
    finally:
        if proc is not None:
            stop_process(proc)
        if log is not None:
            log.close()
        shutil.rmtree(profile, ignore_errors=True)


def describe_phase1(v, args):
    if not isinstance(v, dict):
        return "page state (last value: %r)" % (v,)
    missing = []
    if v.get("evaluate_error"):
        return "page evaluation (%s)" % v["evaluate_error"]
    if v.get("trade_count") is None or v["trade_count"] < args.expect_trades:
        missing.append("#trade-count[data-count] >= %d (last %s)" % (args.expect_trades, v.get("trade_count")))
    if v.get("summary", {}).get("summary-trades") in (None, ""):
        missing.append("#summary-trades[data-value]")
    if not v.get("token_rows"):
        missing.append("#token-table .token-row")
    if not v.get("chart_has_path"):
        missing.append("#pnl-chart path")
    if not v.get("live_badge_visible"):
        missing.append("visible #live-badge (connection status: %r)" % v.get("connection_status"))
    return ", ".join(missing) or "unknown"


async def screenshot(cdp, args, out):
    if not args.screenshot:
        return
    try:
        r = await cdp.send("Page.captureScreenshot", {"format": "png"}, timeout=30)
        with open(args.screenshot, "wb") as f:
            f.write(base64.b64decode(r["data"]))
        out["screenshot"] = os.path.abspath(args.screenshot)
    except Exception as e:
        out["screenshot"] = None
        out["screenshot_error"] = str(e)


def stop_process(proc):
    """SIGTERM to the process group, then SIGKILL if it has not ended within 5 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


def main():
    ap = argparse.ArgumentParser(description="Drive the WalletStream dashboard in headless Chromium (CDP).")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--url", required=True)
    ap.add_argument("--expect-trades", type=int, required=True)
    ap.add_argument("--webhook-url")
    ap.add_argument("--webhook-secret")
    ap.add_argument("--webhook-body")
    ap.add_argument("--expect-signature")
    ap.add_argument("--screenshot")
    ap.add_argument("--timeout", type=float, default=90.0, help="seconds per wait")
    ap.add_argument("--linger", type=float, default=0.0,
                    help="after the last phase, wait this many seconds and read the page again into `final`")
    ap.add_argument("--require-live", action="store_true",
                    help="phase 1 also waits for the live badge when the stream ended with `complete`")
    args = ap.parse_args()

    out = {"ok": False, "url": args.url, "expect_trades": args.expect_trades, "phase1": None, "phase2": None,
           "console_errors": [], "exceptions": [], "dialogs": [], "log_errors": [], "screenshot": None}
    t0 = time.monotonic()
    try:
        ok = asyncio.run(run(args, out))
    except Exception as e:
        ok = False
        out["error"] = "%s: %s" % (type(e).__name__, e)
    except KeyboardInterrupt:
        ok = False
        out["error"] = "interrupted"
    out["ok"] = bool(ok)
    out["total_ms"] = int((time.monotonic() - t0) * 1000)
    print(json.dumps(out, indent=2))
    sys.stdout.flush()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
