/* Guanxi web UI behaviour. Kept out of the HTML so the CSP can forbid inline scripts. */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  document.documentElement.classList.add("js");

  // htmx requests carry the CSRF token in a header (forms also carry it as a field)
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (token) { event.detail.headers["X-CSRF-Token"] = token.getAttribute("content"); }
  });

  // the language switcher submits as soon as a language is picked
  document.querySelectorAll("select.auto-submit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // the menu button shows and hides the navigation on narrow screens
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("open", !open);
    });
  }
})();
