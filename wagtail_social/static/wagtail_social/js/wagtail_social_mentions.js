/* @mention name completion for textareas marked data-social-mentions="<people URL>", or inside
 * a form so marked (the contributions' forms, whose textareas are Django widgets).
 * The listbox pattern of a textbox with aria-autocomplete="list": the textarea keeps focus,
 * aria-activedescendant names the highlighted option; ArrowDown/ArrowUp move, Enter or Tab
 * choose, Escape closes. Without JavaScript people type "@username" themselves. */
(function () {
  "use strict";
  var counter = 0;

  function setup(area) {
    if (area.dataset.socialMentionsReady) return;
    var marked = area.closest("[data-social-mentions]");
    if (!marked) return;
    var source = marked.dataset.socialMentions;
    var label = marked.dataset.socialMentionsLabel;
    area.dataset.socialMentionsReady = "1";
    var id = "social-mentions-" + ++counter;
    var list = document.createElement("ul");
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label || "People");
    list.className = "social-mentions";
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "social-visually-hidden";
    status.setAttribute("role", "status");
    area.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", id);
    var people = [], active = -1, start = -1, timer = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      people = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) area.setAttribute("aria-activedescendant", id + "-" + index);
      else area.removeAttribute("aria-activedescendant");
    }
    function choose(index) {
      var person = people[index];
      if (!person) return;
      var before = area.value.slice(0, start) + "@" + person.username + " ";
      area.value = before + area.value.slice(area.selectionStart);
      area.setSelectionRange(before.length, before.length);
      close();
      area.focus();
    }
    function show(found) {
      people = found;
      list.innerHTML = "";
      found.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = person.name + " (@" + person.username + ")";
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = found.length === 0;
      status.textContent = found.length ? found.length + " \u2192 \u2191\u2193" : "";
      highlight(found.length ? 0 : -1);
    }
    function query() {
      var text = area.value.slice(0, area.selectionStart);
      var match = /(^|[^\w@])@([\w.+-]{1,50})$/.exec(text);
      if (!match) return close();
      start = text.length - match[2].length - 1;
      var url = source + "&q=" + encodeURIComponent(match[2]);
      fetch(url, { credentials: "same-origin", headers: { "X-Wagtail-Social": "1" } })
        .then(function (response) { return response.ok ? response.json() : { people: [] }; })
        .then(function (data) { show(data.people || []); })
        .catch(close);
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(query, 200);
    });
    area.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") highlight((active + 1) % people.length);
      else if (event.key === "ArrowUp") highlight((active - 1 + people.length) % people.length);
      else if (event.key === "Enter" || event.key === "Tab") choose(active);
      else if (event.key === "Escape") close();
      else return;
      event.preventDefault();
      event.stopPropagation();
    });
    area.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function scan(root) {
    (root || document)
      .querySelectorAll("textarea[data-social-mentions], [data-social-mentions] textarea")
      .forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(); });
  new MutationObserver(function () { scan(); }).observe(document.documentElement, { childList: true, subtree: true });
})();
