/* wagtail-social contributions: progressive enhancement of the contributions block and the idea
   box. Without this script every action is a plain form POST (or GET) and works the same; with
   it, a contribution is submitted in place, a support is toggled in place (count and
   aria-pressed updated), similar contributions are shown under the title while typing, and the
   outcome is announced through the block's live region ([data-social-status]). */
(function () {
  "use strict";

  function block(el) { return el.closest("[data-social-contributions]"); }

  function announce(root, message) {
    var status = root && root.querySelector("[data-social-status]");
    if (status) { status.textContent = ""; window.setTimeout(function () { status.textContent = message; }, 50); }
  }

  function send(url, body) {
    return fetch(url, {
      method: body ? "POST" : "GET",
      body: body || undefined,
      headers: { "X-Wagtail-Social": "1" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function genericError(root) { return (root && root.getAttribute("data-generic-error")) || "Error."; }

  // Errors beside their fields, as the server-rendered form shows them (ids the labels point at).
  function showErrors(form, errors) {
    form.querySelectorAll(".social-form__error[data-social-js]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var first = null;
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector("[name='" + form.id.replace(/-contribution-form$/, "") + "-" + name + "']");
      if (!field) { return; }
      var error = document.createElement("span");
      error.className = "social-form__error";
      error.setAttribute("data-social-js", "");
      error.id = field.id + "-error";
      error.textContent = errors[name].map(function (e) { return e.message; }).join(" ");
      field.parentNode.appendChild(error);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", error.id);
      first = first || field;
    });
    if (first) { first.focus(); }
  }

  // After a submission, the block comes fresh from the page itself (the new contribution first).
  function refresh(root, focusId, message) {
    return fetch(window.location.pathname, { credentials: "same-origin" }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("#" + root.id);
      if (!fresh) { announce(root, message); return; }
      root.replaceWith(fresh);
      announce(fresh, message);
      var target = document.getElementById(focusId);
      if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
    });
  }

  function submitContribution(event, form, root) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    send(form.getAttribute("action"), new FormData(form)).then(function (result) {
      var data = result.data;
      if (data.ok) { return refresh(root, "contribution-" + data.id, data.message); }
      if (data.errors) { showErrors(form, data.errors); return; }
      announce(root, data.message || genericError(root));
    }).catch(function () {
      announce(root, genericError(root));
    }).finally(function () { if (button) { button.disabled = false; } });
  }

  function toggleSupport(event, form, root) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    // The form's "action" input shadows form.action: read the attribute.
    var action = form.querySelector("[name=action]");
    button.disabled = true;
    send(form.getAttribute("action"), new FormData(form)).then(function (result) {
      var data = result.data;
      if (!data.ok) { announce(root, data.message || genericError(root)); return; }
      action.value = data.supported ? "remove" : "add";
      button.setAttribute("aria-pressed", data.supported ? "true" : "false");
      button.textContent = button.getAttribute(data.supported ? "data-label-remove" : "data-label-add");
      var count = form.closest(".social-contribution__supports").querySelector(".social-contribution__count");
      if (count && data.count_label) { count.textContent = data.count_label; }
      announce(root, data.message);
    }).catch(function () {
      announce(root, genericError(root));
    }).finally(function () { button.disabled = false; button.focus(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var root = block(form);
    if (!root || !window.fetch || !window.FormData) { return; }
    if (form.classList.contains("social-contribution-form")) { submitContribution(event, form, root); }
    else if (form.hasAttribute("data-social-support")) { toggleSupport(event, form, root); }
  });

  // Similar contributions under the title while typing (debounced; the region is aria-live).
  var timers = new WeakMap();
  document.addEventListener("input", function (event) {
    var input = event.target;
    var form = input.form;
    if (!form || !form.hasAttribute("data-similar-url") || !/-title$/.test(input.name)) { return; }
    var region = form.querySelector("[data-social-similar]");
    if (!region || !window.fetch) { return; }
    window.clearTimeout(timers.get(input));
    timers.set(input, window.setTimeout(function () {
      var query = input.value.trim();
      if (query.length < 3) { region.innerHTML = ""; return; }
      var params = new URLSearchParams({
        page: form.querySelector("[name=page]").value,
        kind: form.querySelector("[name=kind]").value,
        q: query,
      });
      send(form.getAttribute("data-similar-url") + "?" + params.toString()).then(function (result) {
        if (input.value.trim() !== query) { return; }  // an answer to an older text
        region.innerHTML = result.data.ok ? result.data.html : "";
      }).catch(function () { region.innerHTML = ""; });
    }, 350));
  });
})();
