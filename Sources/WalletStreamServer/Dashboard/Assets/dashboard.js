// WalletStream dashboard: plain JS, no dependencies. All untrusted data goes
// through textContent / attributes only (never innerHTML).
(function () {
  'use strict';

  var ROW_H = 22;               // must match --row-h in dashboard.css
  var OVERSCAN = 8;
  var MAX_POINTS = 1000;
  var CHART_THROTTLE_MS = 250;
  var TOKENS_THROTTLE_MS = 4000;
  var FRESH_MS = 3000;
  var LIVE = 1, LATE = 2;
  var B58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
  var FATAL_CODES = { WALLET_NOT_FOUND: 1, INVALID_ADDRESS: 1, UNAUTHORIZED: 1, FORBIDDEN: 1, INVALID_API_KEY: 1 };
  var API_KEY_STORAGE = 'walletstream.apiKey';

  function $(id) { return document.getElementById(id); }
  function now() { return performance.now(); }

  // ---------- string interning (mints, symbols, venues, sides repeat a lot) ----------
  var strIds = new Map();
  var strs = [];
  function intern(s) {
    if (s === null || s === undefined) return -1;
    s = String(s);
    var id = strIds.get(s);
    if (id === undefined) { id = strs.length; strs.push(s); strIds.set(s, id); }
    return id;
  }
  function str(id) { return id < 0 ? '' : strs[id]; }
  var SIDE_BUY = intern('buy'), SIDE_SELL = intern('sell'), SIDE_SWAP = intern('swap');

  function compact(t, flags) {
    var sold = t.sold || {}, bought = t.bought || {};
    return {
      sig: String(t.signature || ''), slot: Number(t.slot) || 0, ts: String(t.timestamp || ''), leg: Number(t.leg) || 0,
      side: intern(t.side), v: intern(t.venue),
      sm: intern(sold.mint), ss: intern(sold.symbol), sa: sold.amount == null ? null : String(sold.amount),
      bm: intern(bought.mint), bs: intern(bought.symbol), ba: bought.amount == null ? null : String(bought.amount),
      sol: t.sol_amount == null ? null : String(t.sol_amount),
      usd: t.usd_value == null ? null : String(t.usd_value),
      f: flags, at: 0
    };
  }

  // total order: slot, timestamp, signature, leg
  function cmp(a, b) {
    if (a.slot !== b.slot) return a.slot < b.slot ? -1 : 1;
    if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
    if (a.sig !== b.sig) return a.sig < b.sig ? -1 : 1;
    if (a.leg !== b.leg) return a.leg < b.leg ? -1 : 1;
    return 0;
  }

  // ---------- formatting ----------
  var fmtInt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var fmt2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var fmt4 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
  var fmtSmall = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
  function fmtAmount(s) {
    if (s === null || s === undefined || s === '') return '–';
    var n = Number(s);
    if (!isFinite(n)) return String(s);
    var a = Math.abs(n);
    if (a >= 1000) return fmtInt.format(n);
    if (a >= 1) return fmt4.format(n);
    if (a === 0) return '0';
    return fmtSmall.format(n);
  }
  function fmtMoney(s) {
    if (s === null || s === undefined || s === '') return '–';
    var n = Number(s);
    return isFinite(n) ? fmt2.format(n) : String(s);
  }
  function fmtTime(ts) { return ts ? ts.replace('T', ' ').replace('Z', '') : ''; }
  function shortAddr(a) { a = String(a || ''); return a.length > 12 ? a.slice(0, 4) + '…' + a.slice(-4) : a; }

  // ---------- state ----------
  var S = null;       // per-wallet session
  var gen = 0;        // session generation (ignore stale async results)
  var trades = [];    // ascending order; displayed reversed (newest first)

  function newSession(wallet, follow) {
    gen++;
    return {
      gen: gen, wallet: wallet, follow: follow, es: null, url: '',
      connectedOnce: false, live: false, seenLive: false, complete: false, fatal: false,
      lastEventId: '', reconnects: 0, totalExpected: 0, progressPct: 0,
      historyStart: 0, historyCount0: 0, historyDone: false, rate: 0,
      manualTimer: 0, manualBackoff: 2000, pendingShift: 0
    };
  }

  // ---------- FIFO P&L engine (mirrors the server's) ----------
  var P;
  function pnlReset() {
    P = { lots: new Map(), cum: 0, n: 0, xs: new Float64Array(1024), ys: new Float64Array(1024) };
  }
  pnlReset();
  function num(s) { var n = parseFloat(s); return isFinite(n) ? n : 0; }
  function addLot(mint, qty, cost) {
    if (mint < 0) return;
    var q = P.lots.get(mint);
    if (!q) { q = { qs: [], cs: [], head: 0 }; P.lots.set(mint, q); }
    q.qs.push(qty); q.cs.push(cost);
  }
  var disposed = { matched: 0, cost: 0 };
  function dispose(mint, qty) {
    disposed.matched = 0; disposed.cost = 0;
    var q = P.lots.get(mint);
    if (!q || !(qty > 0)) return disposed;
    var remaining = qty, matched = 0, cost = 0;
    while (remaining > 0 && q.head < q.qs.length) {
      var lq = q.qs[q.head], lc = q.cs[q.head];
      if (lq <= remaining) {
        matched += lq; cost += lc; remaining -= lq; q.head++;
      } else {
        var c = lq > 0 ? lc * remaining / lq : 0;
        cost += c; matched += remaining;
        q.qs[q.head] = lq - remaining; q.cs[q.head] = lc - c;
        remaining = 0;
      }
    }
    if (q.head > 64 && q.head * 2 > q.qs.length) {
      q.qs = q.qs.slice(q.head); q.cs = q.cs.slice(q.head); q.head = 0;
    }
    disposed.matched = matched; disposed.cost = cost;
    return disposed;
  }
  function pnlApply(t) {
    if (t.side === SIDE_BUY) {
      addLot(t.bm, num(t.ba), num(t.sol !== null ? t.sol : t.sa));
    } else if (t.side === SIDE_SELL) {
      var proceeds = num(t.sol !== null ? t.sol : t.ba);
      var sold = num(t.sa);
      var r = dispose(t.sm, sold);
      if (sold > 0 && r.matched > 0) P.cum += proceeds * r.matched / sold - r.cost;
    } else if (t.side === SIDE_SWAP) {
      var r2 = dispose(t.sm, num(t.sa));
      addLot(t.bm, num(t.ba), r2.cost);
    }
    if (P.n === P.xs.length) {
      var nx = new Float64Array(P.n * 2), ny = new Float64Array(P.n * 2);
      nx.set(P.xs); ny.set(P.ys); P.xs = nx; P.ys = ny;
    }
    var x = Date.parse(t.ts);
    P.xs[P.n] = isFinite(x) ? x : (P.n ? P.xs[P.n - 1] : 0);
    P.ys[P.n] = P.cum;
    P.n++;
  }
  function pnlRecompute() {
    pnlReset();
    for (var i = 0; i < trades.length; i++) pnlApply(trades[i]);
  }

  // ---------- trade store ----------
  function lowerBound(t) {
    var lo = 0, hi = trades.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (cmp(trades[mid], t) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  // returns number of trades actually added (duplicates are skipped)
  function addTrades(list, flags) {
    if (!Array.isArray(list)) return 0;
    var added = 0, needRecompute = false, stamp = (flags & LIVE) ? now() : 0;
    var firstVisible = Math.floor(listEl.scrollTop / ROW_H);
    for (var i = 0; i < list.length; i++) {
      var t = compact(list[i], flags);
      t.at = stamp;
      var n = trades.length;
      if (n === 0 || cmp(trades[n - 1], t) < 0) {
        trades.push(t);
        pnlApply(t);
        S.pendingShift++;
      } else {
        var pos = lowerBound(t);
        if (pos < n && cmp(trades[pos], t) === 0) continue;   // duplicate
        trades.splice(pos, 0, t);
        needRecompute = true;
        if (n - pos <= firstVisible) S.pendingShift++;          // inserted above the viewport
      }
      added++;
    }
    if (needRecompute) pnlRecompute();
    if (added) { scheduleRender(); scheduleChart(); }
    return added;
  }

  // ---------- virtualized trade list ----------
  var listEl, spacerEl, pool = [], rafPending = false, freshTimer = 0, lastStatsUpdate = 0;

  function scheduleRender() {
    if (rafPending) return;
    rafPending = true;
    requestAnimationFrame(render);
  }

  function makeRow() {
    var row = document.createElement('div');
    row.className = 'trade-row';
    for (var i = 0; i < 8; i++) row.appendChild(document.createElement('span'));
    var c = row.children;
    c[2].className = 'num'; c[3].className = 'num'; c[4].className = 'num'; c[5].className = 'num';
    c[7].className = 'sig';
    // amount + symbol cells: text node + symbol span
    [2, 3].forEach(function (k) {
      c[k].appendChild(document.createTextNode(''));
      var sym = document.createElement('span'); sym.className = 'sym'; c[k].appendChild(sym);
    });
    row._t = null; row._cls = '';
    listEl.appendChild(row);
    return row;
  }

  function fillRow(row, t, idx, nowMs) {
    row.style.transform = 'translateY(' + (idx * ROW_H) + 'px)';
    var cls = 'trade-row';
    if (t.f & LIVE) cls += ' live-trade';
    if (t.f & LATE) cls += ' late-trade';
    if (t.at && nowMs - t.at < FRESH_MS) cls += ' fresh';
    if (row._cls !== cls) { row.className = cls; row._cls = cls; }
    if (row._t === t) return;
    row._t = t;
    row.setAttribute('data-signature', t.sig);
    var c = row.children, side = str(t.side);
    c[0].textContent = fmtTime(t.ts);
    c[1].textContent = side;
    c[1].className = 'side-' + (side === 'buy' || side === 'sell' || side === 'swap' ? side : 'other');
    c[2].firstChild.nodeValue = fmtAmount(t.sa);
    c[2].lastChild.textContent = str(t.ss);
    c[2].title = (t.sa || '') + ' ' + str(t.ss) + ' (' + str(t.sm) + ')';
    c[3].firstChild.nodeValue = fmtAmount(t.ba);
    c[3].lastChild.textContent = str(t.bs);
    c[3].title = (t.ba || '') + ' ' + str(t.bs) + ' (' + str(t.bm) + ')';
    c[4].textContent = t.sol === null ? '–' : fmtAmount(t.sol);
    c[5].textContent = t.usd === null ? '–' : fmtMoney(t.usd);
    c[6].textContent = str(t.v);
    c[7].textContent = t.sig.slice(0, 8) + '…';
    c[7].title = t.sig + (t.leg ? ' leg ' + t.leg : '');
  }

  function render() {
    rafPending = false;
    var n = trades.length;
    spacerEl.style.height = (n * ROW_H) + 'px';
    if (S && S.pendingShift) {
      if (listEl.scrollTop > 0) listEl.scrollTop += S.pendingShift * ROW_H;
      S.pendingShift = 0;
    }
    var top = listEl.scrollTop, h = listEl.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    var last = Math.min(n, Math.ceil((top + h) / ROW_H) + OVERSCAN);
    var need = Math.max(0, last - first);
    while (pool.length < need) pool.push(makeRow());
    while (pool.length > need) { var r = pool.pop(); r.remove(); }
    var nowMs = now(), anyFresh = false;
    for (var i = 0; i < need; i++) {
      var t = trades[n - 1 - (first + i)];
      fillRow(pool[i], t, first + i, nowMs);
      if (t.at && nowMs - t.at < FRESH_MS) anyFresh = true;
    }
    if (anyFresh && !freshTimer) {
      freshTimer = setTimeout(function () { freshTimer = 0; scheduleRender(); }, FRESH_MS + 50);
    }
    updateCounters(false);
  }

  function updateCounters(force) {
    var t = now();
    var el = $('trade-count');
    var n = trades.length;
    if (el.getAttribute('data-count') !== String(n)) {
      el.setAttribute('data-count', String(n));
      el.textContent = fmtInt.format(n);
    }
    if (!S) return;
    if (!force && t - lastStatsUpdate < 200) return;
    lastStatsUpdate = t;
    if (!S.historyDone && S.historyStart) {
      var secs = (t - S.historyStart) / 1000;
      S.rate = secs > 0 ? (n - S.historyCount0) / secs : 0;
      var pct = S.progressPct;
      if (S.totalExpected > 0) pct = Math.max(pct, Math.min(100, 100 * (n - S.historyCount0) / S.totalExpected));
      setProgress(pct);
    }
    $('trades-per-second').textContent = fmtInt.format(Math.round(S.rate));
  }
  function setProgress(pct) {
    var bar = $('progress-bar');
    pct = Math.max(0, Math.min(100, pct || 0));
    bar.value = pct;
    bar.setAttribute('value', String(Math.round(pct * 10) / 10));
  }

  // ---------- chart ----------
  var chartTimer = 0, lastChart = 0;
  var SVGNS = 'http://www.w3.org/2000/svg';
  function scheduleChart() {
    if (chartTimer) return;
    var wait = Math.max(0, lastChart + CHART_THROTTLE_MS - now());
    chartTimer = setTimeout(function () { chartTimer = 0; lastChart = now(); drawChart(); }, wait);
  }
  function flushChart() {
    if (chartTimer) { clearTimeout(chartTimer); chartTimer = 0; }
    lastChart = now();
    drawChart();
  }
  function svgEl(name, attrs, text) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function pickIndices(n) {
    var idx = [];
    if (n <= MAX_POINTS) { for (var i = 0; i < n; i++) idx.push(i); return idx; }
    var buckets = Math.floor((MAX_POINTS - 2) / 2);
    idx.push(0);
    for (var b = 0; b < buckets; b++) {
      var lo = 1 + Math.floor(b * (n - 2) / buckets), hi = 1 + Math.floor((b + 1) * (n - 2) / buckets);
      if (hi <= lo) continue;
      var mn = lo, mx = lo;
      for (var j = lo; j < hi; j++) {
        if (P.ys[j] < P.ys[mn]) mn = j;
        if (P.ys[j] > P.ys[mx]) mx = j;
      }
      if (mn === mx) idx.push(mn);
      else if (mn < mx) { idx.push(mn); idx.push(mx); }
      else { idx.push(mx); idx.push(mn); }
    }
    idx.push(n - 1);
    return idx;
  }
  function drawChart() {
    var svg = $('pnl-chart');
    var W = Math.max(200, Math.round(svg.clientWidth || 760));
    var H = Math.max(100, Math.round(svg.clientHeight || 200));
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    var n = P.n;
    var kids = [];
    if (n === 0) {
      kids.push(svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no trades yet'));
      svg.replaceChildren.apply(svg, kids);
      svg.setAttribute('data-final', '0');
      svg.setAttribute('data-points', '0');
      return;
    }
    var idx = pickIndices(n);
    var xmin = Infinity, xmax = -Infinity, ymin = 0, ymax = 0;
    for (var i = 0; i < idx.length; i++) {
      var x = P.xs[idx[i]], y = P.ys[idx[i]];
      if (x < xmin) xmin = x; if (x > xmax) xmax = x;
      if (y < ymin) ymin = y; if (y > ymax) ymax = y;
    }
    if (xmax === xmin) { xmax = xmin + 1; }
    if (ymax === ymin) { ymax = ymin + 1; }
    var padY = (ymax - ymin) * 0.05; ymax += padY; ymin -= (ymin < 0 ? padY : 0);
    var L = 84, R = 12, T = 10, B = 20, pw = W - L - R, ph = H - T - B;
    function sx(v) { return L + (v - xmin) / (xmax - xmin) * pw; }
    function sy(v) { return T + (ymax - v) / (ymax - ymin) * ph; }
    var d = '', pts = 0;
    for (var k = 0; k < idx.length; k++) {
      d += (k ? 'L' : 'M') + sx(P.xs[idx[k]]).toFixed(1) + ' ' + sy(P.ys[idx[k]]).toFixed(1);
      pts++;
    }
    var zeroY = sy(0).toFixed(1);
    var area = d + 'L' + sx(P.xs[idx[idx.length - 1]]).toFixed(1) + ' ' + zeroY + 'L' + sx(P.xs[idx[0]]).toFixed(1) + ' ' + zeroY + 'Z';
    kids.push(svgEl('line', { 'class': 'grid', x1: L, y1: T, x2: L, y2: T + ph }));
    kids.push(svgEl('line', { 'class': 'grid', x1: L, y1: T + ph, x2: L + pw, y2: T + ph }));
    kids.push(svgEl('line', { 'class': 'zero', x1: L, y1: zeroY, x2: L + pw, y2: zeroY }));
    kids.push(svgEl('path', { 'class': 'area', d: area }));
    kids.push(svgEl('path', { 'class': 'line', d: d }));
    var fmtV = function (v) { return (Math.abs(v) >= 100 ? fmtInt.format(v) : fmt2.format(v)) + ' SOL'; };
    kids.push(svgEl('text', { x: L - 6, y: T + 9, 'text-anchor': 'end' }, fmtV(ymax)));
    kids.push(svgEl('text', { x: L - 6, y: T + ph, 'text-anchor': 'end' }, fmtV(ymin)));
    kids.push(svgEl('text', { x: L - 6, y: Number(zeroY) + 4, 'text-anchor': 'end' }, '0'));
    kids.push(svgEl('text', { x: L, y: H - 4, 'text-anchor': 'start' }, new Date(xmin).toISOString().slice(0, 10)));
    kids.push(svgEl('text', { x: L + pw, y: H - 4, 'text-anchor': 'end' }, new Date(xmax).toISOString().slice(0, 10)));
    var fy = sy(P.cum);
    kids.push(svgEl('text', { 'class': 'final', x: L + pw - 4, y: Math.max(T + 10, Math.min(T + ph - 4, fy - 6)), 'text-anchor': 'end' }, 'final ' + fmtV(P.cum)));
    svg.replaceChildren.apply(svg, kids);
    svg.setAttribute('data-final', String(Math.round(P.cum * 1e9) / 1e9));
    svg.setAttribute('data-points', String(pts));
  }

  // ---------- summary ----------
  function setVal(id, raw, text, signed) {
    var el = $(id);
    if (!el) return;
    el.setAttribute('data-value', raw === null || raw === undefined ? '' : String(raw));
    el.textContent = text;
    el.classList.remove('pos', 'neg');
    if (signed && raw !== null && raw !== undefined) {
      var n = Number(raw);
      if (n > 0) el.classList.add('pos'); else if (n < 0) el.classList.add('neg');
    }
  }
  function tokenLabel(tok) {
    if (!tok) return '–';
    return (tok.symbol || shortAddr(tok.mint)) + ' ' + fmtMoney(tok.realized_pnl_sol) + ' SOL';
  }
  function renderSummary(s) {
    var intOr = function (v) { return v === null || v === undefined ? '–' : fmtInt.format(Number(v)); };
    setVal('summary-trades', s.trades, intOr(s.trades));
    setVal('summary-buys', s.buys, intOr(s.buys));
    setVal('summary-sells', s.sells, intOr(s.sells));
    setVal('summary-swaps', s.swaps, intOr(s.swaps));
    setVal('summary-realized-sol', s.realized_pnl_sol, fmtMoney(s.realized_pnl_sol), true);
    setVal('summary-realized-usd', s.realized_pnl_usd, s.realized_pnl_usd == null ? '–' : '$' + fmtMoney(s.realized_pnl_usd), true);
    setVal('summary-win-rate', s.win_rate_pct, s.win_rate_pct == null ? '–' : fmtMoney(s.win_rate_pct) + '%');
    setVal('summary-volume-sol', s.volume_sol, fmtMoney(s.volume_sol));
    setVal('summary-volume-usd', s.volume_usd, s.volume_usd == null ? '–' : '$' + fmtMoney(s.volume_usd));
    setVal('summary-unique-tokens', s.unique_tokens, intOr(s.unique_tokens));
    var best = $('summary-best'), worst = $('summary-worst');
    best.textContent = tokenLabel(s.best_token); best.title = s.best_token ? String(s.best_token.mint || '') : '';
    worst.textContent = tokenLabel(s.worst_token); worst.title = s.worst_token ? String(s.worst_token.mint || '') : '';
    $('summary-period').textContent = s.first_trade_at ? fmtTime(String(s.first_trade_at)) + '  →  ' + fmtTime(String(s.last_trade_at || '')) + ' UTC' : '–';
  }
  function clearSummary() {
    ['summary-trades', 'summary-buys', 'summary-sells', 'summary-swaps', 'summary-realized-sol', 'summary-realized-usd',
      'summary-win-rate', 'summary-volume-sol', 'summary-volume-usd', 'summary-unique-tokens', 'summary-best', 'summary-worst',
      'summary-period'].forEach(function (id) {
      var el = $(id); el.removeAttribute('data-value'); el.textContent = '–'; el.classList.remove('pos', 'neg'); el.title = '';
    });
  }

  // ---------- API helpers ----------
  function apiKey() { return ($('api-key').value || '').trim(); }
  function apiHeaders() { var k = apiKey(); return k ? { 'X-API-Key': k } : {}; }
  function walletPath(w) { return '/v4/wallet/' + encodeURIComponent(w); }

  // ---------- tokens table ----------
  var T = { sort: 'pnl_desc', cursor: null, rows: [], client: null, seq: 0, lastLoad: 0, timer: 0, loaded: false };
  function tokensReset() {
    T.cursor = null; T.rows = []; T.seq++; T.loaded = false; T.lastLoad = -Infinity;
    if (T.timer) { clearTimeout(T.timer); T.timer = 0; }
    $('token-body').replaceChildren();
    $('tokens-more').hidden = true;
    $('tokens-status').textContent = '';
  }
  function loadTokens(more) {
    if (!S) return;
    var s = S, seq = ++T.seq;
    var url = walletPath(s.wallet) + '/tokens?limit=100&sort=' + encodeURIComponent(T.sort);
    if (more && T.cursor) url += '&cursor=' + encodeURIComponent(T.cursor);
    T.lastLoad = now();
    $('tokens-status').textContent = 'loading…';
    fetch(url, { headers: apiHeaders() }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, j: j }; });
    }).then(function (res) {
      if (seq !== T.seq || s !== S) return;
      if (!res.ok) {
        $('tokens-status').textContent = 'error ' + (res.j && res.j.code || '') + ': ' + (res.j && res.j.error || '');
        return;
      }
      var list = Array.isArray(res.j.tokens) ? res.j.tokens : [];
      T.rows = more ? T.rows.concat(list) : list;
      T.cursor = res.j.next_cursor || null;
      T.loaded = true;
      renderTokens();
    }).catch(function (e) {
      if (seq !== T.seq) return;
      $('tokens-status').textContent = 'error: ' + String(e && e.message || e);
    });
  }
  function requestTokensReload() {
    if (T.timer) return;
    var wait = Math.max(0, T.lastLoad + TOKENS_THROTTLE_MS - now());
    T.timer = setTimeout(function () { T.timer = 0; loadTokens(false); }, wait);
  }
  function clientKey(tok, key) {
    if (key === 'symbol') return String(tok.symbol || tok.mint || '').toLowerCase();
    if (key === 'buys') return Number(tok.buys) || 0;
    if (key === 'sells') return Number(tok.sells) || 0;
    if (key === 'open') return Number(tok.open_quantity) || 0;
    return 0;
  }
  function renderTokens() {
    var rows = T.rows;
    if (T.client) {
      var key = T.client.key, dir = T.client.dir;
      rows = rows.slice().sort(function (a, b) {
        var x = clientKey(a, key), y = clientKey(b, key);
        return x < y ? -dir : x > y ? dir : 0;
      });
    }
    var frag = document.createDocumentFragment();
    rows.forEach(function (tok) {
      var tr = document.createElement('tr');
      tr.className = 'token-row';
      tr.setAttribute('data-mint', String(tok.mint || ''));
      function td(text, cls, title) {
        var c = document.createElement('td');
        c.textContent = text;
        if (cls) c.className = cls;
        if (title) c.title = title;
        tr.appendChild(c);
        return c;
      }
      td(tok.symbol || '?', '', tok.name ? String(tok.name) : '');
      td(shortAddr(tok.mint), 'mint', String(tok.mint || ''));
      td(tok.buys == null ? '–' : fmtInt.format(Number(tok.buys)), 'num');
      td(tok.sells == null ? '–' : fmtInt.format(Number(tok.sells)), 'num');
      td(fmtAmount(tok.open_quantity), 'num', tok.open_quantity == null ? '' : String(tok.open_quantity));
      var p = Number(tok.realized_pnl_sol);
      td(fmtMoney(tok.realized_pnl_sol), 'num' + (p > 0 ? ' pos' : p < 0 ? ' neg' : ''), tok.realized_pnl_sol == null ? '' : String(tok.realized_pnl_sol));
      var pu = Number(tok.realized_pnl_usd);
      td(tok.realized_pnl_usd == null ? '–' : fmtInt.format(pu), 'num' + (pu > 0 ? ' pos' : pu < 0 ? ' neg' : ''));
      frag.appendChild(tr);
    });
    $('token-body').replaceChildren(frag);
    $('tokens-more').hidden = !T.cursor;
    $('tokens-status').textContent = T.rows.length + ' loaded' + (T.cursor ? ', more available' : '');
    updateSortHeaders();
  }
  function updateSortHeaders() {
    var ths = document.querySelectorAll('#token-table th[data-sort]');
    for (var i = 0; i < ths.length; i++) {
      var th = ths[i], k = th.getAttribute('data-sort');
      th.classList.remove('sorted-asc', 'sorted-desc');
      if (T.client) {
        if (T.client.key === k) th.classList.add(T.client.dir > 0 ? 'sorted-asc' : 'sorted-desc');
      } else if (k === 'pnl' && T.sort === 'pnl_desc') th.classList.add('sorted-desc');
      else if (k === 'pnl' && T.sort === 'pnl_asc') th.classList.add('sorted-asc');
      else if (k === 'mint' && T.sort === 'mint') th.classList.add('sorted-asc');
    }
  }
  function onHeaderClick(ev) {
    var th = ev.target.closest('th[data-sort]');
    if (!th || !S) return;
    var k = th.getAttribute('data-sort');
    if (th.getAttribute('data-kind') === 'server') {
      T.client = null;
      if (k === 'pnl') T.sort = T.sort === 'pnl_desc' ? 'pnl_asc' : 'pnl_desc';
      else T.sort = 'mint';
      updateSortHeaders();
      loadTokens(false);
    } else {
      var dir = (T.client && T.client.key === k) ? -T.client.dir : (k === 'symbol' ? 1 : -1);
      T.client = { key: k, dir: dir };
      renderTokens();
    }
  }

  // ---------- connection status ----------
  function setStatus(state, text) {
    var el = $('connection-status');
    el.setAttribute('data-state', state);
    el.textContent = text;
    el.title = text;
  }
  function setLive(on) {
    $('live-badge').hidden = !on;
  }
  function setReconnects(n) {
    var el = $('reconnects');
    el.setAttribute('data-count', String(n));
    el.textContent = String(n);
  }

  // ---------- streaming ----------
  function parse(e) {
    try { return JSON.parse(e.data); } catch (err) { return null; }
  }
  function streamUrl(s) {
    var u = walletPath(s.wallet) + '/stream?follow=' + (s.follow ? 'true' : 'false') + '&batch_size=500';
    var k = apiKey();
    if (k) u += '&api_key=' + encodeURIComponent(k);
    // A stream reopened by hand resumes too (EventSource's own reconnects send the header).
    if (s.lastEventId) u += '&last_event_id=' + encodeURIComponent(s.lastEventId);
    return u;
  }

  function openStream(s) {
    var es = new EventSource(streamUrl(s));
    s.es = es;
    function guard(fn) {
      return function (e) { if (S !== s || s.es !== es) return; fn(e); };
    }
    es.addEventListener('connected', guard(function (e) {
      var d = parse(e) || {};
      s.connectedOnce = true;
      s.manualBackoff = 2000;
      s.totalExpected = Number(d.total_trades) || 0;
      if (!s.historyStart) { s.historyStart = now(); s.historyCount0 = trades.length; }
      if (!s.seenLive) setStatus('history', 'streaming history');
      else setStatus('history', 'streaming history (resumed)');
      updateCounters(true);
    }));
    es.addEventListener('trades', guard(function (e) {
      if (e.lastEventId) s.lastEventId = e.lastEventId;
      var d = parse(e);
      if (!d) return;
      addTrades(d.trades, s.seenLive ? LIVE : 0);
    }));
    es.addEventListener('correction', guard(function (e) {
      if (e.lastEventId) s.lastEventId = e.lastEventId;
      var d = parse(e);
      if (!d) return;
      addTrades(d.trades, LATE | (s.seenLive ? LIVE : 0));
      flushChart();
    }));
    es.addEventListener('progress', guard(function (e) {
      var d = parse(e);
      if (!d) return;
      if (typeof d.percentage === 'number') s.progressPct = d.percentage;
      if (d.total_trades) s.totalExpected = Number(d.total_trades) || s.totalExpected;
      var parts = [];
      for (var k in d) parts.push(k + ': ' + d[k]);
      $('progress-bar').title = parts.join(', ');
      if (!s.historyDone) setProgress(s.progressPct);
      updateCounters(true);
    }));
    es.addEventListener('summary', guard(function (e) {
      var d = parse(e);
      if (!d) return;
      renderSummary(d);
      if (!s.historyDone) {
        s.historyDone = true;
        updateCounters(true);
        setProgress(100);
        if (s.historyStart) {
          var secs = (now() - s.historyStart) / 1000;
          s.rate = secs > 0 ? (trades.length - s.historyCount0) / secs : 0;
          $('trades-per-second').textContent = fmtInt.format(Math.round(s.rate));
        }
      }
      if (d.live === true) {
        s.live = true; s.seenLive = true;
        setLive(true);
        setStatus('live', 'live');
      }
      requestTokensReload();
      flushChart();
    }));
    es.addEventListener('complete', guard(function (e) {
      var d = parse(e) || {};
      s.complete = true;
      s.historyDone = true;
      es.close();
      setLive(false);
      setProgress(100);
      updateCounters(true);
      setStatus('complete', 'complete — ' + fmtInt.format(trades.length) + ' trades' +
        (d.elapsed_ms != null ? ' in ' + d.elapsed_ms + ' ms (server)' : ''));
      flushChart();
    }));
    es.addEventListener('error', guard(function (e) {
      if (typeof e.data === 'string' && e.data.length) {
        // server-sent `event: error`
        var d = parse(e) || {};
        var code = String(d.code || 'ERROR'), msg = String(d.error || e.data);
        setStatus('error', 'error ' + code + ': ' + msg);
        if (FATAL_CODES[code]) { s.fatal = true; es.close(); setLive(false); }
        return;
      }
      // connection-level error (no data)
      if (s.fatal || s.complete) { es.close(); return; }
      s.live = false;
      setLive(false);
      if (!s.connectedOnce) { diagnose(s, es); return; }
      if (es.readyState === EventSource.CONNECTING) {
        s.reconnects++;
        setReconnects(s.reconnects);
        setStatus('reconnecting', 'reconnecting — resuming after Last-Event-ID ' +
          (s.lastEventId ? s.lastEventId.slice(0, 12) + '…' : '(none)'));
      } else {
        scheduleManualReconnect(s);
      }
    }));
  }

  // The browser gave up (EventSource CLOSED, e.g. an HTTP error status on reconnect):
  // reopen ourselves, after the last event id seen (duplicates would be skipped anyway).
  function scheduleManualReconnect(s) {
    if (s.manualTimer || s.fatal) return;
    s.reconnects++;
    setReconnects(s.reconnects);
    setStatus('reconnecting', 'reconnecting — resuming after Last-Event-ID ' +
      (s.lastEventId ? s.lastEventId.slice(0, 12) + '…' : '(none)') + ' (retry in ' + Math.round(s.manualBackoff / 1000) + ' s)');
    s.manualTimer = setTimeout(function () {
      s.manualTimer = 0;
      if (S !== s || s.fatal) return;
      if (s.es) s.es.close();
      openStream(s);
    }, s.manualBackoff);
    s.manualBackoff = Math.min(30000, s.manualBackoff * 2);
  }

  // Connection failed before any `connected`: ask /summary why (HTTP error JSON).
  function diagnose(s, es) {
    fetch(walletPath(s.wallet) + '/summary', { headers: apiHeaders() }).then(function (r) {
      return r.text().then(function (txt) { return { status: r.status, ok: r.ok, txt: txt }; });
    }).then(function (res) {
      if (S !== s || s.connectedOnce) return;
      if (res.ok) {
        if (es.readyState === EventSource.CLOSED) scheduleManualReconnect(s);
        else setStatus('reconnecting', 'reconnecting — stream not reachable yet');
        return;
      }
      var j = null;
      try { j = JSON.parse(res.txt); } catch (err) { j = null; }
      var code = j && j.code ? String(j.code) : 'HTTP_' + res.status;
      var msg = j && j.error ? String(j.error) : ('HTTP ' + res.status);
      setStatus('error', 'error ' + code + ': ' + msg);
      if (FATAL_CODES[code] || (res.status >= 400 && res.status < 500 && res.status !== 429)) {
        s.fatal = true; es.close();
      } else if (es.readyState === EventSource.CLOSED) {
        scheduleManualReconnect(s);
      }
    }).catch(function (err) {
      if (S !== s) return;
      setStatus('error', 'error NETWORK: ' + String(err && err.message || err));
      if (es.readyState === EventSource.CLOSED) scheduleManualReconnect(s);
    });
  }

  function stop() {
    if (S) {
      if (S.es) S.es.close();
      if (S.manualTimer) clearTimeout(S.manualTimer);
    }
    S = null;
  }

  function start(wallet, follow) {
    stop();
    S = newSession(wallet, follow);
    trades = [];
    pnlReset();
    tokensReset();
    clearSummary();
    listEl.scrollTop = 0;
    setLive(false);
    setReconnects(0);
    setProgress(0);
    $('trades-per-second').textContent = '0';
    $('progress-bar').title = '';
    $('wallet-label').textContent = wallet;
    document.title = 'WalletStream — ' + shortAddr(wallet);
    setStatus('connecting', 'connecting');
    scheduleRender();
    drawChart();
    openStream(S);
  }

  // ---------- routing / form ----------
  function walletFromPath() {
    var m = /^\/wallet\/([^\/?#]+)\/?$/.exec(location.pathname);
    if (!m) return null;
    try { return decodeURIComponent(m[1]); } catch (e) { return m[1]; }
  }
  function followFromQuery() {
    var p = new URLSearchParams(location.search).get('follow');
    return p === null ? null : !(p === 'false' || p === '0');
  }
  function routeFromLocation() {
    var w = walletFromPath();
    var f = followFromQuery();
    if (f !== null) $('follow-live').checked = f;
    $('form-message').textContent = '';
    if (w === null) {
      stop();
      setStatus('idle', 'idle — paste a wallet address');
      return;
    }
    $('wallet-input').value = w;
    if (!B58.test(w)) {
      stop();
      $('form-message').textContent = invalidMessage(w);
      setStatus('error', 'error INVALID_ADDRESS: not a base58 Solana address');
      return;
    }
    start(w, $('follow-live').checked);
  }
  function invalidMessage(w) {
    if (!w) return 'Please paste a wallet address.';
    if (w.length < 32 || w.length > 44) return 'A Solana address has 32–44 base58 characters; this one has ' + w.length + '.';
    return 'Not a valid base58 address: only 1–9, A–Z, a–z without 0, O, I and l are allowed.';
  }
  function onSubmit(ev) {
    ev.preventDefault();
    var w = ($('wallet-input').value || '').trim();
    $('wallet-input').value = w;
    if (!B58.test(w)) { $('form-message').textContent = invalidMessage(w); return; }
    $('form-message').textContent = '';
    var follow = $('follow-live').checked;
    var path = '/wallet/' + encodeURIComponent(w) + (follow ? '' : '?follow=false');
    if (location.pathname + location.search !== path) history.pushState({ wallet: w }, '', path);
    start(w, follow);
  }

  function init() {
    listEl = $('trade-list');
    spacerEl = document.createElement('div');
    spacerEl.className = 'trade-spacer';
    listEl.appendChild(spacerEl);
    listEl.addEventListener('scroll', scheduleRender, { passive: true });
    window.addEventListener('resize', function () { scheduleRender(); scheduleChart(); });
    try { $('api-key').value = localStorage.getItem(API_KEY_STORAGE) || ''; } catch (e) { /* storage unavailable */ }
    $('api-key').addEventListener('change', function () {
      try {
        var k = apiKey();
        if (k) localStorage.setItem(API_KEY_STORAGE, k); else localStorage.removeItem(API_KEY_STORAGE);
      } catch (e) { /* ignore */ }
    });
    $('wallet-form').addEventListener('submit', onSubmit);
    $('wallet-input').addEventListener('input', function () { $('form-message').textContent = ''; });
    $('token-table').querySelector('thead').addEventListener('click', onHeaderClick);
    $('tokens-more').addEventListener('click', function () { if (T.cursor) loadTokens(true); });
    window.addEventListener('popstate', routeFromLocation);
    updateSortHeaders();
    drawChart();
    routeFromLocation();
  }

  // debugging hook (read-only snapshot, handy from DevTools)
  window.walletStreamDebug = function () {
    var late = 0, live = 0;
    for (var i = 0; i < trades.length; i++) { if (trades[i].f & LATE) late++; if (trades[i].f & LIVE) live++; }
    return { trades: trades.length, late: late, live: live, pnl: P.cum, points: P.n,
      lastEventId: S ? S.lastEventId : null, isLive: S ? S.live : false, domRows: pool.length };
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
