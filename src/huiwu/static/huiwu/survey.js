// Attendee-profile charts, redrawn live when answers arrive (event "survey.updated").
(function () {
  "use strict";
  function init() {
    const box = document.getElementById("survey-charts");
    if (!box || typeof echarts === "undefined") return;
    const labels = JSON.parse(box.dataset.labels);
    const charts = {};
    box.querySelectorAll("[data-key]").forEach(function (el) {
      charts[el.dataset.key] = echarts.init(el, null, { renderer: "svg" });
    });

    function draw(summary) {
      document.querySelectorAll("[data-survey-total]").forEach(function (el) { el.textContent = summary.total; });
      Object.keys(charts).forEach(function (key) {
        const rows = summary[key] || [];
        charts[key].setOption({
          title: { text: labels[key], textStyle: { fontSize: 14 } },
          grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
          tooltip: {},
          xAxis: { type: "value", minInterval: 1 },
          yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r[0]; }),
            axisLabel: { width: 120, overflow: "truncate" } },
          series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), itemStyle: { color: "#1d4ed8" } }],
        });
      });
    }

    draw(JSON.parse(box.querySelector('script[type="application/json"]').textContent));
    document.addEventListener("huiwu:live", function (e) {
      const ev = e.detail;
      if (ev.type === "survey.updated" && String(ev.meeting) === box.dataset.meeting) draw(ev.summary);
    });
    window.addEventListener("resize", function () { Object.values(charts).forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
