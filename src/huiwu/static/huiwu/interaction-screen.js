// The big screen and the moderator's console: the current poll's results, pushed live (never polled).
// The screen opens its own socket (its secret link); the console hears the page's live socket.
(function () {
  "use strict";
  const body = document.body;
  const mode = body.dataset.screenMode;
  const stage = document.getElementById("screen-poll");
  const source = document.getElementById("screen-state");
  if (!mode || !stage || !source) return;
  const state = JSON.parse(source.textContent);
  const polls = new Map();
  state.polls.forEach(function (p) { polls.set(p.id, p); });
  let current = null;
  let chart = null;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pick() {
    const open = Array.from(polls.values()).filter(function (p) { return p.status === "open"; });
    const all = open.length ? open : Array.from(polls.values());
    all.sort(function (a, b) { return b.id - a.id; });
    return all.length ? all[0].id : null;
  }

  function labels(p, counts) {
    if (p.kind === "rating") return Array.from({ length: p.scale }, function (_, i) { return [String(i + 1), String(i + 1)]; });
    if (p.kind === "words") return Object.keys(counts).map(function (k) { return [k, k]; });
    return (p.options || []).map(function (o) { return [String(o.id), o.label]; });
  }

  function draw() {
    const p = polls.get(current);
    if (chart) { chart.dispose(); chart = null; }
    if (!p) { stage.replaceChildren(); return; }
    const r = p.results || { counts: {}, voters: 0 };
    const head = el("h2", { "class": mode === "screen" ? "screen-question" : "" }, p.question);
    const voters = el("p", { "class": "screen-voters", "data-testid": "screen-voters" }, String(r.voters));
    voters.dataset.voters = String(r.voters);
    const parts = [head, voters];
    if (p.kind === "words") {
      const cloud = el("div", { "class": "word-cloud", "data-testid": "word-cloud" });
      const values = Object.keys(r.counts).map(function (k) { return r.counts[k]; });
      const top = Math.max.apply(null, values.concat([1]));
      Object.keys(r.counts).forEach(function (k) {
        const w = el("span", {}, k);
        w.style.fontSize = (1 + (2.5 * r.counts[k]) / top).toFixed(2) + "rem";
        cloud.appendChild(w);
      });
      parts.push(cloud);
    } else if (p.kind === "text") {
      const list = el("ul", { "data-testid": "screen-answers" });
      (p.answers || []).forEach(function (a) { list.appendChild(el("li", {}, a.text)); });
      parts.push(list);
    } else {
      parts.push(el("div", { "class": mode === "screen" ? "screen-chart" : "console-chart", "data-testid": "screen-chart" }));
    }
    stage.replaceChildren.apply(stage, parts);
    if (p.kind !== "words" && p.kind !== "text" && window.echarts) {
      const names = labels(p, r.counts);
      chart = window.echarts.init(parts[2]);
      chart.setOption({
        animationDurationUpdate: 300,
        textStyle: { color: mode === "screen" ? "#fff" : "#111" },
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: names.map(function (n) { return n[1]; }) },
        series: [{ type: "bar", label: { show: true, position: "right" }, data: names.map(function (n) { return r.counts[n[0]] || 0; }) }],
      });
    }
  }

  function update() {
    const p = polls.get(current);
    document.querySelectorAll("[data-poll-voters]").forEach(function (cell) {
      const found = polls.get(Number(cell.dataset.pollVoters));
      if (found && found.results) cell.textContent = String(found.results.voters);
    });
    if (!p) return;
    const r = p.results || { counts: {}, voters: 0 };
    const voters = stage.querySelector("[data-testid=screen-voters]");
    if (voters) { voters.textContent = String(r.voters); voters.dataset.voters = String(r.voters); }
    if (chart) {
      const names = labels(p, r.counts);
      chart.setOption({ series: [{ data: names.map(function (n) { return r.counts[n[0]] || 0; }) }] });
    } else {
      draw();
    }
  }

  function onEvent(event) {
    if (event.type === "poll.opened" || event.type === "poll.closed") {
      const before = polls.get(event.poll.id) || {};
      polls.set(event.poll.id, Object.assign({}, before, event.poll));
      const next = pick();
      if (next !== current || event.type === "poll.opened") { current = next; draw(); }
    } else if (event.type === "poll.results") {
      const p = polls.get(event.poll);
      if (!p || (p.results && p.results.seq > event.seq)) return;
      p.results = event;
      update();
    } else if (event.type === "poll.answer") {
      const p = polls.get(event.poll);
      if (!p) return;
      p.answers = [{ id: event.id, text: event.text }].concat(p.answers || []).slice(0, 50);
      if (event.poll === current) draw();
    }
  }

  current = pick();
  draw();
  if (mode === "console") {
    document.addEventListener("huiwu:live", function (e) { onEvent(e.detail); });
    return;
  }
  let delay = 1000;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + body.dataset.screenSocket);
    socket.onopen = function () { delay = 1000; body.dataset.live = "on"; };
    socket.onmessage = function (msg) {
      try { const event = JSON.parse(msg.data); if (event.type !== "hello") onEvent(event); } catch (e) { /* not ours */ }
    };
    socket.onclose = function (ev) {
      body.dataset.live = "off";
      if (ev.code === 4403) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
