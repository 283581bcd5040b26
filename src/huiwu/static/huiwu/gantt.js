// The meeting's plan as a Gantt chart (ECharts custom series). Drag a bar to move its due date.
(function () {
  "use strict";
  const STAGE_COLOURS = { 1: "#1d4ed8", 2: "#7c3aed", 3: "#b45309", 4: "#047857", 5: "#be185d" };
  const DAY = 86400000;

  function csrf() {
    const m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? m[1] : "";
  }

  function init() {
    const el = document.getElementById("gantt");
    if (!el || typeof echarts === "undefined") return;
    const rows = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
    el.style.height = Math.max(240, rows.length * 22 + 60) + "px";
    const chart = echarts.init(el, null, { renderer: "canvas" });
    const data = rows.map(function (r, i) {
      return { value: [i, Date.parse(r.start), Date.parse(r.due)], row: r };
    });

    function render(params, api) {
      const y = api.value(0);
      const start = api.coord([api.value(1), y]);
      const end = api.coord([api.value(2), y]);
      const h = api.size([0, 1])[1] * 0.6;
      const row = data[params.dataIndex].row;
      return {
        type: "rect",
        shape: { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 4), height: h },
        style: {
          fill: STAGE_COLOURS[row.stage] || "#1d4ed8",
          opacity: row.status === "done" || row.status === "skipped" ? 0.35 : 0.9,
        },
      };
    }

    chart.setOption({
      grid: { left: 8, right: 16, top: 24, bottom: 24, containLabel: true },
      tooltip: {
        formatter: function (p) {
          const r = p.data.row;
          return r.title + "<br>" + r.due.slice(0, 16).replace("T", " ") + (r.assignee ? "<br>" + r.assignee : "");
        },
      },
      xAxis: { type: "time", position: "top", splitLine: { show: true } },
      yAxis: {
        type: "category", inverse: true, data: rows.map(function (r) { return r.title; }),
        axisLabel: { width: 220, overflow: "truncate" },
      },
      dataZoom: [{ type: "inside", xAxisIndex: 0 }],
      series: [{
        type: "custom", renderItem: render, encode: { x: [1, 2], y: 0 }, data: data,
        markLine: { silent: true, symbol: "none", label: { show: false }, data: [{ xAxis: Date.parse(el.dataset.today) }],
          lineStyle: { color: "#b91c1c" } },
      }],
    });
    window.addEventListener("resize", function () { chart.resize(); });

    chart.on("dblclick", function (p) {
      if (p.data) location.href = el.dataset.taskUrl.replace("/0/", "/" + p.data.row.id + "/");
    });
    if (!el.dataset.canEdit) return;

    let dragging = null;
    chart.on("mousedown", function (p) { if (p.data) dragging = p.data; });
    chart.getZr().on("mouseup", function (e) {
      if (!dragging) return;
      const item = dragging;
      dragging = null;
      const at = chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]);
      if (!at) return;
      const due = new Date(at[0]);
      const shift = Math.round((due - item.value[2]) / DAY);
      if (shift === 0) return;
      const newDue = new Date(item.value[2] + shift * DAY).toISOString().slice(0, 10);
      const body = new URLSearchParams({ due: newDue });
      fetch(el.dataset.rescheduleUrl.replace("/0/", "/" + item.row.id + "/"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        item.value[1] += shift * DAY;
        item.value[2] += shift * DAY;
        chart.setOption({ series: [{ data: data }] });
      }).catch(function () { alert(el.dataset.errorText || "Could not move the task."); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
