// One signal that the page is drawn: <html data-lstm-book-ready="true"> once the
// page has loaded, every plotly figure and every explorable has set its own
// data-ready, and MathJax has typeset the maths. Browser tests wait for it
// instead of guessing from network activity or sleeping. If a chart or an
// explorable could not be drawn (data-ready="error"), the signal is "error".
(function () {
  "use strict";
  var PARTS = "div.lstm-book-plotly, div.lstm-explorable";
  function mathDone() {
    var mj = window.MathJax;
    if (!document.querySelector("script[src*='mathjax']")) return Promise.resolve();
    if (mj && mj.startup && mj.startup.promise) return mj.startup.promise;
    return new Promise(function (resolve) { setTimeout(function () { resolve(mathDone()); }, 25); });
  }
  function settled() {
    return Array.prototype.every.call(document.querySelectorAll(PARTS), function (el) {
      return el.dataset.ready === "true" || el.dataset.ready === "error";
    });
  }
  function whenDrawn() {
    return new Promise(function (resolve) {
      (function check() { if (settled()) resolve(); else requestAnimationFrame(check); })();
    });
  }
  window.addEventListener("load", function () {
    Promise.all([mathDone(), whenDrawn()]).then(function () {
      var failed = document.querySelector("div.lstm-book-plotly[data-ready='error'], div.lstm-explorable[data-ready='error']");
      document.documentElement.dataset.lstmBookReady = failed ? "error" : "true";
    });
  });
})();
