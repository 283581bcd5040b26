// "My sessions" on the public agenda: kept in this browser, turned into an ICS link and sent with
// the change-alert form.
(function () {
  "use strict";
  const root = document.querySelector("[data-agenda]");
  if (!root) return;
  const key = "huiwu-agenda-" + root.dataset.agenda;
  function load() { try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; } }
  function save(ids) { localStorage.setItem(key, JSON.stringify(ids)); }
  function render() {
    const ids = load();
    document.querySelectorAll("[data-save]").forEach(function (b) {
      const on = ids.indexOf(b.dataset.save) >= 0;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.querySelector("[data-star]").textContent = on ? "★" : "☆";
    });
    document.querySelectorAll("[data-mine-count]").forEach(function (el) { el.textContent = ids.length; });
    document.querySelectorAll("[data-mine-field]").forEach(function (el) { el.value = ids.join(","); });
    document.querySelectorAll("[data-mine-ics]").forEach(function (a) {
      a.href = a.href.split("?")[0] + "?s=" + ids.join(",");
    });
  }
  document.addEventListener("click", function (e) {
    const b = e.target.closest && e.target.closest("[data-save]");
    if (!b) return;
    const ids = load();
    const at = ids.indexOf(b.dataset.save);
    if (at >= 0) ids.splice(at, 1); else ids.push(b.dataset.save);
    save(ids);
    render();
  });
  render();
})();
