// Draw every plotly figure of the page from the JSON its placeholder holds.
// Loaded (deferred, after plotly.min.js) only on pages that have a figure;
// lstm_book/sphinx/mime.py writes the placeholders. Each placeholder gets
// data-ready="true" once its figure is drawn (lstm-book-ready.js waits for it).
(function () {
  "use strict";
  document.querySelectorAll("div.lstm-book-plotly").forEach(function (holder) {
    var source = holder.querySelector('script[type="application/json"]');
    var spec = JSON.parse(source.textContent);
    Plotly.newPlot(holder, spec.data, spec.layout, spec.config).then(function () {
      holder.dataset.ready = "true";
    });
  });
})();
