/* The controls' labels typeset with the site's MathJax (docs/book.md).

   The widget manager of ipywidgets 8 (static/vendor/html-manager/embed.js) typesets a control's
   description with MathJax 2's call, MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the
   site serves MathJax 3, which has no Hub, so every labelled slider would throw. This file runs
   after MathJax 3's script and before the widget manager's (conf.py orders them) and answers
   that call with MathJax 3's typesetPromise. */
(function () {
  "use strict";
  var mathjax = window.MathJax;
  if (!mathjax || !mathjax.startup) { return; }
  mathjax.Hub = {
    Queue: function (job) {
      var element = job[2];
      mathjax.startup.promise.then(function () {
        return mathjax.typesetPromise([element]);
      }).catch(function (error) { console.error("MathJax could not typeset a control", error); });
    }
  };
}());
