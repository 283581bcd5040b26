// The gate's phone page. Online, each decoded or typed badge code is posted once with its own scan
// id and the answer fills the panel in the colour of its status. Without network (or when the server
// does not answer) the page decides from the signed list it keeps (offline.js), queues the scan with
// its device time, and syncs the queue when the network is back; a scan leaves the queue only when the
// server has confirmed it. A code read twice within 3 s is one scan.
(function () {
  "use strict";
  const main = document.querySelector(".scanner");
  if (!main) return;
  const off = window.HuiwuOffline;
  const texts = JSON.parse(document.getElementById("scan-texts").textContent);
  const panel = main.querySelector(".scan-answer");
  const input = main.querySelector("#scan-input");
  const netState = main.querySelector("[data-net]");
  const slot = `gate-${main.dataset.gate}`;
  // The check-in API, as every scanner calls it: this page's session (naming the organisation) or the
  // paired phone's cookie, with the page's CSRF token. Errors are {code, message, details}.
  const headers = { "Content-Type": "application/json", "X-CSRFToken": main.dataset.csrf };
  if (main.dataset.org) headers["Huiwu-Org"] = main.dataset.org;
  const gate = Number(main.dataset.gate);
  const BADGE_MAX = 10000;  // the server reads no more of a badge
  let last = { code: "", at: 0 };
  let ix = null;
  let syncing = false;

  function show(data, offline) {
    panel.dataset.status = data.status || "error";
    panel.querySelector(".scan-label").textContent =
      (texts.labels[data.status] || data.message || texts.error) + (offline ? ` (${texts.offline})` : "");
    const a = data.attendee;
    panel.querySelector(".scan-name").textContent = a ? a.name : "";
    const detail = [];
    if (a) detail.push(a.category_label, a.organisation, a.note);
    if (data.reason && texts.reasons[data.reason]) detail.push(texts.reasons[data.reason]);
    if (data.first_checkin) {
      detail.push(`${texts.first} ${data.first_checkin.gate} ${new Date(data.first_checkin.at).toLocaleTimeString()}`);
    }
    panel.querySelector(".scan-detail").textContent = detail.filter(Boolean).join(" · ");
  }

  async function pending() {
    const waiting = off ? (await off.queued()).filter((q) => q.gate === gate) : [];
    netState.dataset.net = navigator.onLine ? "online" : "offline";
    const list = ix ? texts.list.replace("%(n)s", ix.people.size).replace("%(time)s", new Date(ix.list.generated_at).toLocaleTimeString()) : texts.noList;
    netState.textContent = `${navigator.onLine ? texts.online : texts.offlineMode} · ${list} · ${texts.pending.replace("%(n)s", waiting.length)}`;
    netState.dataset.pending = String(waiting.length);
    return waiting;
  }

  async function refreshList() {
    if (!off || !window.crypto || !crypto.subtle) return;
    let signed = null;
    try {
      const response = await fetch(main.dataset.listUrl, { headers, credentials: "same-origin" });
      if (response.ok) signed = await response.json();
    } catch (e) { /* offline: the stored list below */ }
    if (signed && signed.key === main.dataset.key && (await off.verify(signed.key, signed.list, signed.signature))) {
      await off.saveList(slot, signed);
    } else {
      signed = await off.loadList(slot);
      if (!signed || !(await off.verify(main.dataset.key, signed.list, signed.signature))) signed = null;
    }
    if (!signed) return;
    ix = off.index(JSON.parse(signed.list));
    const since = new Date(Date.parse(ix.list.generated_at) - 60_000).toISOString();
    for (const e of await off.noted(slot, since)) off.remember(ix, e.data, new Date(e.at));
    for (const q of await off.queued()) {  // this device's scans the list does not know yet
      if (q.gate === ix.gate.id && q.attendee_id) off.remember(ix, { status: q.device_status, reason: q.reason, attendee: { id: q.attendee_id } }, new Date(q.scanned_at));
    }
    await pending();
  }

  async function offlineScan(code, scanId, when) {
    if (!ix) {
      show({ status: "error", message: texts.noList });
      return;
    }
    const data = await off.decide(ix, code, when);
    await off.enqueue({
      scan_id: scanId, badge: code, gate: ix.gate.id, scanned_at: when.toISOString(),
      device_status: data.status, reason: data.reason, attendee_id: data.attendee ? data.attendee.id : null,
    });
    show(data, true);
    await pending();
  }

  async function submit(code) {
    code = (code || "").trim().slice(0, BADGE_MAX);
    if (!code) return;
    const now = Date.now();
    if (code === last.code && now - last.at < 3000) return;
    last = { code, at: now };
    const when = new Date(now);
    const scanId = crypto.randomUUID ? crypto.randomUUID() : `${now}-${Math.random().toString(36).slice(2)}`;
    if (navigator.onLine) {
      try {
        const response = await fetch(main.dataset.scanUrl, {
          method: "POST", headers, credentials: "same-origin",
          body: JSON.stringify({ badge: code, gate, scan_id: scanId }),  // online: the server's clock
        });
        if (response.status < 500) {
          const data = await response.json();
          if (response.ok && off && data.attendee) {
            off.remember(ix, data, when);
            await off.note(slot, { at: when.toISOString(), data: { status: data.status, reason: data.reason, attendee: { id: data.attendee.id }, first_checkin: data.first_checkin } });
          }
          show(response.ok ? data : { status: "error", message: data.message });
          return;
        }
      } catch (e) { /* no network: decide here */ }
    }
    if (off) await offlineScan(code, scanId, when);
    else show({ status: "error", message: texts.error });
  }

  async function sync() {
    if (!off || syncing || !navigator.onLine) return;
    syncing = true;
    try {
      let waiting = await pending();
      while (waiting.length) {
        waiting.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
        const chunk = waiting.slice(0, 500);
        const response = await fetch(main.dataset.syncUrl, {
          method: "POST", headers, credentials: "same-origin",
          body: JSON.stringify({ scans: chunk.map((q) => ({ badge: String(q.badge).slice(0, BADGE_MAX), gate: q.gate, scan_id: q.scan_id, scanned_at: q.scanned_at, device_status: q.device_status })) }),
        });
        if (!response.ok) break;
        const done = (await response.json()).results.map((r) => r.scan_id);
        await off.forget(done);  // only what the server confirmed leaves the device
        waiting = await pending();
        if (!done.length) break;
      }
    } catch (e) { /* still offline: next time */ } finally {
      syncing = false;
      await pending();
    }
  }

  main.querySelector(".scan-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submit(input.value);
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", () => { sync().then(refreshList); });
  window.addEventListener("offline", pending);
  setInterval(sync, 5000);
  setInterval(refreshList, 5 * 60 * 1000);
  refreshList().then(sync);
  if ("serviceWorker" in navigator && main.dataset.worker) {
    navigator.serviceWorker.register(main.dataset.worker, { scope: "/" }).then(() => navigator.serviceWorker.ready).then((registration) => {
      const assets = [location.href, ...Array.from(document.querySelectorAll("script[src], link[rel=stylesheet]"), (el) => el.src || el.href)];
      registration.active.postMessage({ cache: assets });
    }).catch(() => {});
  }
  main.dataset.ready = "1";

  if (window.QrScanner && navigator.mediaDevices) {
    QrScanner.hasCamera().then((has) => {
      if (!has) return;
      const video = main.querySelector(".scan-video");
      video.hidden = false;
      new QrScanner(video, (result) => submit(result.data || result), { returnDetailedScanResult: true }).start();
    }).catch(() => {});
  }
})();
