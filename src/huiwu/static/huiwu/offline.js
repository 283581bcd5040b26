// The offline scanner's memory and decision (window.HuiwuOffline).
//
// The server sends a signed list (checkin/offline.py); the page keeps it in IndexedDB with the scans
// still to be synced. decide() answers a scan from the list exactly as the server would
// (checkin/services.py) and records an admission in the list's memory, so a second scan of the same
// badge at this gate is "already checked in". A browser test holds this file and the server together.
(function (global) {
  "use strict";
  const DB_NAME = "huiwu-scanner";
  const MAX_BADGE = 200;

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("lists");
        db.createObjectStore("queue", { keyPath: "scan_id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function store(name, mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = work(tx.objectStore(name));
      tx.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
      tx.onerror = () => { db.close(); reject(tx.error); };
      tx.onabort = () => { db.close(); reject(tx.error); };
    });
  }

  const saveList = (slot, signed) => store("lists", "readwrite", (s) => s.put(signed, slot));
  const loadList = (slot) => store("lists", "readonly", (s) => s.get(slot));
  // What the server answered online since the list was made: kept so a reload without network knows.
  async function note(slot, entry) {
    const seen = (await loadList(`${slot}:seen`)) || [];
    seen.push(entry);
    await saveList(`${slot}:seen`, seen);
  }
  async function noted(slot, since) {
    const seen = ((await loadList(`${slot}:seen`)) || []).filter((e) => e.at >= since);
    await saveList(`${slot}:seen`, seen);
    return seen;
  }
  const enqueue = (scan) => store("queue", "readwrite", (s) => s.put(scan));
  const queued = () => store("queue", "readonly", (s) => s.getAll());
  const forget = (ids) => store("queue", "readwrite", (s) => { ids.forEach((id) => s.delete(id)); });

  function bytes(b64) {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  }

  async function verify(keyB64, text, signatureB64) {
    const key = await crypto.subtle.importKey(
      "spki", bytes(keyB64), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    return crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" }, key, bytes(signatureB64), new TextEncoder().encode(text));
  }

  async function badgeHash(code) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(code));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 32);
  }

  // The list as maps; ``checked`` is the memory of admissions (the list's, then this device's).
  function index(list) {
    const people = new Map();
    const byId = new Map();
    for (const [hash, id, name, category, custom, status] of list.people) {
      const person = { id, name, category, category_label: category === "custom" && custom ? custom : list.categories[category] || category, status };
      people.set(hash, person);
      byId.set(id, person);
    }
    const checked = new Map();
    for (const [id, day, gate, at, inside] of list.checked) checked.set(`${id}|${day}`, { gate, at, inside });
    return {
      list,
      gate: list.gate,
      people,
      byId,
      revoked: new Map(list.revoked),
      others: new Set(list.others),
      checked,
    };
  }

  function dayOf(timeZone, when) {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(when);
  }

  function answer(status, reason, person, first) {
    return {
      status,
      reason,
      attendee: person ? { id: person.id, name: person.name, category: person.category, category_label: person.category_label } : null,
      first_checkin: first || null,
    };
  }

  async function decide(ix, badge, when) {
    if (typeof badge !== "string" || badge.length > MAX_BADGE) return answer("invalid", "malformed");
    const code = badge.trim();
    const parts = code.split(".");
    if (parts.length !== 3 || parts[0] !== "HW1" || !parts[1] || !parts[2]) return answer("invalid", "malformed");
    const hash = await badgeHash(code);
    const person = ix.people.get(hash);
    if (!person) {
      if (ix.revoked.has(hash)) return answer("revoked", "reissued", ix.byId.get(ix.revoked.get(hash)));
      if (ix.others.has(hash)) return answer("wrong_meeting", "other meeting");
      return answer("invalid", "unknown");
    }
    const gate = ix.gate;
    const day = dayOf(ix.list.meeting.timezone, when);
    if (person.status !== "confirmed") return answer("not_allowed", person.status, person);
    if (gate.categories.length && !gate.categories.includes(person.category)) return answer("not_allowed", "category", person);
    if (gate.days.length && !gate.days.includes(day)) return answer("not_allowed", "day", person);
    // ISO dates compare as text; a gate listing its own days is open on those only
    const meeting = ix.list.meeting;
    if (!gate.days.length && (day < meeting.start || day > meeting.end)) return answer("not_allowed", "outside days", person);
    if (!gate.active) return answer("not_allowed", "gate closed", person);
    const key = `${person.id}|${day}`;
    const state = ix.checked.get(key);
    if (gate.direction === "out") {
      if (!state || !state.inside) return answer("not_allowed", "not inside", person);
      state.inside = false;
      return answer("accepted", "exit", person);
    }
    if (!state) {
      ix.checked.set(key, { gate: gate.name, at: when.toISOString(), inside: true });
      return answer("accepted", "", person);
    }
    if (!state.inside) {
      state.inside = true;
      return answer("accepted", "re-entry", person);
    }
    return answer("already_checked_in", "", person, { gate: state.gate, at: state.at });
  }

  // What the server answered online also goes into the memory, for the next offline scan.
  function remember(ix, data, when) {
    if (!ix || !data.attendee) return;
    const key = `${data.attendee.id}|${dayOf(ix.list.meeting.timezone, when)}`;
    const state = ix.checked.get(key);
    if (data.status === "accepted" && data.reason === "exit") {
      if (state) state.inside = false;
    } else if (data.status === "accepted") {
      if (state) state.inside = true;
      else ix.checked.set(key, { gate: ix.gate.name, at: when.toISOString(), inside: true });
    } else if (data.status === "already_checked_in" && !state && data.first_checkin) {
      ix.checked.set(key, { gate: data.first_checkin.gate, at: data.first_checkin.at, inside: true });
    }
  }

  global.HuiwuOffline = { saveList, loadList, note, noted, enqueue, queued, forget, verify, index, decide, remember, dayOf };
})(window);
