// One signal that the page is drawn: <html data-lstm-book-ready="true"> once the
// page has loaded, every plotly figure and every explorable has set its own
// data-ready, and MathJax has typeset the maths. Browser tests wait for it
// instead of guessing from network activity or sleeping.
(function () {
  "use strict";
  function mathDone() {
    var mj = window.MathJax;
    if (!document.querySelector("script[src*='mathjax']")) return Promise.resolve();
    if (mj && mj.startup && mj.startup.promise) return mj.startup.promise;
    return new Promise(function (resolve) { setTimeout(function () { resolve(mathDone()); }, 25); });
  }
  function drawn() {
    var pending = document.querySelectorAll(
      "div.lstm-book-plotly:not([data-ready='true']), div.lstm-explorable:not([data-ready='true'])");
    return pending.length === 0;
  }
  function whenDrawn() {
    return new Promise(function (resolve) {
      (function check() { if (drawn()) resolve(); else requestAnimationFrame(check); })();
    });
  }
  window.addEventListener("load", function () {
    Promise.all([mathDone(), whenDrawn()]).then(function () {
      document.documentElement.dataset.lstmBookReady = "true";
    });
  });
})();
