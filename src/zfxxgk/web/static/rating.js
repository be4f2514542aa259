// 评分排名 page: the distribution of scores drawn with ECharts from the data-rating JSON.
(function () {
  "use strict";

  function draw() {
    var source = document.querySelector("[data-rating]");
    var el = document.getElementById("rating-chart");
    if (!source || !el || !window.echarts) return;
    var data = JSON.parse(source.dataset.rating);
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      color: ["#2563eb"],
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 10, top: 20, bottom: 40 },
      xAxis: { type: "category", data: data.bins, name: "得分" },
      yAxis: { type: "value", minInterval: 1, name: "报告数" },
      series: [{ type: "bar", data: data.counts, label: { show: true, position: "top" } }]
    }, true);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
