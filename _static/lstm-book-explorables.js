// The book's explorables. lstm_book_ext/mime.py writes a placeholder
// <div class="lstm-explorable" data-kind="…"> holding the data that
// lstm_calc/explorables.py computed; this script builds the controls and the
// views inside it. Loaded (deferred, after plotly.min.js) only on pages that
// have an explorable.
//
// Only the cell explorer computes anything here: `cellStep` is a port of
// lstm_calc.explorables.cell_explorer_step for one unit, and the browser tests
// check it against that function on a grid of inputs. The other two show
// numbers precomputed by lstm_calc.
(function () {
  "use strict";

  // -- The scalar LSTM cell ------------------------------------------------------
  function sigmoid(a) {
    return a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
  }

  // w: {f|i|c|o: {h, x, b}}; overrides: {f|i|g|o: number or null}
  function cellStep(w, x, hPrev, cPrev, overrides) {
    var pre = function (g) { return (w[g].h * hPrev + w[g].x * x) + w[g].b; };
    var v = { f: sigmoid(pre("f")), i: sigmoid(pre("i")), g: Math.tanh(pre("g")), o: sigmoid(pre("o")) };
    overrides = overrides || {};
    ["f", "i", "g", "o"].forEach(function (k) {
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

  function slider(root, name, label, range, help) {
    // range: [min, max, step, start]
    var id = root.id + "-" + name;
    var input = el("input", { type: "range", id: id, min: range[0], max: range[1], step: range[2],
                              value: range[3], "data-control": name });
    var out = el("output", { for: id, "data-shows": name, text: String(range[3]) });
    var row = el("div", { class: "lstm-x-control" }, [el("label", { for: id, text: label }), input, out]);
    if (help) row.appendChild(el("span", { class: "lstm-x-help", text: help }));
    return { row: row, input: input, out: out };
  }

  function valueTable(caption, rows) {
    // rows: [[name, label]]; cells carry data-value="name"
    var body = el("tbody", {}, rows.map(function (r) {
      return el("tr", {}, [el("th", { scope: "row", text: r[1] }), el("td", { "data-value": r[0] })]);
    }));
    return el("table", { class: "lstm-x-table" }, [el("caption", { text: caption }), body]);
  }

  function chartBox(label) {
    return el("div", { class: "lstm-x-chart", role: "img", "aria-label": label });
  }

  var CHART_CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };

  // -- The cell explorer -----------------------------------------------------------
  function cellExplorer(root, data) {
    var w = data.weights;
    var names = { h_prev: "previous hidden state hₜ₋₁", x: "input xₜ", c_prev: "previous cell Cₜ₋₁" };
    var controls = {};
    var box = el("div", { class: "lstm-x-controls" });
    Object.keys(names).forEach(function (k) {
      controls[k] = slider(root, k, names[k], data.controls[k]);
      box.appendChild(controls[k].row);
    });

    var overrides = {};
    var gateLabels = { f: "forget gate f", i: "input gate i", g: "candidate C̃", o: "output gate o" };
    var fieldset = el("fieldset", { class: "lstm-x-overrides" }, [el("legend", { text: "Override a gate's output" })]);
    Object.keys(gateLabels).forEach(function (k) {
      var id = root.id + "-override-" + k;
      var check = el("input", { type: "checkbox", id: id, "data-control": "override-" + k });
      var value = slider(root, "override-value-" + k, "value", k === "g" ? [-1, 1, 0.01, 0] : [0, 1, 0.01, 0.5]);
      value.input.disabled = true;
      check.addEventListener("change", function () { value.input.disabled = !check.checked; update(); });
      value.input.addEventListener("input", update);
      overrides[k] = { check: check, value: value };
      fieldset.appendChild(el("div", { class: "lstm-x-override" },
        [check, el("label", { for: id, text: "set " + gateLabels[k] + " by hand" }), value.row]));
    });
    box.appendChild(fieldset);

    var regimes = el("div", { class: "lstm-x-regimes", role: "group", "aria-label": "Jump to a regime" },
      [el("span", { text: "Set the input to a regime (hₜ₋₁ = 0): " })]);
    Object.keys(data.regimes).forEach(function (name) {
      var button = el("button", { type: "button", "data-regime": name, text: name });
      button.addEventListener("click", function () {
        controls.x.input.value = data.regimes[name];
        controls.h_prev.input.value = 0;
        update();
      });
      regimes.appendChild(button);
    });
    box.appendChild(regimes);

    var table = valueTable("The step, computed as you move", [
      ["f", "forget gate f"], ["i", "input gate i"], ["g", "candidate C̃"], ["o", "output gate o"],
      ["c", "new cell Cₜ"], ["h", "new hidden state hₜ"]]);
    table.setAttribute("aria-live", "polite");
    var chart = chartBox("Bar chart of f, i, C̃, o, Cₜ and hₜ; the table holds the same values");
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
      var r = cellStep(w, v.x, v.h_prev, v.c_prev, chosen);
      Object.keys(r).forEach(function (k) { table.querySelector('[data-value="' + k + '"]').textContent = fmt(r[k]); });
      root.dataset.state = JSON.stringify({ inputs: v, overrides: chosen, result: r });  // read by the tests
      var keys = ["f", "i", "g", "o", "c", "h"];
      Plotly.react(chart, [{
        type: "bar", x: ["f", "i", "C̃", "o", "Cₜ", "hₜ"], y: keys.map(function (k) { return r[k]; }),
        marker: { color: keys.map(function (k) { return chosen[k] !== null && chosen[k] !== undefined ? "#b2361f" : "#1f6fb2"; }) },
        hovertemplate: "%{x} = %{y:.4f}<extra></extra>",
      }], {
        template: "plotly_white", height: 300, margin: { l: 50, r: 10, t: 10, b: 40 },
        yaxis: { range: [-4, 4], zeroline: true, title: "value" },
      }, CHART_CONFIG);
    }

    Object.keys(controls).forEach(function (k) { controls[k].input.addEventListener("input", update); });
    update();
  }

  // -- The sentence stepper (precomputed) -------------------------------------------
  function sentenceStepper(root, data) {
    var T = data.tokens.length;
    var unit = data.gender_unit;
    var prev = el("button", { type: "button", "data-control": "prev", text: "◀ previous token" });
    var next = el("button", { type: "button", "data-control": "next", text: "next token ▶" });
    var pick = slider(root, "t", "token", [1, T, 1, 1]);
    var title = el("p", { class: "lstm-x-current", "aria-live": "polite" });
    root.appendChild(el("div", { class: "lstm-x-controls" }, [prev, next, pick.row]));
    root.appendChild(title);

    var rows = [["c_prev", "Cₜ₋₁ (old cell)"], ["f", "× fₜ (forget gate)"], ["kept", "= fₜ⊙Cₜ₋₁ (kept)"],
                ["write", "+ iₜ⊙C̃ₜ (the write)"], ["c", "= Cₜ (new cell)"]];
    var corner = el("th", { scope: "col" }, [el("span", { class: "visually-hidden", text: "step" })]);
    var head = el("thead", {}, [el("tr", {}, [corner].concat(
      data.units.map(function (u) { return el("th", { scope: "col", text: u }); })))]);
    var body = el("tbody", {}, rows.map(function (r) {
      return el("tr", {}, [el("th", { scope: "row", text: r[1] })].concat(data.units.map(function (u, k) {
        return el("td", { "data-value": r[0] + "-" + k });
      })));
    }));
    var memory = el("table", { class: "lstm-x-table" }, [el("caption", { text: "The memory update, every unit" }), head, body]);
    var gates = valueTable("Unit " + (unit + 1) + " (gender)", [["f", "f"], ["i", "i"], ["g", "C̃"], ["o", "o"],
      ["c", "C"], ["h", "h"], ["readout", "readout"]]);
    var chart = chartBox("Line chart of the gender cell per token; the tables hold the values");
    root.appendChild(el("div", { class: "lstm-x-views" }, [memory, gates]));
    root.appendChild(chart);
    Plotly.newPlot(chart, data.chart.data, Object.assign({}, data.chart.layout, { height: 380 }), CHART_CONFIG);

    function show(t) {  // t is 1-based
      t = Math.max(1, Math.min(T, t));
      pick.input.value = t;
      pick.out.textContent = String(t);
      prev.disabled = t === 1;
      next.disabled = t === T;
      title.textContent = "Token " + t + " of " + T + ": " + data.tokens[t - 1];
      var s = t - 1;
      rows.forEach(function (r) {
        data.units.forEach(function (u, k) {
          body.querySelector('[data-value="' + r[0] + "-" + k + '"]').textContent = fmt(data.values[r[0]][s][k]);
        });
      });
      ["f", "i", "g", "o", "c", "h"].forEach(function (k) {
        gates.querySelector('[data-value="' + k + '"]').textContent = fmt(data.values[k][s][unit]);
      });
      gates.querySelector('[data-value="readout"]').textContent = data.readout[s];
      root.dataset.t = String(t);
      Plotly.relayout(chart, { shapes: [{ type: "line", xref: "x", yref: "paper", x0: t, x1: t, y0: 0, y1: 1,
                                          line: { color: "#b2361f", width: 3 } }] });
    }

    prev.addEventListener("click", function () { show(parseInt(pick.input.value, 10) - 1); });
    next.addEventListener("click", function () { show(parseInt(pick.input.value, 10) + 1); });
    pick.input.addEventListener("input", function () { show(parseInt(pick.input.value, 10)); });
    show(1);
  }

  // -- The saturation explorer (precomputed) ----------------------------------------
  function saturationExplorer(root, data) {
    var runs = data.runs;
    var pick = slider(root, "scale", "scale every weight by", [0, runs.length - 1, 1, data.start]);
    var left = el("p", { class: "lstm-x-current", "aria-live": "polite" });
    root.appendChild(el("div", { class: "lstm-x-controls" }, [pick.row]));
    root.appendChild(left);
    var table = valueTable("Unit 3 at three tokens", [
      ["f-John", "f at “John”"], ["f-is", "f at “is”"], ["i-is", "i at “is”"], ["f-Mary", "f at “Mary”"],
      ["male_left", "“male” left after the forget step at “Mary”"]]);
    var chart = chartBox("Line chart of unit 3's forget and input gates per token; the table holds key values");
    root.appendChild(el("div", { class: "lstm-x-views" }, [table, chart]));
    var ticks = data.tokens.map(function (tok, k) { return k + 1; });
    var tokenAt = function (word) { return data.tokens.indexOf(word); };

    function show(k) {
      var run = runs[k];
      pick.input.value = k;
      pick.out.textContent = "×" + run.scale.toFixed(2);
      left.textContent = "Weights ×" + run.scale.toFixed(2) + ": of " + fmt(run.c_before_mary) +
        " of “male” in the cell, " + fmt(run.male_left) + " survives the forget gate at “Mary”.";
      table.querySelector('[data-value="f-John"]').textContent = fmt(run.f[tokenAt("John")]);
      table.querySelector('[data-value="f-is"]').textContent = fmt(run.f[tokenAt("is")]);
      table.querySelector('[data-value="i-is"]').textContent = fmt(run.i[tokenAt("is")]);
      table.querySelector('[data-value="f-Mary"]').textContent = fmt(run.f[tokenAt("Mary")]);
      table.querySelector('[data-value="male_left"]').textContent = fmt(run.male_left);
      root.dataset.scale = String(run.scale);
      Plotly.react(chart, [
        { x: ticks, y: run.f, name: "forget gate f", mode: "lines+markers", line: { color: "#1f6fb2" } },
        { x: ticks, y: run.i, name: "input gate i", mode: "lines+markers", line: { color: "#b2361f", dash: "dash" } },
      ], {
        template: "plotly_white", height: 340, margin: { l: 50, r: 10, t: 10, b: 60 },
        xaxis: { tickmode: "array", tickvals: ticks, ticktext: data.tokens },
        yaxis: { range: [-0.05, 1.05], title: "gate value" }, legend: { orientation: "h", y: -0.25 },
      }, CHART_CONFIG);
    }

    pick.input.addEventListener("input", function () { show(parseInt(pick.input.value, 10)); });
    show(data.start);
  }

  var KINDS = { cell: cellExplorer, stepper: sentenceStepper, saturation: saturationExplorer };

  window.lstmBook = { sigmoid: sigmoid, cellStep: cellStep };
  document.querySelectorAll("div.lstm-explorable").forEach(function (root) {
    var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
    var fallback = root.querySelector(".lstm-explorable-fallback");
    if (fallback) fallback.remove();
    KINDS[root.dataset.kind](root, data);
  });
})();
