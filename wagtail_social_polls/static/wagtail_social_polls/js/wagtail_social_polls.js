/* wagtail-social polls, progressive enhancement. Without this script a vote is a plain form
   POST answered by a redirect back to the poll; with it, the vote is sent in the background,
   the poll is replaced by the server's fresh rendering (results, errors tied to the choices)
   and the outcome is announced through the poll's live region. */
(function () {
  "use strict";

  function announce(root, message) {
    var status = root && root.querySelector("[data-social-poll-status]");
    if (status) { status.textContent = ""; window.setTimeout(function () { status.textContent = message; }, 50); }
  }

  function replace(root, html) {
    if (!html) { return root; }
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("[data-social-poll]");
    if (!fresh) { return root; }
    root.replaceWith(fresh);
    return fresh;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-social-poll-form") || !window.fetch) { return; }
    var root = form.closest("[data-social-poll]");
    if (!root) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Wagtail-Social": "1" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      var fresh = replace(root, data.html);
      if (fresh === root && button) { button.disabled = false; }  // nothing new to show (e.g. logged out)
      announce(fresh, data.message || fresh.getAttribute("data-generic-error"));
      var invalid = !data.ok && fresh.querySelector("[aria-invalid=true] input");
      if (invalid) {
        invalid.focus();
      } else if (fresh !== root && (!document.activeElement || document.activeElement === document.body)) {
        // The focused button went away with the old poll: keep the keyboard in the poll
        // instead of sending it back to the top of the page.
        if (!fresh.hasAttribute("tabindex")) { fresh.setAttribute("tabindex", "-1"); }
        fresh.focus();
      }
    }).catch(function () {
      announce(root, root.getAttribute("data-generic-error"));
      if (button) { button.disabled = false; }
    });
  });
})();
