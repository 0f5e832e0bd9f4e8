/* wagtail-social: the usage charter, asked for in a dialog. Every script of the suite sends
   its actions with fetch() and the "X-Wagtail-Social: 1" header; an endpoint answers such a
   request from a person who has not accepted the current charter with a 403
   {"charter_required": true, "charter": {...}}. This script, loaded once per page, watches
   those answers: it shows the charter in a modal dialog (labelled by its title, focus kept
   inside, Escape or "Not now" closes it and the action is not sent), and once the person
   accepts, sends the same request again and hands its answer to the script that asked, which
   goes on as if the charter had never been asked for. Without this script the endpoints keep
   the action server-side and send the person to the charter's page instead. */
(function () {
  "use strict";
  if (window.wagtailSocialCharter || !window.fetch || !window.Promise) { return; }
  var originalFetch = window.fetch.bind(window);
  var counter = 0;
  window.wagtailSocialCharter = true;

  function isOurs(init) {
    if (!init || !init.headers || String(init.method || "GET").toUpperCase() !== "POST") { return false; }
    var headers = init.headers;
    var value = typeof headers.get === "function" ? headers.get("X-Wagtail-Social") : headers["X-Wagtail-Social"];
    return value === "1";
  }

  function csrfToken(init) {
    if (init.body && typeof init.body.get === "function" && init.body.get("csrfmiddlewaretoken")) {
      return init.body.get("csrfmiddlewaretoken");
    }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) { return field.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function focusables(dialog) {
    return Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button:not([disabled]), input, textarea, select, [tabindex]:not([tabindex='-1'])"),
      function (el) { return el.offsetParent !== null || el === document.activeElement; }
    );
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  // Shows the charter; resolves true once accepted (and recorded), false when dismissed.
  function ask(charter, token) {
    return new Promise(function (resolve) {
      var opener = document.activeElement;
      var id = "social-charter-dialog-" + (++counter);
      var dialog = element("dialog", "social-charter-dialog");
      dialog.setAttribute("aria-labelledby", id + "-title");
      dialog.setAttribute("aria-describedby", id + "-intro");
      var title = element("h2", "social-charter-dialog__title", charter.title);
      title.id = id + "-title";
      var intro = element("p", "social-charter-dialog__intro", charter.intro);
      intro.id = id + "-intro";
      var text = element("div", "social-charter-dialog__text");
      text.setAttribute("role", "region");
      text.setAttribute("aria-labelledby", id + "-title");
      text.tabIndex = 0;  // a scrolling region must be reachable with the keyboard
      // Inline, as the suite's stylesheet may not be on the page (a poll alone): hosts restyle
      // the classes.
      dialog.style.maxWidth = "min(40rem, 92vw)";
      text.style.maxHeight = "50vh";
      text.style.overflow = "auto";
      text.innerHTML = charter.html;  // the charter's rich text, written by the site's editors
      var status = element("p", "social-charter-dialog__status");
      status.setAttribute("role", "alert");
      var actions = element("p", "social-form__actions");
      var accept = element("button", "social-button", charter.accept_label);
      accept.type = "button";
      var cancel = element("button", "social-button social-button--secondary", charter.cancel_label);
      cancel.type = "button";
      actions.appendChild(accept);
      actions.appendChild(cancel);
      [title, intro, text, status, actions].forEach(function (el) { dialog.appendChild(el); });
      document.body.appendChild(dialog);
      var settled = false;

      function finish(accepted) {
        if (settled) { return; }
        settled = true;
        if (dialog.open) { dialog.close(); }
        dialog.remove();
        if (opener && typeof opener.focus === "function" && document.contains(opener)) { opener.focus(); }
        resolve(accepted);
      }

      dialog.addEventListener("cancel", function (event) { event.preventDefault(); finish(false); });
      dialog.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { event.preventDefault(); finish(false); return; }
        if (event.key !== "Tab") { return; }
        var items = focusables(dialog);
        if (!items.length) { return; }
        var first = items[0], last = items[items.length - 1];
        if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
        else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
      });
      cancel.addEventListener("click", function () { finish(false); });
      accept.addEventListener("click", function () {
        var body = new FormData();
        body.set("version", charter.version);
        body.set("csrfmiddlewaretoken", token);
        accept.disabled = true;
        originalFetch(charter.accept_url, {
          method: "POST",
          body: body,
          headers: { "X-Wagtail-Social": "1", "X-CSRFToken": token },
          credentials: "same-origin",
        }).then(function (response) {
          return response.json().then(function (data) { return { status: response.status, data: data }; });
        }).then(function (result) {
          if (result.data.ok) { finish(true); return; }
          if (result.data.charter_required) {  // a newer version meanwhile: show it instead
            charter = result.data.charter;
            title.textContent = charter.title;
            text.innerHTML = charter.html;
            status.textContent = result.data.message || "";
            text.focus();
            return;
          }
          status.textContent = result.data.message || charter.error;
        }).catch(function () {
          status.textContent = charter.error;
        }).finally(function () { accept.disabled = false; });
      });
      dialog.showModal();
      title.tabIndex = -1;
      title.focus();
    });
  }

  window.fetch = function (input, init) {
    var sent = originalFetch(input, init);
    if (!isOurs(init)) { return sent; }
    return sent.then(function (response) {
      if (response.status !== 403) { return response; }
      return response.clone().json().then(function (data) {
        if (!data || !data.charter_required || !data.charter) { return response; }
        return ask(data.charter, csrfToken(init)).then(function (accepted) {
          return accepted ? originalFetch(input, init) : response;
        });
      }, function () { return response; });
    });
  };
})();
