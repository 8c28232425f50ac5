// The site's charts: load plotly.js, draw every figure in the page's colour mode,
// and redraw them in place when the mode changes (the theme button, or the
// system's setting in "auto" mode).
//
// Loaded (deferred) only on pages with a chart or an explorable; it is the only
// script such a page names. lstm_book/sphinx/mime.py writes the placeholders
// (div.lstm-book-plotly, holding the figure as JSON) and this script's
// data-plotly (the plotly.js bundle) and data-explorables (the explorables'
// script, on their page) attributes, both relative to this script.
//
// Nothing waits for plotly.js: it is fetched, as an async script, once the page's
// HTML is parsed, so it holds back neither DOMContentLoaded nor the text. Then the
// figures are drawn, the one nearest the viewport first, one per task; each
// placeholder gets data-ready="true" when drawn (lstm-book-ready.js waits for all
// of them), and the first one sets the performance mark "lstm-book-first-chart".
// The explorables' script runs after plotly.js.
//
// Colours: PALETTE in lstm_book/charts.py is their one source. The stylesheet
// _static/lstm-book-palette.css (written at build time) holds each colour's
// light and dark value as CSS custom properties; figures arrive with light
// values, and every palette colour in a figure, in either mode, is swapped for
// the page's mode's. Every plotly call of the page (the explorables' too) goes
// through this, and gets a template in the page's mode: transparent background,
// the page's text colour, faint grid.
(function () {
  "use strict";

  var script = document.currentScript;
  var root = document.documentElement;

  // -- The palette, read from the page's CSS -----------------------------------------
  function cssValue(name) {
    return getComputedStyle(root).getPropertyValue(name).trim();
  }
  function key(colour) {
    return String(colour).toLowerCase().replace(/\s+/g, "");
  }
  var palette = null; // {names: [...], byValue: {colour in either mode: name}}
  function readPalette() {
    if (palette) return palette;
    var names = cssValue("--lstm-book-palette").replace(/["']/g, "").split(/\s+/).filter(Boolean);
    var byValue = {};
    names.forEach(function (n) {
      ["light", "dark"].forEach(function (m) { byValue[key(cssValue("--lstm-book-" + m + "-" + n))] = n; });
    });
    palette = { names: names, byValue: byValue };
    return palette;
  }
  function mode() { // the theme's data-theme; before its script resolves "auto", the system's setting
    var theme = root.dataset.theme;
    if (theme !== "dark" && theme !== "light") {
      theme = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    }
    return theme;
  }
  function colour(name, m) {
    return cssValue("--lstm-book-" + m + "-" + name);
  }

  // Every palette colour in ``value`` (a figure's data, layout or update) in mode m; a copy.
  function recolour(value, m) {
    if (typeof value === "string") {
      var name = readPalette().byValue[key(value)];
      return name ? colour(name, m) : value;
    }
    if (Array.isArray(value)) return value.map(function (v) { return recolour(v, m); });
    if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = recolour(value[k], m); });
      return out;
    }
    return value;
  }

  function template(m) {
    var text = cssValue("--pst-color-text-base");
    var muted = cssValue("--pst-color-text-muted");
    var grid = colour("grid", m);
    var axis = {
      automargin: true, gridcolor: grid, linecolor: grid, zerolinecolor: grid, zerolinewidth: 2,
      ticks: "", title: { standoff: 15 },
    };
    var series = readPalette().names.filter(function (n) { return n.indexOf("series-") === 0; });
    return {
      layout: {
        paper_bgcolor: "rgba(0,0,0,0)", // the page's own background shows through
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { color: text }, // plotly's own family: narrower than many system fonts, titles keep their room
        title: { x: 0.05 },
        hovermode: "closest",
        hoverlabel: { align: "left" },
        colorway: series.map(function (n) { return colour(n, m); }),
        xaxis: axis,
        yaxis: axis,
        annotationdefaults: { arrowcolor: text, arrowhead: 0, arrowwidth: 1 },
        shapedefaults: { line: { color: text } },
        modebar: { bgcolor: "rgba(0,0,0,0)", color: muted, activecolor: text },
      },
      data: { bar: [{ marker: { line: { width: 0 } } }] },
    };
  }

  function themedLayout(layout, m) {
    var copy = Object.assign({}, layout || {});
    delete copy.template; // the page's template replaces any other (plotly_white in a notebook)
    copy = recolour(copy, m);
    copy.template = template(m);
    return copy;
  }

  // -- Every plotly call of the page goes through the theme ----------------------------
  var plotly = {}; // plotly.js's own functions
  function remember(gd, config, m) {
    var el = typeof gd === "string" ? document.getElementById(gd) : gd;
    if (!el) return;
    if (config) el.lstmBookConfig = config;
    el.dataset.lstmBookMode = m;
  }
  function themedDraw(name) {
    return function (gd, data, layout, config) {
      if (data && !Array.isArray(data) && typeof data === "object") { // the (gd, figure) form
        config = data.config; layout = data.layout; data = data.data;
      }
      var m = mode();
      remember(gd, config, m);
      return plotly[name].call(window.Plotly, gd, recolour(data || [], m), themedLayout(layout, m), config);
    };
  }
  function themeCalls(P) {
    plotly.newPlot = P.newPlot;
    plotly.react = P.react;
    plotly.relayout = P.relayout;
    plotly.restyle = P.restyle;
    P.newPlot = themedDraw("newPlot");
    P.react = themedDraw("react");
    P.relayout = function (gd, update, value) {
      if (typeof update === "string") { var u = {}; u[update] = value; update = u; }
      return plotly.relayout.call(P, gd, recolour(update, mode()));
    };
    P.restyle = function (gd, update, value, traces) {
      if (typeof update === "string") { var u = {}; u[update] = value; update = u; traces = arguments[3]; }
      else traces = value;
      return plotly.restyle.call(P, gd, recolour(update, mode()), traces);
    };
  }

  // Redraw every chart in the page's mode, from what it shows now (an explorable may have moved on).
  function retheme() {
    if (!window.Plotly || !plotly.react) return Promise.resolve();
    var m = mode();
    var charts = Array.prototype.filter.call(document.querySelectorAll(".js-plotly-plot"), function (gd) {
      return gd.data && gd.dataset.lstmBookMode && gd.dataset.lstmBookMode !== m;
    });
    return Promise.all(charts.map(function (gd) {
      gd.dataset.lstmBookMode = m;
      return plotly.react.call(window.Plotly, gd, recolour(gd.data, m), themedLayout(gd.layout, m), gd.lstmBookConfig);
    }));
  }
  new MutationObserver(function () { retheme(); }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });

  // -- Loading and drawing ----------------------------------------------------------------
  function load(relative) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(relative, script.src).href;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("lstm-book: could not load " + s.src)); };
      document.head.appendChild(s);
    });
  }

  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function distance(el) { // from the viewport, in px (0: in view)
    var r = el.getBoundingClientRect();
    return r.bottom < 0 ? -r.bottom : r.top > window.innerHeight ? r.top - window.innerHeight : 0;
  }

  var first = true;
  function draw(holder) {
    var spec = JSON.parse(holder.querySelector('script[type="application/json"]').textContent);
    return window.Plotly.newPlot(holder, spec.data, spec.layout, spec.config).then(function () {
      holder.dataset.ready = "true";
      if (first) {
        first = false;
        if (performance.mark) performance.mark("lstm-book-first-chart");
      }
    });
  }

  function drawAll() {
    var holders = Array.prototype.slice.call(document.querySelectorAll("div.lstm-book-plotly:not([data-ready])"));
    holders.sort(function (a, b) { return distance(a) - distance(b); });
    return holders.reduce(function (done, holder) {
      return done.then(function () { return draw(holder); }).then(nextTask);
    }, Promise.resolve());
  }

  function failed(err) {
    var pending = "div.lstm-book-plotly:not([data-ready='true']), div.lstm-explorable:not([data-ready='true'])";
    document.querySelectorAll(pending).forEach(function (holder) {
      holder.dataset.ready = "error";
    });
    console.error(err);
  }

  function start() {
    load(script.dataset.plotly)
      .then(function () {
        themeCalls(window.Plotly);
        var explorables = script.dataset.explorables && document.querySelector("div.lstm-explorable")
          ? load(script.dataset.explorables) : Promise.resolve();
        return Promise.all([drawAll(), explorables]);
      })
      .catch(failed);
  }

  window.lstmBookCharts = { retheme: retheme, recolour: recolour, mode: mode };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); // not deferred
  else start();
})();
