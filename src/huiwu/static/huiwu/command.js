// The command centre: the panels are fetched again when a live event says this meeting's check-in, cues or
// incidents moved (at most once a second); ui.js ticks the countdowns.
(function () {
  "use strict";
  const root = document.getElementById("command");
  if (!root) return;
  let busy = false;
  let again = false;

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const response = await fetch(root.dataset.panelsUrl, { credentials: "same-origin" });
      if (response.ok) {
        root.innerHTML = await response.text();
        window.huiwuCountdowns();
      }
    } catch (e) { /* the next event, or the minute refresh, shows the truth */ }
    setTimeout(() => { busy = false; if (again) { again = false; refresh(); } }, 1000);
  }

  // "command.alerts": an app above the on-site floor changed what it alerts about (feedback's requests)
  const kinds = new Set(["checkin.changed", "cues.changed", "incident.changed", "command.alerts"]);
  document.addEventListener("huiwu:live", (e) => {
    if (kinds.has(e.detail.type) && String(e.detail.meeting) === root.dataset.meeting) refresh();
  });
  setInterval(refresh, 60_000);  // lapsed timers escalate even when nothing else moves
})();
