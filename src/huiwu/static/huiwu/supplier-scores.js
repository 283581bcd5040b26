// A supplier's service scores over time (line) with the incidents it caused (bars).
(function () {
  "use strict";
  function init() {
    const el = document.getElementById("scores");
    if (!el || typeof echarts === "undefined") return;
    const data = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: data.labels, axisLabel: { width: 110, overflow: "truncate" } },
      yAxis: [
        { type: "value", min: 1, max: 5, interval: 1 },
        { type: "value", minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { type: "line", name: el.dataset.scoreLabel, data: data.values, itemStyle: { color: "#1d4ed8" } },
        { type: "bar", name: el.dataset.incidentLabel, yAxisIndex: 1, data: data.incidents, itemStyle: { color: "#b45309" } },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
