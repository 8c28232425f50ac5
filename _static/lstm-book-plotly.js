// Draw every plotly figure of the page from the JSON its placeholder holds.
// Loaded (deferred, after plotly.min.js) only on pages that have a figure;
// lstm_book_ext/mime.py writes the placeholders.
(function () {
  "use strict";
  document.querySelectorAll("div.lstm-book-plotly").forEach(function (holder) {
    var source = holder.querySelector('script[type="application/json"]');
    var spec = JSON.parse(source.textContent);
    Plotly.newPlot(holder, spec.data, spec.layout, spec.config);
  });
})();
