// Events: one bar chart per canvas[data-chart], from the JSON the page carries (no inline script).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("event-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const data = charts[canvas.dataset.chart];
    if (!data) return;
    const horizontal = data.labels.some((label) => label.length > 12) || data.labels.length > 6;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.title, data: data.counts, backgroundColor: "#0b4ea2" }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } },
          // Long labels (themes, options) are cut on a phone; the table under the chart has them whole.
          [horizontal ? "y" : "x"]: {
            ticks: {
              callback(value) {
                const label = this.getLabelForValue(value);
                const room = window.innerWidth < 576 ? 18 : 40;
                return label.length > room ? `${label.slice(0, room - 1)}…` : label;
              },
            },
          },
        },
      },
    });
  });
});
