// The book's explorables. lstm_book/sphinx/mime.py writes a placeholder
// <div class="lstm-explorable" data-kind="…"> holding the data that
// lstm_book/explorables.py computed; this script builds the controls and the
// views inside it. Loaded (deferred, after plotly.min.js) only on pages that
// have an explorable.
//
// The script knows nothing of the worked example: every label, colour, token,
// token position and unit index comes from the data, so the example can change
// without a change here. Only the cell explorer computes anything: `cellStep`
// ports lstm_book.explorables.cell_explorer_step for one unit, and the browser
// tests check it against that function on a grid of inputs. The other two show
// numbers precomputed by the library.
//
// When an explorable has drawn, its root gets data-ready="true"; when all of
// them have, <html> gets data-explorables-ready="true" ("error" if one failed).
(function () {
  "use strict";

  // -- The scalar LSTM cell ------------------------------------------------------
  function sigmoid(a) {
    return a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
  }

  // w: {f|i|g|o: {h, x, b}}; overrides: {f|i|g|o: number or null}
  function cellStep(w, x, hPrev, cPrev, overrides) {
    var pre = function (k) { return (w[k].h * hPrev + w[k].x * x) + w[k].b; };
    var v = { f: sigmoid(pre("f")), i: sigmoid(pre("i")), g: Math.tanh(pre("g")), o: sigmoid(pre("o")) };
    overrides = overrides || {};
    Object.keys(v).forEach(function (k) {
      if (overrides[k] !== null && overrides[k] !== undefined) v[k] = overrides[k];
    });
    var c = v.f * cPrev + v.i * v.g;
    return { f: v.f, i: v.i, g: v.g, o: v.o, c: c, h: v.o * Math.tanh(c) };
  }

  // -- Small DOM helpers ---------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function fmt(v) { return v.toFixed(4); }

  function slider(root, name, label, range) {
    // range: [min, max, step, start]
    var id = root.id + "-" + name;
    var input = el("input", { type: "range", id: id, min: range[0], max: range[1], step: range[2],
                              value: range[3], "data-control": name });
    var out = el("output", { for: id, "data-shows": name, text: String(range[3]) });
    var row = el("div", { class: "lstm-x-control" }, [el("label", { for: id, text: label }), input, out]);
    return { row: row, input: input, out: out };
  }

  function valueTable(caption, rows) {
    // rows: [[key, label]]; the value cells carry data-value="key"
    var body = el("tbody", {}, rows.map(function (r) {
      return el("tr", {}, [el("th", { scope: "row", text: r[1] }), el("td", { "data-value": r[0] })]);
    }));
    return el("table", { class: "lstm-x-table" }, [el("caption", { text: caption }), body]);
  }

  function setValue(box, key, text) {
    box.querySelector('[data-value="' + key + '"]').textContent = text;
  }

  function chartBox(label) {
    return el("div", { class: "lstm-x-chart", role: "img", "aria-label": label });
  }

  var CHART_CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };

  // -- The cell explorer -----------------------------------------------------------
  function cellExplorer(root, data) {
    var labels = {};
    data.inputs.forEach(function (d) { labels[d.name] = d.label; });
    var controls = {};
    var box = el("div", { class: "lstm-x-controls" });
    data.inputs.forEach(function (d) {
      controls[d.name] = slider(root, d.name, d.label, d.range);
      box.appendChild(controls[d.name].row);
    });

    var overrides = {};
    var fieldset = el("fieldset", { class: "lstm-x-overrides" }, [el("legend", { text: "Override a gate's output" })]);
    data.overrides.forEach(function (d) {
      var id = root.id + "-override-" + d.name;
      var check = el("input", { type: "checkbox", id: id, "data-control": "override-" + d.name });
      var value = slider(root, "override-value-" + d.name, "value", d.range);
      value.input.disabled = true;
      check.addEventListener("change", function () { value.input.disabled = !check.checked; update(); });
      value.input.addEventListener("input", update);
      overrides[d.name] = { check: check, value: value };
      fieldset.appendChild(el("div", { class: "lstm-x-override" },
        [check, el("label", { for: id, text: "set " + d.label + " by hand" }), value.row]));
    });
    box.appendChild(fieldset);

    var regimes = data.regimes;
    var held = Object.keys(regimes.hold).map(function (k) { return labels[k] + " = " + regimes.hold[k]; });
    var group = el("div", { class: "lstm-x-regimes", role: "group", "aria-label": "Jump to a regime" },
      [el("span", { text: "Set " + labels[regimes.input] + " to a regime (" + held.join(", ") + "): " })]);
    Object.keys(regimes.values).forEach(function (name) {
      var button = el("button", { type: "button", "data-regime": name, text: name });
      button.addEventListener("click", function () {
        controls[regimes.input].input.value = regimes.values[name];
        Object.keys(regimes.hold).forEach(function (k) { controls[k].input.value = regimes.hold[k]; });
        update();
      });
      group.appendChild(button);
    });
    box.appendChild(group);

    var table = valueTable("The step, computed as you move", data.outputs.map(function (d) { return [d.name, d.label]; }));
    table.setAttribute("aria-live", "polite");
    var chart = chartBox(data.chart.label);
    root.appendChild(box);
    root.appendChild(el("div", { class: "lstm-x-views" }, [table, chart]));

    function update() {
      var v = {};
      Object.keys(controls).forEach(function (k) {
        v[k] = parseFloat(controls[k].input.value);
        controls[k].out.textContent = v[k].toFixed(2);
      });
      var chosen = {};
      Object.keys(overrides).forEach(function (k) {
        var value = parseFloat(overrides[k].value.input.value);
        overrides[k].value.out.textContent = value.toFixed(2);
        chosen[k] = overrides[k].check.checked ? value : null;
      });
      var r = cellStep(data.weights, v.x, v.h_prev, v.c_prev, chosen);
      data.outputs.forEach(function (d) { setValue(table, d.name, fmt(r[d.name])); });
      root.dataset.state = JSON.stringify({ inputs: v, overrides: chosen, result: r });  // read by the tests
      var colours = data.chart.colours;
      return Plotly.react(chart, [{
        type: "bar",
        x: data.outputs.map(function (d) { return d.short; }),
        y: data.outputs.map(function (d) { return r[d.name]; }),
        marker: { color: data.outputs.map(function (d) {
          return chosen[d.name] !== null && chosen[d.name] !== undefined ? colours.override : colours.computed;
        }) },
        hovertemplate: "%{x} = %{y:.4f}<extra></extra>",
      }], {
        template: "plotly_white", height: 300, margin: { l: 50, r: 10, t: 10, b: 40 },
        yaxis: { range: data.chart.range, zeroline: true, title: "value" },
      }, CHART_CONFIG);
    }

    Object.keys(controls).forEach(function (k) { controls[k].input.addEventListener("input", update); });
    return update();
  }

  // -- The sentence stepper (precomputed) -------------------------------------------
  function sentenceStepper(root, data) {
    var T = data.tokens.length;
    var unit = data.unit;
    var prev = el("button", { type: "button", "data-control": "prev", text: "◀ previous token" });
    var next = el("button", { type: "button", "data-control": "next", text: "next token ▶" });
    var pick = slider(root, "t", "token", [1, T, 1, 1]);
    var title = el("p", { class: "lstm-x-current", "aria-live": "polite" });
    root.appendChild(el("div", { class: "lstm-x-controls" }, [prev, next, pick.row]));
    root.appendChild(title);

    var rows = data.memory.rows;
    var corner = el("th", { scope: "col" }, [el("span", { class: "visually-hidden", text: "step" })]);
    var head = el("thead", {}, [el("tr", {}, [corner].concat(
      data.units.map(function (u) { return el("th", { scope: "col", text: u }); })))]);
    var body = el("tbody", {}, rows.map(function (r) {
      return el("tr", {}, [el("th", { scope: "row", text: r[1] })].concat(data.units.map(function (u, k) {
        return el("td", { "data-value": r[0] + "-" + k });
      })));
    }));
    var memory = el("table", { class: "lstm-x-table" }, [el("caption", { text: data.memory.caption }), head, body]);
    var gates = valueTable(data.gates.caption, data.gates.rows.concat([["readout", data.readout.label]]));
    var chart = chartBox(data.chart.label);
    root.appendChild(el("div", { class: "lstm-x-views" }, [memory, gates]));
    root.appendChild(chart);

    function show(t) {  // t counts from 1
      t = Math.max(1, Math.min(T, t));
      pick.input.value = t;
      pick.out.textContent = String(t);
      prev.disabled = t === 1;
      next.disabled = t === T;
      title.textContent = "Token " + t + " of " + T + ": " + data.tokens[t - 1];
      var s = t - 1;
      rows.forEach(function (r) {
        data.units.forEach(function (u, k) { setValue(body, r[0] + "-" + k, fmt(data.values[r[0]][s][k])); });
      });
      data.gates.rows.forEach(function (r) { setValue(gates, r[0], fmt(data.values[r[0]][s][unit])); });
      setValue(gates, "readout", data.readout.values[s]);
      root.dataset.t = String(t);
      return Plotly.relayout(chart, { shapes: [{ type: "line", xref: "x", yref: "paper", x0: t, x1: t, y0: 0, y1: 1,
                                                 line: { color: data.chart.marker, width: 3 } }] });
    }

    prev.addEventListener("click", function () { show(parseInt(pick.input.value, 10) - 1); });
    next.addEventListener("click", function () { show(parseInt(pick.input.value, 10) + 1); });
    pick.input.addEventListener("input", function () { show(parseInt(pick.input.value, 10)); });
    return Plotly.newPlot(chart, data.chart.data, Object.assign({}, data.chart.layout, { height: 380 }), CHART_CONFIG)
      .then(function () { return show(1); });
  }

  // -- The saturation explorer (precomputed) ----------------------------------------
  function saturationExplorer(root, data) {
    var runs = data.runs;
    var pick = slider(root, "scale", "scale every weight by", [0, runs.length - 1, 1, data.start]);
    var status = el("p", { class: "lstm-x-current", "aria-live": "polite" });
    root.appendChild(el("div", { class: "lstm-x-controls" }, [pick.row]));
    root.appendChild(status);
    var table = valueTable(data.caption, data.rows.map(function (r) { return [r.key, r.label]; }));
    var chart = chartBox(data.chart.label);
    root.appendChild(el("div", { class: "lstm-x-views" }, [table, chart]));
    var ticks = data.tokens.map(function (tok, k) { return k + 1; });
    var st = data.status;

    function show(k) {
      var run = runs[k];
      var scale = "×" + run.scale.toFixed(2);
      pick.input.value = k;
      pick.out.textContent = scale;
      status.textContent = "Weights " + scale + ": at “" + data.tokens[st.t] + "”, " + st.names.map(function (name, j) {
        return st.labels[j] + " = " + fmt(run[name][st.t]);
      }).join(", ") + ".";
      data.rows.forEach(function (r) { setValue(table, r.key, fmt(run[r.name][r.t])); });
      root.dataset.scale = String(run.scale);
      return Plotly.react(chart, data.series.map(function (s) {
        return { x: ticks, y: run[s.name], name: s.label, mode: "lines+markers", line: { color: s.colour, dash: s.dash } };
      }), {
        template: "plotly_white", height: 340, margin: { l: 50, r: 10, t: 10, b: 60 },
        xaxis: { tickmode: "array", tickvals: ticks, ticktext: data.tokens },
        yaxis: { range: [-0.05, 1.05], title: "gate value" }, legend: { orientation: "h", y: -0.25 },
      }, CHART_CONFIG);
    }

    pick.input.addEventListener("input", function () { show(parseInt(pick.input.value, 10)); });
    return show(data.start);
  }

  var KINDS = { cell: cellExplorer, stepper: sentenceStepper, saturation: saturationExplorer };

  window.lstmBook = { sigmoid: sigmoid, cellStep: cellStep };
  var drawn = Array.prototype.map.call(document.querySelectorAll("div.lstm-explorable"), function (root) {
    return new Promise(function (resolve) {
      var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
      var fallback = root.querySelector(".lstm-explorable-fallback");
      if (fallback) fallback.remove();
      resolve(KINDS[root.dataset.kind](root, data));
    }).then(function () {
      root.dataset.ready = "true";
    }, function (err) {
      root.dataset.ready = "error";
      throw err;
    });
  });
  Promise.all(drawn).then(function () {
    document.documentElement.dataset.explorablesReady = "true";
  }, function (err) {
    document.documentElement.dataset.explorablesReady = "error";
    console.error(err);
  });
})();
