// Small inline-SVG charts: a step line of a running total, and bars of counts per period.
// Each chart reads its series, a JSON list of [ISO day, value], from a <script> element.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
  let W = 640, H = 220;  // the viewBox of the chart being drawn (options.width / height)

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The top of the axis: four equal steps of a whole 1, 2 or 5 × 10ⁿ, so every tick of a count
  // is a whole number (4 → 1, 2, 3, 4; 15 → 5, 10, 15, 20; 150 → 50 … 200).
  const TICKS = 4;
  function niceMax(value) {
    const raw = Math.max(1, value / TICKS);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power * TICKS;
    return 10 * power * TICKS;
  }

  function frame(svg, maxY, first, last) {
    const plotH = H - PAD.top - PAD.bottom;
    for (let i = 0; i <= TICKS; i++) {
      const y = PAD.top + plotH - (plotH * i) / TICKS;
      svg.appendChild(el("line", { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: "grid" }));
      const label = Math.round((maxY * i) / TICKS).toLocaleString("en");
      svg.appendChild(el("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, label));
    }
    svg.appendChild(el("text", { x: PAD.left, y: H - 8 }, first));
    svg.appendChild(el("text", { x: W - PAD.right, y: H - 8, "text-anchor": "end" }, last));
  }

  // options.label(day, value): a bar's tooltip; options.pick(day): called when a bar is chosen
  // (click, or Enter on a focused bar).
  function draw(container, kind, series, options) {
    const opts = options || {};
    W = opts.width || 640;
    H = opts.height || 220;
    const label = opts.label || ((day, value) => `week of ${day}: ${value}`);
    container.textContent = "";
    if (!series.length) {
      container.appendChild(document.createTextNode(opts.empty || "Nothing recorded yet."));
      return;
    }
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: `chart-${kind}` });
    const t0 = Date.parse(series[0][0]);
    const t1 = Date.parse(series[series.length - 1][0]);
    // Bars fill one slot each, the last one included; a line ends on its last point.
    const slot = series.length > 1 ? (t1 - t0) / (series.length - 1) : 86400000;
    const span = kind === "line" ? Math.max(t1 - t0, 86400000) : t1 - t0 + slot;
    const maxY = niceMax(Math.max(...series.map((p) => p[1])));
    const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
    const x = (day) => PAD.left + (plotW * (Date.parse(day) - t0)) / span;
    const y = (value) => PAD.top + plotH - (plotH * value) / maxY;
    frame(svg, maxY, series[0][0], series[series.length - 1][0]);
    const last = series[series.length - 1];
    svg.appendChild(el("title", {}, `${series.length} points, last ${last[0]}: ${last[1]}`));
    if (kind === "line") {
      let d = `M${x(series[0][0])},${y(0)}`;
      for (const [day, value] of series) d += `H${x(day)}V${y(value)}`;
      svg.appendChild(el("path", { d, class: "series" }));
    } else {
      const width = Math.max(2, (plotW / series.length) * 0.8);
      for (const [day, value] of series) {
        const bar = el("rect", {
          x: x(day) + (plotW / series.length) * 0.1, y: y(value), width,
          height: Math.max(0, y(0) - y(value)), class: "series",
        });
        bar.appendChild(el("title", {}, label(day, value)));
        if (opts.pick) {
          bar.setAttribute("tabindex", "0");
          bar.setAttribute("role", "button");
          bar.setAttribute("aria-label", label(day, value));
          bar.dataset.day = day;
          bar.classList.add("pickable");
          bar.addEventListener("click", () => opts.pick(day));
          bar.addEventListener("keydown", (e) => { if (e.key === "Enter") opts.pick(day); });
        }
        svg.appendChild(bar);
      }
    }
    container.appendChild(svg);
    container.dataset.points = String(series.length);
  }

  function drawAll() {
    for (const container of document.querySelectorAll("[data-chart]")) {
      const source = document.getElementById(container.dataset.series);
      draw(container, container.dataset.chart, source ? JSON.parse(source.textContent) : []);
    }
  }

  window.TruceCharts = { draw, drawAll };
  drawAll();
})();
