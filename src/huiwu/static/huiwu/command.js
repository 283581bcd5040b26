// The command centre: the panels are fetched again when a live event says this meeting's check-in, cues or
// incidents moved (at most once a second); countdowns tick here.
(function () {
  "use strict";
  const root = document.getElementById("command");
  if (!root) return;
  let busy = false;
  let again = false;

  function ticks() {
    root.querySelectorAll(".countdown").forEach((el) => {
      const s = Math.round((Date.parse(el.dataset.due) - Date.now()) / 1000);
      const a = Math.abs(s);
      el.textContent = (s < 0 ? "−" : "") + Math.floor(a / 60) + ":" + String(a % 60).padStart(2, "0");
      el.classList.toggle("error", s < 0);
    });
  }

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const response = await fetch(root.dataset.panelsUrl, { credentials: "same-origin" });
      if (response.ok) {
        root.innerHTML = await response.text();
        ticks();
      }
    } catch (e) { /* the next event, or the minute refresh, shows the truth */ }
    setTimeout(() => { busy = false; if (again) { again = false; refresh(); } }, 1000);
  }

  const kinds = new Set(["checkin.changed", "cues.changed", "incident.changed"]);
  document.addEventListener("huiwu:live", (e) => {
    if (kinds.has(e.detail.type) && String(e.detail.meeting) === root.dataset.meeting) refresh();
  });
  setInterval(ticks, 1000);
  setInterval(refresh, 60_000);  // lapsed timers escalate even when nothing else moves
  ticks();
})();
