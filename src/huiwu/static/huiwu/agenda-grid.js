// The agenda grid: drag a session card onto a cell (or back to the tray); the server moves it,
// checks every rule and returns the grid, which replaces this one. Other editors' changes arrive live.
(function () {
  "use strict";
  function grid() { return document.getElementById("agenda-grid"); }

  document.addEventListener("dragstart", function (e) {
    const card = e.target.closest && e.target.closest("[data-session][draggable=true]");
    if (!card) return;
    e.dataTransfer.setData("text/plain", card.dataset.session);
    e.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (e) {
    const cell = e.target.closest && e.target.closest("[data-cell]");
    if (cell) { e.preventDefault(); cell.classList.add("drop-over"); }
  });
  document.addEventListener("dragleave", function (e) {
    const cell = e.target.closest && e.target.closest("[data-cell]");
    if (cell) cell.classList.remove("drop-over");
  });
  document.addEventListener("drop", function (e) {
    const cell = e.target.closest && e.target.closest("[data-cell]");
    const g = grid();
    if (!cell || !g) return;
    e.preventDefault();
    cell.classList.remove("drop-over");
    const session = e.dataTransfer.getData("text/plain");
    if (!session) return;
    htmx.ajax("POST", g.dataset.moveUrl, {
      target: "#agenda-grid",
      swap: "outerHTML",
      values: { session: session, room: cell.dataset.room || "", slot: cell.dataset.slot || "", day: g.dataset.day || "" },
    });
  });
  document.addEventListener("huiwu:live", function (e) {
    const g = grid();
    const event = e.detail || {};
    if (!g || event.type !== "agenda.changed" || String(event.meeting) !== g.dataset.meeting) return;
    htmx.ajax("GET", g.dataset.gridUrl, { target: "#agenda-grid", swap: "outerHTML" });
  });
})();
