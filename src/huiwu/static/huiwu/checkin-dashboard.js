// The check-in dashboard: counters, the arrival curve and scans per 5 minutes per gate. When a live
// event says this meeting's check-ins moved (coalesced on the server), the page refetches the figures,
// at most once a second, and redraws.
(function () {
  "use strict";
  const root = document.querySelector(".checkin-dashboard");
  if (!root) return;
  let figures = JSON.parse(document.getElementById("checkin-figures").textContent);
  const charts = {};
  let waiting = false;
  let again = false;

  function chart(kind) {
    const el = root.querySelector(`[data-chart-kind="${kind}"]`);
    if (!el || typeof echarts === "undefined") return null;
    if (!charts[kind]) {
      charts[kind] = echarts.init(el, null, { renderer: "svg" });
      window.addEventListener("resize", () => charts[kind].resize());
    }
    return charts[kind];
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = String(text);
    return td;
  }

  function draw() {
    root.querySelectorAll("[data-fig]").forEach((el) => { el.textContent = String(figures[el.dataset.fig]); });
    const body = root.querySelector('[data-fig-table="categories"]');
    if (body && figures.categories.length) {
      body.replaceChildren(...figures.categories.map((c) => {
        const tr = document.createElement("tr");
        tr.append(cell(c.label), cell(c.arrived), cell(c.expected));
        return tr;
      }));
    }
    for (const lane of figures.gates) {
      document.querySelectorAll(`[data-fig-gate="${lane.id}"]`).forEach((el) => {
        const value = lane[el.dataset.key];
        if (el.dataset.key === "minutes") {
          el.dataset.over = lane.over_target ? "1" : "0";
          if (value !== null) el.textContent = String(value);
        } else {
          el.textContent = String(value);
        }
      });
    }
    const curve = chart("curve");
    if (curve) {
      curve.setOption({
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: figures.times },
        yAxis: { type: "value", minInterval: 1, max: Math.max(figures.expected, 1) },
        series: [{ type: "line", data: figures.curve, areaStyle: {}, showSymbol: false, itemStyle: { color: "#15803d" } }],
      });
    }
    const perGate = chart("per-gate");
    if (perGate) {
      perGate.setOption({
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        xAxis: { type: "category", data: figures.times },
        yAxis: { type: "value", minInterval: 1 },
        series: figures.per_gate.map((g) => ({ type: "bar", stack: "scans", name: g.name, data: g.values })),
      }, { replaceMerge: ["series"] });
    }
  }

  async function refresh() {
    if (waiting) { again = true; return; }
    waiting = true;
    try {
      const response = await fetch(root.dataset.figuresUrl, { credentials: "same-origin" });
      if (response.ok) {
        figures = await response.json();
        draw();
      }
    } catch (e) { /* the next event or reload shows the truth */ }
    setTimeout(() => { waiting = false; if (again) { again = false; refresh(); } }, 1000);
  }

  document.addEventListener("huiwu:live", (e) => {
    if (e.detail.type === "checkin.changed" && String(e.detail.meeting) === root.dataset.meeting) refresh();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
