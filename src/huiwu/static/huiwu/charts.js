// Charts: an element with data-chart and a JSON <script> child becomes an ECharts chart.
(function () {
  "use strict";
  function draw(el) {
    const data = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: {},
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.labels, inverse: true, axisLabel: { width: 150, overflow: "truncate" } },
      series: [{ type: "bar", name: el.dataset.chartLabel, data: data.values, itemStyle: { color: "#1d4ed8" } }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
