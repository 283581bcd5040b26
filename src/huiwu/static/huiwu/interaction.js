// The participant's phone: polls rendered from the page's JSON and from live events; votes sent over the
// socket and kept until the server acknowledges them (a vote sent again is counted once).
(function () {
  "use strict";
  const body = document.body;
  const url = body.dataset.interactionSocket;
  const box = document.getElementById("interaction-polls");
  if (!url || !box || !("WebSocket" in window)) return;
  const words = JSON.parse(document.getElementById("interaction-words").textContent);
  const polls = new Map();
  JSON.parse(document.getElementById("interaction-data").textContent).forEach(function (p) { polls.set(p.id, p); });
  const questions = new Map();
  const qaSource = document.getElementById("interaction-questions");
  if (qaSource) JSON.parse(qaSource.textContent).forEach(function (q) { questions.set(q.id, q); });
  const upvoted = new Set();
  const pending = new Map(); // ref -> message, until acknowledged
  const notes = new Map(); // poll id -> text shown under it
  const ranking = new Map(); // poll id -> ids tapped so far
  let socket = null;
  let delay = 1000;
  let counter = 0;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function shown(p) {
    if (p.show_results === "always") return true;
    if (p.show_results === "voted") return p.mine !== null && p.mine !== undefined || p.status === "closed";
    if (p.show_results === "closed") return p.status === "closed";
    return false;
  }

  function labelOf(p, key) {
    const found = (p.options || []).find(function (o) { return String(o.id) === String(key); });
    return found ? found.label : key;
  }

  function results(p) {
    const wrap = el("div", { "class": "poll-results", "data-testid": "poll-results" });
    if (!shown(p)) {
      wrap.appendChild(el("p", { "class": "muted" }, p.show_results === "never" ? words.never : words.wait));
      return wrap;
    }
    const r = p.results || { counts: {}, voters: 0 };
    wrap.appendChild(el("p", { "class": "muted", "data-testid": "poll-voters" }, r.voters + " " + words.voters));
    if (p.kind === "text") {
      const list = el("ul");
      (p.answers || []).forEach(function (a) { list.appendChild(el("li", {}, a.text)); });
      wrap.appendChild(list);
      return wrap;
    }
    let keys = Object.keys(r.counts || {});
    if (["single", "multiple", "ranking"].indexOf(p.kind) >= 0) keys = p.options.map(function (o) { return String(o.id); });
    if (p.kind === "rating") { keys = []; for (let i = 1; i <= p.scale; i++) keys.push(String(i)); }
    if (p.kind === "words") keys.sort(function (a, b) { return (r.counts[b] || 0) - (r.counts[a] || 0); });
    const total = keys.reduce(function (s, k) { return s + (r.counts[k] || 0); }, 0) || 1;
    keys.forEach(function (k) {
      const n = r.counts[k] || 0;
      const row = el("div", { "class": "bar-row" });
      row.appendChild(el("span", { "class": "bar-label" }, labelOf(p, k)));
      const bar = el("span", { "class": "bar" });
      bar.style.width = Math.round((n * 100) / total) + "%";
      row.appendChild(bar);
      row.appendChild(el("span", { "class": "bar-count" }, String(n)));
      wrap.appendChild(row);
    });
    return wrap;
  }

  function post(message) {
    counter += 1;
    message.ref = message.t + Date.now() + "-" + counter;
    pending.set(message.ref, message);
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  }

  function send(p, choice) {
    notes.set(p.id, words.sending);
    post({ t: "vote", poll: p.id, choice: choice });
    render();
  }

  // --- Q&A
  const qaList = document.getElementById("qa-list");
  const qaNote = document.getElementById("qa-note");
  function renderQuestions() {
    if (!qaList) return;
    const list = Array.from(questions.values()).filter(function (q) { return q.status === "approved" || q.status === "answered"; })
      .sort(function (a, b) { return (b.pinned - a.pinned) || ((a.status === "answered") - (b.status === "answered")) || (b.upvotes - a.upvotes) || (a.id - b.id); });
    qaList.replaceChildren.apply(qaList, list.map(function (q) {
      const li = el("li", { "data-testid": "qa-question" });
      li.appendChild(el("span", {}, q.text + (q.name ? " · " + q.name : "")));
      if (q.pinned) li.appendChild(el("span", { "class": "badge" }, words.pinned));
      if (q.status === "answered") li.appendChild(el("span", { "class": "muted" }, " " + words.answered));
      const b = el("button", { type: "button", "class": upvoted.has(q.id) ? "small primary" : "small", "aria-label": words.up, "data-testid": "qa-up" }, "▲ " + q.upvotes);
      b.disabled = upvoted.has(q.id);
      b.addEventListener("click", function () { upvoted.add(q.id); post({ t: "up", question: q.id }); renderQuestions(); });
      li.appendChild(b);
      return li;
    }));
  }
  const askButton = document.getElementById("qa-ask");
  if (askButton) {
    askButton.addEventListener("click", function () {
      const text = document.getElementById("qa-text").value.trim();
      if (!text) return;
      qaNote.textContent = words.sending;
      const session = document.getElementById("qa-session");
      const message = { t: "ask", text: text, anonymous: document.getElementById("qa-anonymous").checked };
      if (session && session.value) message.session = Number(session.value);
      post(message);
    });
  }

  function form(p) {
    const wrap = el("div", { "class": "poll-form" });
    const locked = p.mine !== null && p.mine !== undefined && !p.changeable;
    if (p.kind === "single" || p.kind === "rating") {
      const values = p.kind === "single" ? p.options : Array.from({ length: p.scale }, function (_, i) { return { id: i + 1, label: String(i + 1) }; });
      values.forEach(function (o) {
        const chosen = p.kind === "single" ? (p.mine || []).indexOf(String(o.id)) >= 0 : p.mine === o.id;
        const b = el("button", { type: "button", "class": chosen ? "choice primary" : "choice", "data-testid": "choice" }, o.label);
        b.disabled = locked;
        b.addEventListener("click", function () { send(p, p.kind === "single" ? String(o.id) : o.id); });
        wrap.appendChild(b);
      });
    } else if (p.kind === "multiple") {
      p.options.forEach(function (o) {
        const label = el("label", { "class": "chip" });
        const box2 = el("input", { type: "checkbox", value: String(o.id) });
        box2.checked = (p.mine || []).indexOf(String(o.id)) >= 0;
        box2.disabled = locked;
        label.appendChild(box2);
        label.appendChild(document.createTextNode(" " + o.label));
        wrap.appendChild(label);
      });
      const b = el("button", { type: "button", "class": "primary", "data-testid": "vote" }, words.vote);
      b.disabled = locked;
      b.addEventListener("click", function () {
        send(p, Array.from(wrap.querySelectorAll("input:checked")).map(function (i) { return i.value; }));
      });
      wrap.appendChild(b);
    } else if (p.kind === "ranking") {
      const order = ranking.get(p.id) || (p.mine ? p.mine.slice() : []);
      ranking.set(p.id, order);
      wrap.appendChild(el("p", { "class": "muted" }, words.rank));
      p.options.forEach(function (o) {
        const at = order.indexOf(String(o.id));
        const b = el("button", { type: "button", "class": at >= 0 ? "choice primary" : "choice" }, (at >= 0 ? at + 1 + ". " : "") + o.label);
        b.disabled = locked || at >= 0;
        b.addEventListener("click", function () { order.push(String(o.id)); render(); });
        wrap.appendChild(b);
      });
      const again = el("button", { type: "button" }, words.again);
      again.disabled = locked;
      again.addEventListener("click", function () { ranking.set(p.id, []); render(); });
      const b = el("button", { type: "button", "class": "primary", "data-testid": "vote" }, words.vote);
      b.disabled = locked || order.length === 0;
      b.addEventListener("click", function () { send(p, order.slice()); });
      wrap.appendChild(again);
      wrap.appendChild(b);
    } else {
      const input = el(p.kind === "text" ? "textarea" : "input", { maxlength: p.kind === "text" ? "280" : "200", "aria-label": p.kind === "text" ? words.answer : words.words, placeholder: p.kind === "text" ? words.answer : words.words });
      input.disabled = locked;
      const b = el("button", { type: "button", "class": "primary", "data-testid": "vote" }, words.vote);
      b.disabled = locked;
      b.addEventListener("click", function () {
        const text = input.value.trim();
        if (!text) return;
        send(p, p.kind === "words" ? text.split(/[,，]/).map(function (w) { return w.trim(); }).filter(Boolean) : text);
      });
      wrap.appendChild(input);
      wrap.appendChild(b);
    }
    return wrap;
  }

  function card(p) {
    const section = el("section", { "class": "card", id: "poll-" + p.id, "data-testid": "poll", "data-status": p.status });
    section.appendChild(el("h2", {}, p.question));
    if (p.status === "open") section.appendChild(form(p));
    else section.appendChild(el("p", { "class": "muted" }, words.closed));
    if (notes.has(p.id)) section.appendChild(el("p", { "class": "note", "data-testid": "poll-note", role: "status" }, notes.get(p.id)));
    section.appendChild(results(p));
    return section;
  }

  function render() {
    const list = Array.from(polls.values()).sort(function (a, b) {
      return (a.status === "open" ? 0 : 1) - (b.status === "open" ? 0 : 1) || b.id - a.id;
    });
    if (!list.length) { box.replaceChildren(el("p", { "class": "muted", "data-testid": "no-poll" }, words.none)); return; }
    box.replaceChildren.apply(box, list.map(card));
  }

  function onEvent(event) {
    if (event.type === "poll.opened" || event.type === "poll.closed") {
      const before = polls.get(event.poll.id) || {};
      polls.set(event.poll.id, Object.assign({}, before, event.poll, { mine: before.mine === undefined ? null : before.mine }));
      render();
    } else if (event.type === "poll.results") {
      const p = polls.get(event.poll);
      if (!p || (p.results && p.results.seq > event.seq)) return;
      p.results = event;
      render();
    } else if (event.type === "poll.answer") {
      const p = polls.get(event.poll);
      if (!p) return;
      p.answers = [{ id: event.id, text: event.text }].concat(p.answers || []).slice(0, 50);
      render();
    } else if (event.type === "qa.question") {
      questions.set(event.question.id, event.question);
      renderQuestions();
    } else if (event.type === "qa.upvotes") {
      const q = questions.get(event.question);
      if (q && q.upvotes <= event.upvotes) { q.upvotes = event.upvotes; renderQuestions(); }
    } else if (event.type === "ack" && String(event.ref).indexOf("ask") === 0) {
      pending.delete(event.ref);
      if (event.ok) {
        document.getElementById("qa-text").value = "";
        qaNote.textContent = event.asked.status === "approved" ? words.shown : words.asked;
        questions.set(event.asked.id, event.asked);
        renderQuestions();
      } else qaNote.textContent = event.message || event.code;
    } else if (event.type === "ack" && String(event.ref).indexOf("up") === 0) {
      pending.delete(event.ref);
      if (!event.ok) { upvoted.delete(event.question); qaNote.textContent = event.message || event.code; renderQuestions(); }
    } else if (event.type === "ack") {
      pending.delete(event.ref);
      const p = polls.get(event.poll);
      if (!p) return;
      if (event.ok) { p.mine = event.choice; notes.set(p.id, words.kept); ranking.delete(p.id); }
      else notes.set(p.id, event.message || event.code);
      render();
    }
  }

  function state(text, on) {
    document.querySelectorAll("[data-live-state]").forEach(function (n) { n.textContent = text; });
    body.dataset.live = on ? "on" : "off";
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + url);
    socket.onopen = function () {
      delay = 1000;
      pending.forEach(function (m) { socket.send(JSON.stringify(m)); }); // not acknowledged yet: again
    };
    socket.onmessage = function (msg) {
      let event;
      try { event = JSON.parse(msg.data); } catch (e) { return; }
      if (event.type === "hello") state(words.live, true);
      else onEvent(event);
    };
    socket.onclose = function (ev) {
      state(words.offline, false);
      if (ev.code === 4403) return;
      setTimeout(connect, delay + Math.random() * delay); // spread a room's reconnections
      delay = Math.min(delay * 2, 30000);
    };
  }
  // heartbeats: who is here (the lottery's "online") and, while the stream plays, the watch time
  const player = document.getElementById("stream-player");
  setInterval(function () {
    if (document.visibilityState !== "visible" || !socket || socket.readyState !== 1) return;
    const watching = !!player && !player.paused && !player.ended && player.readyState > 2;
    socket.send(JSON.stringify({ t: "hb", watching: watching }));
  }, 30000);

  render();
  renderQuestions();
  connect();
})();
