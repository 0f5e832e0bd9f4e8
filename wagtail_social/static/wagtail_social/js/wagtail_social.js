/* wagtail-social progressive enhancement. Without this script every action is a plain form
   POST or link; with it, posting, replying, reporting and paging happen in place and the
   result is announced to screen readers through the block's live region. */
(function () {
  "use strict";

  function block(el) { return el.closest("[data-social-discussion]"); }

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
    });
  }

  function refresh(root, pageNumber, focusId, message) {
    var url = root.getAttribute("data-fragment-url") + "?comments_page=" + (pageNumber || 1);
    return send(url).then(function (response) { return response.text(); }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("[data-social-discussion]");
      if (!fresh) { return; }
      root.replaceWith(fresh);
      if (message) { announce(fresh, message); }
      var target = focusId && document.getElementById(focusId);
      if (target) { target.focus(); } else if (!message) { var title = fresh.querySelector(".social__title"); title.setAttribute("tabindex", "-1"); title.focus(); }
    });
  }

  // Reactions change in place: the pressed state and the counts come back from the server.
  function react(event, form, root) {
    var button = event.submitter;
    if (!button || !button.name) { return; }
    event.preventDefault();
    var data = new FormData(form);
    data.set(button.name, button.value);
    button.disabled = true;
    send(form.action, data).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (!result.body.ok) { announce(root, result.body.message || root.getAttribute("data-generic-error")); return; }
      result.body.reactions.forEach(function (item) {
        var target = form.querySelector('button[value$=":' + item.kind + '"]');
        if (!target) { return; }
        target.value = (item.pressed ? "remove:" : "add:") + item.kind;
        target.setAttribute("aria-pressed", item.pressed ? "true" : "false");
        // A count of zero is not shown: the button turns quiet, as the server renders it.
        var count = target.querySelector(".social-reaction__count");
        if (item.count && !count) {
          count = document.createElement("span");
          count.className = "social-reaction__count";
          target.appendChild(document.createTextNode(" "));
          target.appendChild(count);
        }
        if (count) { count.textContent = item.count; if (!item.count) { count.remove(); } }
        target.classList.toggle("social-reaction--quiet", !item.count);
      });
    }).catch(function () {
      announce(root, root.getAttribute("data-generic-error"));
    }).finally(function () { button.disabled = false; button.focus(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var root = block(form);
    if (!root || !window.fetch) { return; }
    var isComment = form.hasAttribute("data-social-form");
    var isFlag = form.hasAttribute("data-social-flag");
    if (form.hasAttribute("data-social-reactions")) { react(event, form, root); return; }
    if (!isComment && !isFlag) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    send(form.action, new FormData(form)).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      var data = result.data;
      if (data.ok) {
        return refresh(root, data.page, "comment-" + data.id, data.message);
      }
      if (data.form) {
        // The form now says what is wrong: an earlier "published" announcement must not stand beside it.
        var status = root.querySelector("[data-social-status]");
        if (status) { status.textContent = ""; }
        var holder = document.createElement("div");
        holder.innerHTML = data.form;
        var fresh = holder.querySelector("form");
        form.replaceWith(fresh);
        var invalid = fresh.querySelector("[aria-invalid=true]") || fresh.querySelector("textarea");
        if (invalid) { invalid.focus(); }
        return;
      }
      if (result.status === 401 && data.message) { announce(root, data.message); return; }
      announce(root, data.message || root.getAttribute("data-generic-error"));
    }).catch(function () {
      announce(root, form.getAttribute("data-error-message") || "Network error: nothing was sent. Try again.");
    }).finally(function () { if (button) { button.disabled = false; } });
  });

  // Closes the reply box holding `el` and puts the focus back on its comment.
  function closeReply(el) {
    var holder = el.closest(".social-comment__reply");
    if (!holder) { return false; }
    var li = holder.closest(".social-comment");
    holder.remove();
    if (li) { li.focus(); }
    return true;
  }

  // Without this script, "Cancel" under a reply box is a link to the page without it; with
  // the script it only closes the box, so it is a button.
  document.querySelectorAll("a[data-social-cancel]").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "social-link";
    button.setAttribute("data-social-cancel", "");
    button.textContent = link.textContent;
    link.replaceWith(button);
  });

  // Escape closes the reply box, like "Cancel", and an open report form (a comment's, or a
  // contribution's beside the discussion), giving the focus back to its "Report" button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || !event.target.closest) { return; }
    var report = event.target.closest("details[data-social-report][open]");
    if (report) {
      report.open = false;
      report.querySelector("summary").focus();
      event.preventDefault();
      return;
    }
    if (!block(event.target)) { return; }
    if (closeReply(event.target)) { event.preventDefault(); }
  });

  // Opening a report form moves the focus to its reasons (the one chosen, else the first).
  document.addEventListener("toggle", function (event) {
    var report = event.target;
    if (!report.matches || !report.matches("details[data-social-report]") || !report.open) { return; }
    var reason = report.querySelector("input[name=reason]:checked") || report.querySelector("input[name=reason]");
    if (reason) { reason.focus(); }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-social-reply], a[data-social-page], [data-social-cancel]");
    var root = link && block(link);
    if (!root) { return; }
    if (link.hasAttribute("data-social-page")) {
      event.preventDefault();
      refresh(root, link.getAttribute("data-social-page"));
      return;
    }
    if (link.hasAttribute("data-social-cancel")) {
      if (closeReply(link)) { event.preventDefault(); }
      return;
    }
    // Reply: put a copy of the main form under the comment, pointed at it.
    // The block's own form comes before the comments (and so before any reply form) in it.
    var main = root.querySelector("form[data-social-form]");
    if (!main) { return; }
    event.preventDefault();
    var commentId = link.getAttribute("data-social-reply");
    var article = link.closest("article");
    var existing = root.querySelector(".social-comment__reply");
    if (existing) { existing.remove(); }
    var wrapper = document.createElement("div");
    wrapper.className = "social-comment__reply";
    wrapper.id = "reply-" + commentId;
    var form = main.cloneNode(true);
    form.id = "reply-form";
    form.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(main.id, "reply-form"); });
    form.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace(main.id, "reply-form"); });
    form.querySelector("[name=reply_to]").value = commentId;
    var textarea = form.querySelector("textarea");
    textarea.value = "";
    var label = form.querySelector("label[for=" + textarea.id + "]");
    if (label) { label.textContent = link.getAttribute("aria-label") || label.textContent; }
    form.querySelectorAll(".social-form__error").forEach(function (el) { el.remove(); });
    var submit = form.querySelector("button[type=submit]");
    if (submit && submit.getAttribute("data-reply-label")) { submit.textContent = submit.getAttribute("data-reply-label"); }
    var actions = form.querySelector(".social-form__actions");
    if (actions && !actions.querySelector("[data-social-cancel]")) {
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "social-link";
      cancel.setAttribute("data-social-cancel", "");
      cancel.textContent = main.getAttribute("data-cancel-label") || "Cancel";
      actions.appendChild(cancel);
    }
    wrapper.appendChild(form);
    article.appendChild(wrapper);
    textarea.focus();
  });
})();
