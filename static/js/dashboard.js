// The home dashboard: one Chart.js chart per canvas[data-dashboard-chart], from the page's JSON.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const colours = ["#0b4ea2", "#d97706", "#b02a37", "#146c43", "#6f42c1"];
  const narrow = window.innerWidth < 576;
  document.querySelectorAll("canvas[data-dashboard-chart]").forEach((canvas) => {
    const chart = charts[canvas.dataset.dashboardChart];
    if (!chart) return;
    const horizontal = chart.type === "bar" && (chart.labels.length > 6 || narrow);
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: chart.series.map((series, i) => ({
          label: series.name,
          data: series.values,
          backgroundColor: colours[i % colours.length],
          borderColor: colours[i % colours.length],
          tension: 0.2,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          [horizontal ? "x" : "y"]: { beginAtZero: true, stacked: chart.stacked, ticks: { precision: 0 } },
          [horizontal ? "y" : "x"]: {
            stacked: chart.stacked,
            ticks: {
              autoSkip: false,
              callback(value) {
                const label = this.getLabelForValue(value);
                const room = narrow ? 14 : 28;
                return label.length > room ? `${label.slice(0, room - 1)}…` : label;
              },
            },
          },
        },
      },
    });
  });
});
