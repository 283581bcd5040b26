// The big screen and the moderator's console: the current poll's results, pushed live (never polled).
// The screen opens its own socket (its secret link); the console hears the page's live socket.
(function () {
  "use strict";
  const body = document.body;
  const mode = body.dataset.screenMode;
  if (!mode) return;
  const stage = document.getElementById("screen-poll") || document.createElement("section");
  const source = document.getElementById("screen-state");
  const state = source ? JSON.parse(source.textContent) : { polls: [], questions: [] };
  const polls = new Map();
  state.polls.forEach(function (p) { polls.set(p.id, p); });
  const lotteryBox = document.getElementById("screen-lottery");
  const questionBox = document.getElementById("screen-questions");
  const speakerList = document.getElementById("speaker-questions");
  const speakerData = document.getElementById("speaker-data");
  const questions = new Map();
  (speakerData ? JSON.parse(speakerData.textContent) : state.questions || []).forEach(function (q) { questions.set(q.id, q); });

  function show(which) {
    // the big screen shows one thing at a time: the poll, the lottery or the pinned question
    if (mode !== "screen") return;
    stage.hidden = which !== "poll";
    if (lotteryBox) lotteryBox.hidden = which !== "lottery";
    if (questionBox) questionBox.hidden = which !== "questions";
  }

  function ordered() {
    return Array.from(questions.values()).filter(function (q) { return q.status === "approved" || q.status === "answered"; })
      .sort(function (a, b) { return (b.pinned - a.pinned) || ((a.status === "answered") - (b.status === "answered")) || (b.upvotes - a.upvotes) || (a.id - b.id); });
  }

  function drawQuestions() {
    const list = ordered();
    if (speakerList) {
      speakerList.replaceChildren.apply(speakerList, list.map(function (q) {
        const li = el("li", { "class": q.pinned ? "pinned" : "", "data-testid": "speaker-question" }, q.text);
        li.appendChild(el("span", { "class": "muted" }, " ▲ " + q.upvotes + (q.name ? " · " + q.name : "")));
        return li;
      }));
    }
    if (questionBox) {
      const pinned = list.filter(function (q) { return q.pinned; });
      questionBox.replaceChildren.apply(questionBox, (pinned.length ? pinned : list.slice(0, 1)).map(function (q) {
        return el("p", { "class": "screen-question", "data-testid": "screen-pinned" }, q.text);
      }));
    }
  }

  function lotteryEvent(event) {
    if (!lotteryBox) return;
    show("lottery");
    if (event.type === "lottery.frozen") {
      lotteryBox.replaceChildren(
        el("h2", { "class": "screen-question" }, event.name),
        el("p", { "data-testid": "lottery-pool" }, String(event.pool_size)),
        el("p", { "class": "muted" }, "pool " + event.pool_hash),
        el("p", { "class": "muted" }, "seed " + event.seed_hash)
      );
    } else if (event.type === "lottery.drawn") {
      const rolling = el("p", { "class": "screen-question lottery-roll" }, "");
      lotteryBox.replaceChildren(el("h2", { "class": "screen-question" }, event.name), rolling);
      const names = event.roll.length ? event.roll : event.winners;
      let n = 0;
      const timer = setInterval(function () { rolling.textContent = names[n % names.length]; n += 1; }, 60);
      setTimeout(function () {
        clearInterval(timer);
        const list = el("ol", { "class": "lottery-winners", "data-testid": "lottery-winners" });
        event.winners.forEach(function (w) { list.appendChild(el("li", {}, w)); });
        rolling.replaceWith(list);
        lotteryBox.appendChild(el("p", { "class": "muted" }, "seed " + event.seed));
      }, 3000);
    } else if (event.type === "lottery.redrawn") {
      const list = lotteryBox.querySelector("ol");
      if (list) list.appendChild(el("li", {}, event.winner));
    }
  }
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
    if (event.type.indexOf("lottery.") === 0) { lotteryEvent(event); return; }
    if (event.type === "live.stats") {
      document.querySelectorAll("[data-stat]").forEach(function (n) {
        if (event[n.dataset.stat] !== undefined) n.textContent = String(event[n.dataset.stat]);
      });
      return;
    }
    if (event.type === "qa.question") {
      questions.set(event.question.id, event.question);
      if (mode === "console" && event.question.status === "pending") {
        document.querySelectorAll("[data-new-questions]").forEach(function (n) { n.hidden = false; });
        document.querySelectorAll("[data-pending-questions]").forEach(function (n) { n.textContent = String(Number(n.textContent || 0) + 1); });
      }
      if (event.question.pinned) show("questions");
      drawQuestions();
      return;
    }
    if (event.type === "qa.upvotes") {
      const q = questions.get(event.question);
      if (q && q.upvotes <= event.upvotes) { q.upvotes = event.upvotes; drawQuestions(); }
      return;
    }
    if (event.type === "poll.opened" || event.type === "poll.closed") {
      show("poll");
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
  drawQuestions();
  if (mode === "console") {
    document.addEventListener("huiwu:live", function (e) { onEvent(e.detail); });
    return;
  }
  let delay = 1000;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + body.dataset.screenSocket);
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (msg) {
      try {
        const event = JSON.parse(msg.data);
        if (event.type === "hello") body.dataset.live = "on"; // subscribed: nothing published from now on is missed
        else onEvent(event);
      } catch (e) { /* not ours */ }
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
