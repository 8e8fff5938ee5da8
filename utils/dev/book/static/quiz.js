/* The practice quizzes on the book's pages, with no kernel (docs/book.md).

   utils/dev/book/quizzes.py writes each quiz's HTML (questions and lettered options, no answers)
   and, in a <script type="application/json">, the feedback of every answer as the notebook's quiz
   widget draws it (utils.quiz.grade, utils.quiz.widget.feedback_html): per option for a
   single-choice question, per set of options for a multiple-choice one. A typed number cannot be
   listed ahead: this file parses it as utils.quiz.grading.parse_number does, compares it as
   utils.quiz.files.within does and writes it as Python's format(x, "g"), then fills in the
   frames Python made. The behaviour is the widget's: a letter of a single-choice question is
   checked at once; ticking a multiple-choice option or changing a typed number clears the
   feedback until Check (or Enter); the score line counts the answers checked right; Reset
   clears everything. Plain JavaScript, no library. */
(function () {
  "use strict";

  var FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  var NOT_FINITE = /^[+-]?(inf|infinity|nan)$/i;

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function fill(frame, marker, text) {     // a function replacement: no "$&" patterns
    return frame.replace(marker, function () { return text; });
  }

  /* utils.quiz.grading.parse_number: {value} or {problem} (a kind of PROBLEMS, or null). */
  function parseNumber(text) {
    var cleaned = text.trim().replace(/ /g, "").replace(/_/g, "");
    if (!cleaned) { return {value: null, problem: null}; }
    if (cleaned.indexOf(",") >= 0) { return {value: null, problem: "comma"}; }
    if (cleaned.charAt(cleaned.length - 1) === "%") { return {value: null, problem: "percent"}; }
    if (NOT_FINITE.test(cleaned)) { return {value: null, problem: "not_finite"}; }
    if (!FLOAT.test(cleaned)) { return {value: null, problem: "not_a_number"}; }
    var value = Number(cleaned);
    return isFinite(value) ? {value: value} : {value: null, problem: "not_finite"};
  }

  /* Python's format(value, "g"): six significant digits, exponent form below 1e-4 or from 1e6. */
  function formatG(value) {
    if (value === 0) { return 1 / value < 0 ? "-0" : "0"; }
    var parts = value.toExponential(5).split("e");
    var exponent = parseInt(parts[1], 10);
    if (exponent < -4 || exponent >= 6) {
      var mantissa = parts[0].replace(/\.?0+$/, "");
      var digits = String(Math.abs(exponent));
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + (digits.length < 2 ? "0" : "") + digits;
    }
    var fixed = value.toFixed(5 - exponent);
    return fixed.indexOf(".") >= 0 ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  }

  /* utils.quiz.files.within */
  function within(value, target, tolerance) {
    var kind = Object.keys(tolerance)[0];
    var allowed = kind === "absolute" ? tolerance[kind] : tolerance[kind] * Math.abs(target);
    return Math.abs(value - target) <= allowed + 1e-12 * Math.max(1, Math.abs(target));
  }

  function gradeNumber(question, text, problems) {
    var parsed = parseNumber(text);
    if (parsed.value === null) {
      if (parsed.problem === null) { return question.none; }
      return {result: null, html: fill(problems[parsed.problem], "@@TEXT@@", escapeHtml(text.trim()))};
    }
    var value = parsed.value;
    if (within(value, question.answer, question.tolerance)) { return question.right; }
    var typical = question.typical.filter(function (t) {
      return within(value, t[0], question.tolerance);
    }).map(function (t) { return t[1]; }).join("");
    var html = fill(question.wrong, "@@VALUE@@", formatG(value));
    html = fill(html, "@@SIDE@@", value > question.answer ? "too high" : "too low");
    return {result: false, html: fill(html, "<p>@@TYPICAL@@</p>", typical)};
  }

  function typeset(element) {
    var mathjax = window.MathJax;
    if (!mathjax || !mathjax.startup || !mathjax.startup.promise) { return; }
    mathjax.startup.promise.then(function () {
      mathjax.typesetClear([element]);
      return mathjax.typesetPromise([element]);
    }).catch(function (error) { console.error("MathJax could not typeset a quiz answer", error); });
  }

  function Card(element, question, quiz) {
    this.element = element;
    this.question = question;
    this.quiz = quiz;
    this.result = null;
    this.options = Array.prototype.slice.call(element.querySelectorAll(".nn-book-option"));
    this.entry = element.querySelector(".nn-book-entry");
    this.feedback = element.querySelector(".nn-book-feedback");
    var card = this;
    this.options.forEach(function (button) {
      button.addEventListener("click", function () { card.choose(button); });
    });
    if (this.entry) {
      this.entry.addEventListener("change", function () { card.entered(); });
      this.entry.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { card.check(); }
      });
    }
    element.querySelector(".nn-book-check").addEventListener("click", function () { card.check(); });
  }

  Card.prototype.chosen = function () {
    return this.options.filter(function (b) { return b.getAttribute("aria-checked") === "true"; })
      .map(function (b) { return b.getAttribute("data-option"); });
  };

  Card.prototype.choose = function (button) {
    if (this.question.kind === "single") {
      this.options.forEach(function (b) { b.setAttribute("aria-checked", String(b === button)); });
      this.check();
    } else {
      var on = button.getAttribute("aria-checked") === "true";
      button.setAttribute("aria-checked", String(!on));
      this.clear();
    }
  };

  Card.prototype.entered = function () {
    if (this.entry.value.trim()) { this.check(); } else { this.clear(); }
  };

  Card.prototype.answer = function () {
    var q = this.question;
    if (q.kind === "numeric") { return gradeNumber(q, this.entry.value, this.quiz.data.problems); }
    var chosen = this.chosen();
    return chosen.length ? q.responses[chosen.join(",")] : q.none;
  };

  Card.prototype.check = function () {
    var answer = this.answer();
    this.show(answer.result, answer.html);
  };

  Card.prototype.clear = function () { this.show(null, ""); };

  Card.prototype.show = function (result, html) {
    this.result = result;
    this.feedback.innerHTML = html;
    if (html) { typeset(this.feedback); }
    this.quiz.score();
  };

  Card.prototype.reset = function () {
    this.options.forEach(function (b) { b.setAttribute("aria-checked", "false"); });
    if (this.entry) { this.entry.value = ""; }
    this.clear();
  };

  function Quiz(element) {
    this.element = element;
    this.data = JSON.parse(element.querySelector("script.nn-book-quiz-data").textContent);
    this.scoreLine = element.querySelector(".nn-book-score");
    var quiz = this;
    var cards = element.querySelectorAll(".nn-book-question");
    this.cards = this.data.questions.map(function (question, i) {
      return new Card(cards[i], question, quiz);
    });
    element.querySelector(".nn-book-reset").addEventListener("click", function () {
      quiz.cards.forEach(function (card) { card.reset(); });
    });
    element.classList.add("nn-book-ready");
    this.score();
  }

  Quiz.prototype.score = function () {
    var right = 0, wrong = 0;
    this.cards.forEach(function (card) {
      if (card.result === true) { right += 1; }
      if (card.result === false) { wrong += 1; }
    });
    this.scoreLine.innerHTML = this.data.scores[right + "," + wrong];
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".nn-book-quiz"), function (element) {
      element.nnBookQuiz = new Quiz(element);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.nnBookQuiz = {parseNumber: parseNumber, formatG: formatG, gradeNumber: gradeNumber};
}());
