// The book's explorables. lstm_book/sphinx/mime.py writes a placeholder
// <div class="lstm-explorable" data-kind="…"> holding the data that
// lstm_book/explorables.py and lstm_book/live.py computed; this script builds
// the controls and the views inside it. Loaded (deferred, after plotly.min.js)
// only on pages that have an explorable.
//
// The script knows nothing of the worked example: every label, colour, word,
// message, weight and word vector comes from the data, so the example can
// change without a change here. It holds one port of the LSTM step of
// lstm_calc (`step`, any n_h and n_in), which the cell explorer and the live
// sentence explorer both use; the browser tests check it against lstm_calc on
// random weights and sentences. The saturation explorer shows numbers
// precomputed by the library.
//
// When an explorable has drawn, its root gets data-ready="true"; when all of
// them have, <html> gets data-explorables-ready="true" ("error" if one failed).
(function () {
  "use strict";

  // -- The LSTM step (lstm_calc/cell.py), for any n_h and n_in ------------------------
  var GATES = ["f", "i", "g", "o"];
  var FIELDS = ["z", "f", "i", "g", "o", "c_prev", "kept", "write", "c", "h"];

  function sigmoid(a) {
    return a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
  }
  var ACTIVATION = { f: sigmoid, i: sigmoid, g: Math.tanh, o: sigmoid };

  // p: {n_h, n_in, W: {f|i|g|o: n_h rows of n_h + n_in}, b: {f|i|g|o: n_h}};
  // x (n_in), hPrev and cPrev (n_h); overrides (optional): {gate: one value for every unit}.
  function step(p, x, hPrev, cPrev, overrides) {
    var nh = p.n_h, z = hPrev.concat(x), nz = z.length, out = { z: z, c_prev: cPrev };
    GATES.forEach(function (k) {
      var W = p.W[k], b = p.b[k], act = ACTIVATION[k], v = new Array(nh);
      var set = overrides && overrides[k] !== null && overrides[k] !== undefined;
      for (var u = 0; u < nh; u++) {
        if (set) { v[u] = overrides[k]; continue; }
        var row = W[u], s = 0;
        for (var j = 0; j < nz; j++) s += row[j] * z[j];
        v[u] = act(s + b[u]);
      }
      out[k] = v;
    });
    out.kept = new Array(nh); out.write = new Array(nh); out.c = new Array(nh); out.h = new Array(nh);
    for (var u = 0; u < nh; u++) {
      out.kept[u] = out.f[u] * cPrev[u];
      out.write[u] = out.i[u] * out.g[u];
      out.c[u] = out.kept[u] + out.write[u];
      out.h[u] = out.o[u] * Math.tanh(out.c[u]);
    }
    return out;
  }

  function zeros(n) { var a = new Array(n); for (var k = 0; k < n; k++) a[k] = 0; return a; }

  // xs: T inputs of n_in, from h0 = c0 = 0 unless given -> {field: T arrays}
  function run(p, xs, h0, c0) {
    var h = h0 || zeros(p.n_h), c = c0 || zeros(p.n_h), out = {};
    FIELDS.forEach(function (k) { out[k] = []; });
    xs.forEach(function (x) {
      var s = step(p, x, h, c);
      FIELDS.forEach(function (k) { out[k].push(s[k]); });
      h = s.h; c = s.c;
    });
    return out;
  }

  // -- Text as the book reads it (lstm_book/text.py: \w+|[^\w\s]) ----------------------
  // Python's \w means a letter, a digit or "_"; its \s, what str.isspace() accepts
  // (which holds \x1c-\x1f and \x85 and not \ufeff, unlike JavaScript's \s).
  var WORD = "\\p{L}\\p{N}_";
  var SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f\\x85\\p{Zs}\\u2028\\u2029";
  var TOKEN = new RegExp("[" + WORD + "]+|[^" + WORD + SPACE + "]", "gu");
  var IS_WORD = new RegExp("^[" + WORD + "]", "u");
  var CAPITALISED = /^[\p{Lu}\p{Lt}]/u;
  var PUNCTUATION = /^\p{P}$/u;
  // The invisible characters, ignored (text.INVISIBLE_RANGES, the same ranges)
  var INVISIBLE = /[\u00AD\u034F\u061C\u17B4-\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/gu;

  function visible(text) { return text.replace(INVISIBLE, ""); }
  function tokenize(text) { return visible(text).match(TOKEN) || []; }

  function distinct(list) {
    return list.filter(function (v, k) { return list.indexOf(v) === k; });
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // The words of the vocabulary with a non-zero vector, by their lower case: "ann" -> ["Ann"]
  function spellings(vocabulary) {
    var out = {};
    Object.keys(vocabulary).forEach(function (w) {
      if (!vocabulary[w].some(function (v) { return v !== 0; })) return;
      var key = w.toLowerCase();
      (has(out, key) ? out[key] : (out[key] = [])).push(w);
    });
    return out;
  }

  // What the page reads of `text` with `model` (lstm_book.live.reference in Python).
  function read(model, text, limit, htmlLike) {
    var every = tokenize(text);
    if (!every.length) return { tokens: [], notes: [["empty", {}]] };
    var tokens = every.slice(0, limit), notes = [["read", { T: tokens.length, model: model.label }]];
    if (every.length > limit) notes.push(["too_long", { n: every.length }]);
    if (new RegExp(htmlLike).test(visible(text))) notes.push(["html", {}]);
    var hidden = distinct((text.match(INVISIBLE) || []).map(function (ch) {
      return "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    }));
    if (hidden.length) notes.push(["invisible", { codes: hidden }]);
    var words = tokens.map(function (t) { return IS_WORD.test(t); });
    if (words.indexOf(true) < 0) notes.push(["no_words", {}]);
    var symbols = distinct(tokens.filter(function (t, k) { return !words[k] && !PUNCTUATION.test(t); }));
    if (symbols.length) notes.push(["symbols", { tokens: symbols }]);
    var vocabulary = model.vocabulary, zero = zeros(model.n_in), spelled = spellings(vocabulary);
    var flagged = tokens.map(function (t, k) {
      if (!words[k] || has(vocabulary, t)) return false;
      return model.flag !== "capitalised" || CAPITALISED.test(t) || has(spelled, t.toLowerCase());
    });
    var named = distinct(tokens.filter(function (t, k) { return flagged[k]; }));
    var cased = named.filter(function (t) { return has(spelled, t.toLowerCase()); });
    if (cased.length) {
      var known = distinct([].concat.apply([], cased.map(function (t) { return spelled[t.toLowerCase()]; })));
      notes.push(["flag_case", { words: cased, known: known }]);
    }
    var rest = named.filter(function (t) { return !has(spelled, t.toLowerCase()); });
    if (rest.length) notes.push(["flag_" + model.flag, { words: rest }]);
    var xs = tokens.map(function (t) { return has(vocabulary, t) ? vocabulary[t] : zero; });
    return { tokens: tokens, xs: xs, flagged: flagged, notes: notes };
  }

  // The readout at every token: {words, p}; p stays null for a sign readout.
  function readout(model, values) {
    var r = model.readout, words = r.words;
    if (r.kind === "sign") {
      return { p: null, words: values.h.map(function (h) {
        var v = h[r.unit];
        return v > 0 ? words[0] : v < 0 ? words[1] : r.zero;
      }) };
    }
    var p = values.h.map(function (h) {
      var s = 0;
      for (var u = 0; u < h.length; u++) s += h[u] * r.w[u];
      return sigmoid(s + r.b);
    });
    return { p: p, words: p.map(function (v) { return words[v > 0.5 ? 1 : 0]; }) };
  }

  // -- Numbers as Python's format() writes them ----------------------------------------
  // toFixed rounds a tie away from zero, Python to even; a tie at d decimals happens
  // exactly when x * 2^(d+1) makes an odd integer (a binary fraction ending in 5).
  function fixed(x, d) {
    var y = Math.abs(x) * Math.pow(2, d + 1);
    if (Number.isInteger(y) && y % 2 === 1 && y * Math.pow(5, d) < 9007199254740992) {
      var twice = y * Math.pow(5, d), n = (twice - 1) / 2;  // |x| * 10^d = n + 1/2
      if (n % 2 === 1) n += 1;
      var digits = String(n);
      while (digits.length <= d) digits = "0" + digits;
      var text = d ? digits.slice(0, digits.length - d) + "." + digits.slice(digits.length - d) : digits;
      return (x < 0 ? "-" : "") + text;
    }
    return x.toFixed(d);
  }

  // As the book's tables (".4f", and -0.0000 shown as 0.0000)
  function fmt(v) {
    var text = fixed(v, 4);
    return parseFloat(text) === 0 ? fixed(0, 4) : text;
  }

  // As the diagram's numbers ("+.4f")
  function signed(v) {
    var text = fixed(v, 4);
    if (text.charAt(0) === "-") return text;
    return (v === 0 && 1 / v < 0 ? "-" : "+") + text;  // -0.0 keeps its sign, as in Python
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      if (!(key in values)) return all;
      var v = values[key];
      return Array.isArray(v) ? v.join(", ") : String(v);
    });
  }

  // The sentence of a note [key, values] (lstm_book.live.message): a template, or its "one" or
  // "other" form by how many the value named by "count" holds
  function message(messages, note) {
    var template = messages[note[0]], values = note[1];
    if (typeof template !== "string") {
      var count = values[template.count];
      template = template[(Array.isArray(count) ? count.length : count) === 1 ? "one" : "other"];
    }
    return fill(template, values);
  }

  // -- Small DOM helpers (text always goes in as textContent) --------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

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

  // -- The cell explorer: one unit, computed with `step` ---------------------------------
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
    var fieldset = el("fieldset", { class: "lstm-x-overrides" }, [el("legend", { text: data.text.overrides })]);
    data.overrides.forEach(function (d) {
      var id = root.id + "-override-" + d.name;
      var check = el("input", { type: "checkbox", id: id, "data-control": "override-" + d.name });
      var value = slider(root, "override-value-" + d.name, data.text.value, d.range);
      value.input.disabled = true;
      check.addEventListener("change", function () { value.input.disabled = !check.checked; update(); });
      value.input.addEventListener("input", update);
      overrides[d.name] = { check: check, value: value };
      fieldset.appendChild(el("div", { class: "lstm-x-override" },
        [check, el("label", { for: id, text: fill(data.text.override, { gate: d.label }) }), value.row]));
    });
    box.appendChild(fieldset);

    var regimes = data.regimes;
    var held = Object.keys(regimes.hold).map(function (k) { return labels[k] + " = " + regimes.hold[k]; });
    var group = el("div", { class: "lstm-x-regimes", role: "group", "aria-label": data.text.regimes },
      [el("span", { text: fill(data.text.regime, { input: labels[regimes.input], held: held }) })]);
    Object.keys(regimes.values).forEach(function (name) {
      var button = el("button", { type: "button", "data-regime": name, text: name });
      // exactly the state of the regime table's row: the input, the held values, every gate computed
      button.addEventListener("click", function () {
        controls[regimes.input].input.value = regimes.values[name];
        Object.keys(regimes.hold).forEach(function (k) { controls[k].input.value = regimes.hold[k]; });
        Object.keys(overrides).forEach(function (k) {
          overrides[k].check.checked = false;
          overrides[k].value.input.disabled = true;
        });
        update();
      });
      group.appendChild(button);
    });
    box.appendChild(group);

    var table = valueTable(data.text.table, data.outputs.map(function (d) { return [d.name, d.label]; }));
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
        chosen[k] = overrides[k].check.checked ? parseFloat(overrides[k].value.input.value) : null;
      });
      var s = step(data.params, [v.x], [v.h_prev], [v.c_prev], chosen), r = {};
      // a gate set by hand shows the value chosen; a computed one, its disabled slider at the computed
      // value (where it starts from once its box gets ticked), never another number
      Object.keys(overrides).forEach(function (k) {
        var value = overrides[k].value;
        if (chosen[k] === null) {
          value.input.value = s[k][0];
          value.out.textContent = fmt(s[k][0]);
        } else {
          value.out.textContent = chosen[k].toFixed(2);
        }
      });
      data.outputs.forEach(function (d) { r[d.name] = s[d.name][0]; });
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
        yaxis: { range: data.chart.range, zeroline: true, title: data.chart.axis },
      }, CHART_CONFIG);
    }

    Object.keys(controls).forEach(function (k) { controls[k].input.addEventListener("input", update); });
    return update();
  }

  // -- The live sentence explorer --------------------------------------------------------
  function liveExplorer(root, data) {
    var T = data.text, M = data.messages;
    var models = data.models.map(function (m) {
      // a working copy of the weights, which the weight sliders edit
      return Object.assign({}, m, { W: JSON.parse(JSON.stringify(m.W)), b: JSON.parse(JSON.stringify(m.b)) });
    });
    var state = { model: data.start.model, unit: models[data.start.model].unit, t: data.start.t,
                  reading: null, values: null, readout: null };
    var id = root.id;
    var links = data.diagram.links;

    // The text box and what the page says about it
    var box = el("textarea", { id: id + "-text", rows: 2, spellcheck: "false", autocomplete: "off",
                               "data-control": "text", "aria-describedby": id + "-help " + id + "-status" });
    box.value = data.start.text;
    var status = el("div", { id: id + "-status", class: "lstm-live-status", role: "status" });
    root.appendChild(el("div", { class: "lstm-live-input" }, [
      el("label", { for: box.id, text: T.box }), box,
      el("p", { id: id + "-help", class: "lstm-live-help", text: T.box_help }), status]));

    // The model and the unit
    var modelGroup = el("fieldset", { class: "lstm-live-models" }, [el("legend", { text: T.model })]);
    models.forEach(function (m, k) {
      var radio = el("input", { type: "radio", name: id + "-model", id: id + "-model-" + m.name,
                                value: String(k), "data-control": "model-" + m.name });
      radio.checked = k === state.model;
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        state.model = k;
        state.unit = models[k].unit;
        recompute();
      });
      modelGroup.appendChild(el("div", { class: "lstm-live-model" }, [radio,
        el("label", { for: radio.id, text: fill(T.choice, { label: m.label, n_h: m.n_h }) })]));
    });
    var unitPick = el("select", { id: id + "-unit", "data-control": "unit" });
    var known = el("details", { class: "lstm-live-known" });
    root.appendChild(el("div", { class: "lstm-x-controls" }, [modelGroup,
      el("div", { class: "lstm-x-control" }, [el("label", { for: unitPick.id, text: T.unit }), unitPick])]));
    root.appendChild(known);

    // The tokens and the step
    var strip = el("ol", { class: "lstm-live-tokens", "aria-label": T.tokens });
    var prev = el("button", { type: "button", "data-control": "prev", text: T.prev });
    var next = el("button", { type: "button", "data-control": "next", text: T.next });
    var pick = slider(root, "t", T.step, [1, 1, 1, 1]);
    var title = el("p", { class: "lstm-x-current", "aria-live": "polite" });
    root.appendChild(strip);
    root.appendChild(el("div", { class: "lstm-x-controls" }, [prev, next, pick.row]));
    root.appendChild(title);

    // The equations and the diagram
    var equations = el("ul", { class: "lstm-live-equations", "aria-label": T.equations });
    data.equations.forEach(function (parts) {
      equations.appendChild(el("li", {}, parts.map(function (part) {
        if (typeof part === "string") return document.createTextNode(part);
        return el("button", { type: "button", class: "lstm-live-symbol", "data-link": part.key,
                              "aria-label": data.labels[part.key], text: part.text });
      })));
    });
    var doc = new DOMParser().parseFromString(data.diagram.svg, "image/svg+xml");
    var svg = document.importNode(doc.documentElement, true);
    svg.querySelectorAll("[id]").forEach(function (node) { node.id = id + "-" + node.id; });
    svg.setAttribute("aria-labelledby", svg.getAttribute("aria-labelledby").split(" ").map(function (ref) {
      return id + "-" + ref;
    }).join(" "));
    svg.setAttribute("role", "group");
    var desc = svg.querySelector("desc"), descStart = desc.textContent.split(" Unit ")[0];
    var nums = {};
    svg.querySelectorAll("[data-num]").forEach(function (node) {
      var key = node.getAttribute("data-num");
      nums[key] = node;
      if (links[key]) {
        node.setAttribute("tabindex", "0");
        node.setAttribute("role", "img");
        node.setAttribute("data-link", key);
      } else {
        node.setAttribute("aria-hidden", "true");
      }
    });
    var figure = el("figure", { class: "lstm-diagram-figure lstm-live-diagram" }, [svg]);
    root.appendChild(equations);
    root.appendChild(el("div", { class: "lstm-live-scroll" }, [figure]));

    // The tables: every unit's memory update, and the unit on the diagram. Each table's caption
    // sits above its scroll box, not inside the table, so on a narrow screen it wraps at the
    // box's edge instead of running as wide as the table, out of view.
    var memoryHead = el("thead");
    var memoryBody = el("tbody");
    var memoryCaption = el("p", { id: id + "-memory-caption", class: "lstm-live-caption", text: T.memory });
    var memory = el("table", { class: "lstm-x-table lstm-live-memory", "aria-labelledby": memoryCaption.id },
                    [memoryHead, memoryBody]);
    var unitCaption = el("p", { id: id + "-unit-caption", class: "lstm-live-caption" });
    var unitBody = el("tbody", {}, data.unit_rows.map(function (r) {
      return el("tr", { "data-row": r[0] }, [
        el("th", { scope: "row", tabindex: "0", "data-link": r[0], text: r[1] }), el("td", { "data-value": r[0] })]);
    }));
    var unitTable = el("table", { class: "lstm-x-table lstm-live-unit", "aria-labelledby": unitCaption.id },
                       [unitBody]);
    function scroller(table, caption) {
      return el("div", { class: "lstm-live-tablebox" }, [caption, el("div", {
        class: "lstm-live-scroll", tabindex: "0", role: "region", "aria-labelledby": caption.id }, [table])]);
    }
    root.appendChild(el("div", { class: "lstm-x-views" }, [scroller(memory, memoryCaption),
                                                          scroller(unitTable, unitCaption)]));

    // The chart
    var chart = svgEl("svg", { class: "lstm-live-chart", role: "img" });
    var chartTitle = svgEl("title", { id: id + "-chart-title" });
    chart.appendChild(chartTitle);
    chart.setAttribute("aria-labelledby", chartTitle.id);
    var plot = svgEl("g");
    chart.appendChild(plot);
    var chartBox = el("div", { class: "lstm-live-chartbox" }, [chart]);
    root.appendChild(chartBox);

    // The weight sliders of the models that may be edited
    var weightPanels = models.map(function (m) { return m.editable ? weightPanel(m) : null; });

    function weightPanel(m) {
      var e = m.editable, unit = m.units[e.unit], original = { W: {}, b: {} };
      var panel = el("details", { class: "lstm-live-weights" }, [el("summary", { text: fill(T.weights, { unit: unit }) }),
        el("p", { text: fill(T.weights_help, { unit: unit }) })]);
      var sliders = [];
      e.gates.forEach(function (g) {
        original.W[g.key] = m.W[g.key][e.unit].slice();
        original.b[g.key] = m.b[g.key][e.unit];
        var set = el("fieldset", { class: "lstm-live-gate" }, [el("legend", { text: g.label })]);
        e.columns.concat([{ index: null, label: T.bias }]).forEach(function (col) {
          var name = col.index === null ? "b-" + g.key : "w-" + g.key + "-" + col.index;
          var start = col.index === null ? m.b[g.key][e.unit] : m.W[g.key][e.unit][col.index];
          var s = slider(root, name, col.label, [e.range[0], e.range[1], e.range[2], start]);
          s.input.addEventListener("input", function () {
            var v = parseFloat(s.input.value);
            if (col.index === null) m.b[g.key][e.unit] = v; else m.W[g.key][e.unit][col.index] = v;
            s.out.textContent = String(v);
            recompute();
          });
          sliders.push({ s: s, gate: g.key, index: col.index });
          set.appendChild(s.row);
        });
        panel.appendChild(set);
      });
      var reset = el("button", { type: "button", "data-control": "reset", text: T.reset });
      reset.addEventListener("click", function () {
        sliders.forEach(function (x) {
          var v = x.index === null ? original.b[x.gate] : original.W[x.gate][x.index];
          if (x.index === null) m.b[x.gate][e.unit] = v; else m.W[x.gate][e.unit][x.index] = v;
          x.s.input.value = v;
          x.s.out.textContent = String(v);
        });
        recompute();
      });
      panel.appendChild(reset);
      root.appendChild(panel);
      return panel;
    }

    // Linking: a symbol, a table row and a diagram number light each other up
    var lit = null;
    function light(key) {
      if (key === lit) return;
      lit = key;
      root.querySelectorAll(".lstm-live-hl").forEach(function (node) { node.classList.remove("lstm-live-hl"); });
      svg.querySelectorAll(".lstm-diagram-hl").forEach(function (node) { node.classList.remove("lstm-diagram-hl"); });
      root.dataset.lit = key || "";
      if (!key) return;
      root.querySelectorAll('[data-link="' + key + '"]').forEach(function (node) {
        (node.tagName === "TH" ? node.parentNode : node).classList.add("lstm-live-hl");
      });
      (links[key] || []).forEach(function (part) {
        svg.querySelectorAll('[data-part="' + part + '"]').forEach(function (node) {
          node.classList.add("lstm-diagram-hl");
        });
      });
    }
    function linkOf(target) {
      var node = target.closest ? target.closest("[data-link]") : null;
      if (node) return node.getAttribute("data-link");
      var part = target.closest ? target.closest("[data-part]") : null;
      if (!part) return null;
      var name = part.getAttribute("data-part");
      return Object.keys(links).filter(function (k) { return links[k].indexOf(name) >= 0; })[0] || null;
    }
    // the pointer lights the part under it and clears what it lit; the keyboard focus lights what it reaches
    var byPointer = false;
    root.addEventListener("mouseover", function (event) {
      var key = linkOf(event.target);
      if (key || byPointer) { light(key); byPointer = !!key; }
    });
    root.addEventListener("mouseleave", function () { if (byPointer) { light(null); byPointer = false; } });
    root.addEventListener("focusin", function (event) { light(linkOf(event.target)); byPointer = false; });

    // Reading and showing
    function setUnits(m) {
      unitPick.textContent = "";
      m.units.forEach(function (u, k) { unitPick.appendChild(el("option", { value: String(k), text: u })); });
      unitPick.value = String(state.unit);
      memoryHead.textContent = "";
      memoryHead.appendChild(el("tr", {}, [el("th", { scope: "col" }, [
        el("span", { class: "visually-hidden", text: T.step })])].concat(m.units.map(function (u) {
        return el("th", { scope: "col", text: u });
      }))));
      memoryBody.textContent = "";
      data.memory.forEach(function (r) {
        memoryBody.appendChild(el("tr", { "data-row": r[0] }, [
          el("th", { scope: "row", tabindex: "0", "data-link": r[0], text: r[1] })].concat(m.units.map(function (u, k) {
          return el("td", { "data-value": r[0] + "-" + k });
        }))));
      });
      known.textContent = "";
      known.appendChild(el("summary", { text: fill(T.known, { label: m.label }) }));
      known.appendChild(el("dl", {}, [].concat.apply([el("dt", { text: T.size }), el("dd", { text: m.size })],
                                                     m.known.map(function (kind) {
        return [el("dt", { text: kind.label }), el("dd", { text: kind.words.join(", ") })];
      }))));
      weightPanels.forEach(function (panel, k) { if (panel) panel.hidden = k !== state.model; });
    }

    function say(notes) {
      status.textContent = "";
      notes.forEach(function (n) {
        status.appendChild(el("p", { "data-note": n[0], text: message(M, n) }));
      });
      root.dataset.notes = notes.map(function (n) { return n[0]; }).join(" ");
    }

    var shownModel = null;
    function recompute() {
      var m = models[state.model];
      var reading = read(m, box.value, data.limit, data.html_like), notes = reading.notes;
      if (reading.tokens.length) {
        state.text = box.value;
      } else if (state.text === undefined) {
        say(notes);
        return;
      } else {
        // no token in the box: the last sentence read stays on view, read again by the model and
        // weights now chosen (so the views never show one model's numbers under another's name)
        reading = read(m, state.text, data.limit, data.html_like);
      }
      if (shownModel !== state.model) { setUnits(m); shownModel = state.model; }
      state.reading = reading;
      state.values = run(m, reading.xs);
      state.readout = readout(m, state.values);
      say(notes);
      strip.textContent = "";
      reading.tokens.forEach(function (tok, k) {
        var item = el("li", { "data-t": String(k + 1) }, [el("span", { text: tok })]);
        if (reading.flagged[k]) {
          item.className = "lstm-live-flagged";
          item.appendChild(el("span", { class: "visually-hidden", text: " (" + T.flagged + ")" }));
        }
        strip.appendChild(item);
      });
      pick.input.max = reading.tokens.length;
      drawChart();
      show(Math.min(state.t, reading.tokens.length));
    }

    function show(t) {
      var reading = state.reading, values = state.values, m = models[state.model];
      var n = reading.tokens.length, s = t - 1, u = state.unit;
      t = Math.max(1, Math.min(n, t)); s = t - 1;
      state.t = t;
      pick.input.value = t;
      pick.out.textContent = String(t);
      prev.disabled = t === 1;
      next.disabled = t === n;
      var answer = state.readout.words[s];
      if (state.readout.p) answer = fill(T.probability, { answer: answer, word: m.readout.words[1],
                                                          p: fmt(state.readout.p[s]) });
      title.textContent = fill(T.current, { t: t, T: n, token: reading.tokens[s], answer: answer });
      data.memory.forEach(function (r) {
        m.units.forEach(function (name, k) {
          memoryBody.querySelector('[data-value="' + r[0] + "-" + k + '"]').textContent = fmt(values[r[0]][s][k]);
        });
      });
      unitCaption.textContent = fill(T.unit_table, { unit: m.units[u] });
      data.unit_rows.forEach(function (r) { setValue(unitBody, r[0], fmt(values[r[0]][s][u])); });
      var v = {};
      ["c_prev", "f", "kept", "i", "g", "write", "c", "o", "h"].forEach(function (k) { v[k] = values[k][s][u]; });
      v.h_prev = values.z[s][u];
      v.tanh_c = Math.tanh(v.c);
      Object.keys(nums).forEach(function (k) {
        nums[k].textContent = signed(v[k]);
        if (links[k]) nums[k].setAttribute("aria-label", data.labels[k] + " = " + signed(v[k]));
      });
      desc.textContent = descStart + " " + fill(T.diagram, { t: t, token: reading.tokens[s], unit: m.units[u] }) +
        Object.keys(nums).map(function (k) { return (data.labels[k] || k) + " = " + signed(v[k]); }).join(", ") + ".";
      strip.querySelectorAll("[aria-current]").forEach(function (node) {
        node.removeAttribute("aria-current");
        node.classList.remove("lstm-live-current");
      });
      var item = strip.children[s];
      item.setAttribute("aria-current", "step");
      item.classList.add("lstm-live-current");
      marker.setAttribute("transform", "translate(" + xOf(t) + ",0)");
      root.dataset.t = String(t);
      root.dataset.model = m.name;
      root.dataset.unit = String(u);
      root.dataset.tokens = String(n);
      return true;
    }

    // The chart: the unit on the diagram, C and h per token, the readout at each point
    // drawn in the box's own pixels (one unit of the viewBox per pixel), so its text keeps its size on a phone
    var W = 640, H = 270, L = 50, R = 12, TOP = 26, B = 56, marker = svgEl("line"), xOf = function () { return 0; };
    function drawChart() {
      var m = models[state.model], u = state.unit, values = state.values, n = values.c.length;
      W = Math.max(300, Math.min(720, Math.round(chartBox.clientWidth) || 640));
      chart.setAttribute("viewBox", "0 0 " + W + " " + H);
      var c = values.c.map(function (row) { return row[u]; }), h = values.h.map(function (row) { return row[u]; });
      var top = 1.15 * Math.max.apply(null, [1].concat(c.map(Math.abs), h.map(Math.abs)));
      var dx = (W - L - R) / Math.max(n, 1);
      xOf = function (t) { return L + dx * (t - 0.5); };
      var yOf = function (v) { return TOP + (H - TOP - B) * (top - v) / (2 * top); };
      plot.textContent = "";
      chartTitle.textContent = fill(T.chart, { unit: m.units[u] });
      var colours = data.colours, answers = [colours.he, colours.she];
      // the halves of the readout's unit, where the readout reads that unit's sign (the hand-set model's):
      // above 0 the sign that means its first answer. A logistic readout reads every unit, so
      // no one unit's halves mean an answer.
      if (u === m.unit && m.readout.kind === "sign") {
        var up = m.orientation > 0 ? 0 : 1;
        plot.appendChild(svgEl("rect", { x: L, y: yOf(top), width: W - L - R, height: yOf(0) - yOf(top),
                                         fill: answers[up], "fill-opacity": 0.1 }));
        plot.appendChild(svgEl("rect", { x: L, y: yOf(0), width: W - L - R, height: yOf(-top) - yOf(0),
                                         fill: answers[1 - up], "fill-opacity": 0.1 }));
        plot.appendChild(svgEl("text", { x: L + 4, y: yOf(top) + 12, class: "lstm-live-side" },
                               fill(T.side, { word: m.readout.words[up] })));
        plot.appendChild(svgEl("text", { x: L + 4, y: yOf(-top) - 4, class: "lstm-live-side" },
                               fill(T.side, { word: m.readout.words[1 - up] })));
      }
      var axis = svgEl("g", { class: "lstm-live-axis" });
      var ticks = top > 2 ? [-Math.floor(top), 0, Math.floor(top)] : [-1, -0.5, 0, 0.5, 1];
      ticks.forEach(function (v) {
        axis.appendChild(svgEl("line", { x1: L - 4, x2: W - R, y1: yOf(v), y2: yOf(v), class: v ? "grid" : "zero" }));
        axis.appendChild(svgEl("text", { x: L - 6, y: yOf(v) + 4, "text-anchor": "end" }, String(v)));
      });
      var room = Math.max(2, Math.floor((W - L - R) / 48)), every = Math.ceil(n / room);
      for (var t = 1; t <= n; t += 1) {
        if ((t - 1) % every) continue;
        var label = every === 1 ? state.reading.tokens[t - 1] : String(t);
        if (label.length > 12) label = label.slice(0, 11) + "\u2026";
        axis.appendChild(svgEl("text", { x: xOf(t), y: H - B + 16, "text-anchor": "middle" }, label));
      }
      plot.appendChild(axis);
      var line = function (vs) {
        return vs.map(function (v, k) { return (k ? "L" : "M") + xOf(k + 1).toFixed(1) + " " + yOf(v).toFixed(1); })
          .join(" ");
      };
      plot.appendChild(svgEl("path", { d: line(c), class: "lstm-live-c", stroke: colours.cell, fill: "none" }));
      plot.appendChild(svgEl("path", { d: line(h), class: "lstm-live-h", stroke: colours.hidden, fill: "none" }));
      var words = m.readout.words;
      h.forEach(function (v, k) {
        var a = words.indexOf(state.readout.words[k]);
        plot.appendChild(svgEl("circle", { cx: xOf(k + 1), cy: yOf(v), r: n > 60 ? 2 : 4,
                                           fill: a < 0 ? colours.neutral : answers[a] }));
      });
      var legend = svgEl("g", { class: "lstm-live-legend" });
      [[T.chart_c, "lstm-live-c", colours.cell], [T.chart_h, "lstm-live-h", colours.hidden]].forEach(function (d, k) {
        var x = L + k * Math.min(200, (W - L) / 2);
        legend.appendChild(svgEl("line", { x1: x, x2: x + 24, y1: H - 14, y2: H - 14, class: d[1], stroke: d[2] }));
        legend.appendChild(svgEl("text", { x: x + 30, y: H - 10 }, d[0]));
      });
      plot.appendChild(legend);
      marker = svgEl("line", { x1: 0, x2: 0, y1: TOP, y2: H - B, class: "lstm-live-marker" });
      plot.appendChild(marker);
    }

    box.addEventListener("input", recompute);
    prev.addEventListener("click", function () { show(state.t - 1); });
    next.addEventListener("click", function () { show(state.t + 1); });
    pick.input.addEventListener("input", function () { show(parseInt(pick.input.value, 10)); });
    strip.addEventListener("click", function (event) {
      var item = event.target.closest("li[data-t]");
      if (item) show(parseInt(item.getAttribute("data-t"), 10));
    });
    unitPick.addEventListener("change", function () {
      state.unit = parseInt(unitPick.value, 10);
      drawChart();
      show(state.t);
    });

    recompute();
    if (window.ResizeObserver) {
      var width = chartBox.clientWidth;
      new ResizeObserver(function () {
        if (chartBox.clientWidth === width || !state.values) return;
        width = chartBox.clientWidth;
        drawChart();
        show(state.t);
      }).observe(chartBox);
    }
    root.lstmLive = state;  // the numbers on view, as computed: read by the tests and the benchmark
  }

  // -- The saturation explorer (precomputed) ----------------------------------------
  function saturationExplorer(root, data) {
    var runs = data.runs;
    var pick = slider(root, "scale", data.text.scale, [0, runs.length - 1, 1, data.start]);
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
      status.textContent = fill(data.text.status, { scale: scale, token: data.tokens[st.t], values: st.names.map(
        function (name, j) { return st.labels[j] + " = " + fmt(run[name][st.t]); }) });
      data.rows.forEach(function (r) { setValue(table, r.key, fmt(run[r.name][r.t])); });
      root.dataset.scale = String(run.scale);
      return Plotly.react(chart, data.series.map(function (s) {
        return { x: ticks, y: run[s.name], name: s.label, mode: "lines+markers", line: { color: s.colour, dash: s.dash } };
      }), {
        template: "plotly_white", height: 340, margin: { l: 50, r: 10, t: 10, b: 60 },
        xaxis: { tickmode: "array", tickvals: ticks, ticktext: data.tokens },
        yaxis: { range: [-0.05, 1.05], title: data.chart.axis }, legend: { orientation: "h", y: -0.25 },
      }, CHART_CONFIG);
    }

    pick.input.addEventListener("input", function () { show(parseInt(pick.input.value, 10)); });
    return show(data.start);
  }

  var KINDS = { cell: cellExplorer, live: liveExplorer, saturation: saturationExplorer };

  window.lstmBook = { sigmoid: sigmoid, step: step, run: run, tokenize: tokenize, read: read, readout: readout,
                      message: message, fmt: fmt, signed: signed };
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
