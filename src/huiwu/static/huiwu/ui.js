// Small behaviours of every page, kept out of the markup: the Content-Security-Policy runs no inline
// script, so forms and buttons say what they want with data attributes.
//   <form data-confirm="Remove?">      asks before it is sent
//   <button data-print>                prints the page
//   <form data-reset-on-success>       an htmx form cleared after a successful request
//   <span class="countdown" data-due>  ticks down to an ISO time (mm:ss, negative once due)
//   <div data-live-refresh="tasks.changed" data-meeting="7" data-refresh-url="…">
//                                      fetched again (at most once a second) when a live event of that
//                                      type says its meeting moved
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !("resetOnSuccess" in form.dataset)) return;
    if (event.detail.successful && !event.detail.xhr.getResponseHeader("HX-Retarget")) form.reset();
  });
  function tick() {
    document.querySelectorAll(".countdown[data-due]").forEach((el) => {
      const s = Math.round((Date.parse(el.dataset.due) - Date.now()) / 1000);
      const a = Math.abs(s);
      el.textContent = (s < 0 ? "−" : "") + Math.floor(a / 60) + ":" + String(a % 60).padStart(2, "0");
      el.classList.toggle("error", s < 0);
    });
  }
  window.huiwuCountdowns = tick; // for pages that swap countdowns in (the command centre)
  document.addEventListener("DOMContentLoaded", () => {
    tick();
    setInterval(tick, 1000);
  });
  document.addEventListener("huiwu:live", (event) => {
    document.querySelectorAll("[data-live-refresh]").forEach((region) => {
      const types = region.dataset.liveRefresh.split(" ");
      if (!types.includes(event.detail.type)) return;
      if (region.dataset.meeting && String(event.detail.meeting) !== region.dataset.meeting) return;
      refresh(region);
    });
  });
  async function refresh(region) {
    if (region.dataset.busy) { region.dataset.again = "1"; return; }
    region.dataset.busy = "1";
    try {
      const response = await fetch(region.dataset.refreshUrl, { credentials: "same-origin" });
      if (response.ok) region.innerHTML = await response.text();
    } catch (e) { /* the next event or the next load shows the truth */ }
    setTimeout(() => {
      delete region.dataset.busy;
      if (region.dataset.again) { delete region.dataset.again; refresh(region); }
    }, 1000);
  }
})();
