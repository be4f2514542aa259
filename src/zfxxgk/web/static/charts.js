// Jurisdiction page: draw the ECharts charts from the data-charts JSON, again after each HTMX swap.
(function () {
  "use strict";

  var COLORS = ["#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777"];

  var OPTIONS = {
    outcomes: function (data) {
      return {
        color: COLORS,
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: data.outcomes, label: { formatter: "{b}\n{c}" } }]
      };
    },
    applicants: function (data) {
      return {
        color: COLORS,
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 10, top: 20, bottom: 60 },
        xAxis: { type: "category", data: data.applicants.map(function (d) { return d.name; }), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.applicants.map(function (d) { return d.value; }), label: { show: true, position: "top" } }]
      };
    },
    trend: function (data) {
      return {
        color: COLORS,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.trend.years.map(String) },
        yAxis: { type: "value", minInterval: 1 },
        series: data.trend.series.map(function (s) { return { name: s.name, type: "line", data: s.data, symbolSize: 8 }; })
      };
    }
  };

  var charts = [];

  function draw(root) {
    var source = root.querySelector("[data-charts]");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.dataset.charts);
    charts = charts.filter(function (c) { return !c.isDisposed() && document.body.contains(c.getDom()); });
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var make = OPTIONS[el.dataset.chart];
      if (!make) return;
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
      var option = make(data);
      option.animation = false;  // figures for review, not a show: draw them at once
      chart.setOption(option, true);
      charts.push(chart);
    });
  }

  htmx.onLoad(draw);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
