// The budget page's charts (ECharts, drawn as SVG): an element with data-budget-chart="categories",
// "trend" or "waterfall" and a JSON <script> child. Labels come translated in data-* attributes.
(function () {
  "use strict";
  const num = (v) => Number(v);
  function categories(el, d) {
    const names = [el.dataset.planned, el.dataset.committed, el.dataset.actual, el.dataset.forecast];
    const keys = ["planned", "committed", "actual", "forecast"];
    return {
      legend: { data: names },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value" },
      series: keys.map((k, i) => ({ name: names[i], type: "bar", data: d[k].map(num) })),
    };
  }
  function trend(el, d) {
    const low = num(d.low), high = num(d.high);
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
      yAxis: { type: "value", min: (v) => Math.min(v.min, low) * 0.98, max: (v) => Math.max(v.max, high) * 1.02 },
      series: [{
        name: el.dataset.forecast, type: "line", step: "end", data: d.points.map((p) => [p[0], num(p[1])]),
        markLine: { symbol: "none", data: [{ yAxis: num(d.total), name: el.dataset.total }] },
        markArea: { itemStyle: { color: "rgba(22,163,74,0.10)" }, data: [[{ yAxis: low }, { yAxis: high }]] },
      }],
    };
  }
  function waterfall(el, d) {
    const labels = [el.dataset.planned].concat(d.steps.map((s) => s.name), [el.dataset.forecast]);
    const base = [], up = [], down = [];
    let level = num(d.start);
    base.push(0); up.push(level); down.push(0);
    d.steps.forEach((s) => {
      const v = num(s.value);
      if (v >= 0) { base.push(level); up.push(v); down.push(0); level += v; }
      else { level += v; base.push(level); up.push(0); down.push(-v); }
    });
    base.push(0); up.push(num(d.end)); down.push(0);
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", min: (v) => Math.floor(v.min * 0.95) },
      series: [
        { type: "bar", stack: "w", data: base, itemStyle: { color: "transparent" }, tooltip: { show: false } },
        { name: el.dataset.over, type: "bar", stack: "w", data: up, itemStyle: { color: "#b91c1c" } },
        { name: el.dataset.under, type: "bar", stack: "w", data: down, itemStyle: { color: "#15803d" } },
      ],
    };
  }
  const kinds = { categories, trend, waterfall };
  function draw(el) {
    const data = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(kinds[el.dataset.budgetChart](el, data));
    window.addEventListener("resize", () => chart.resize());
  }
  function init() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-budget-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
