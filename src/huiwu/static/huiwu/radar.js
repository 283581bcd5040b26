// Side-by-side comparison of candidate venues on the five dimensions (radar chart).
(function () {
  "use strict";
  function init() {
    const el = document.getElementById("radar");
    if (!el || typeof echarts === "undefined") return;
    const data = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      legend: { bottom: 0, type: "scroll" },
      tooltip: {},
      radar: { indicator: data.indicators, radius: el.clientWidth < 420 ? "50%" : "62%" },
      series: [{ type: "radar", data: data.series, areaStyle: { opacity: 0.12 } }],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
