// Note snippets beside a note (templates/snippets/_panel.html): a click puts a snippet's text
// into the note field last typed in, at the cursor; "/shortcut" then Tab does the same from the
// keyboard (Tab goes on as usual when nothing matches). Without JavaScript the texts are listed.
(() => {
  "use strict";
  const panel = document.querySelector("[data-snippets]");
  if (!panel) return;
  const form = panel.closest("form") || document.querySelector("form[data-session-form]");
  if (!form) return;
  const status = panel.querySelector("[data-snippets-status]");
  const items = [...panel.querySelectorAll("[data-snippet]")];
  let target = form.querySelector("textarea");

  panel.querySelectorAll("[data-snippet-insert]").forEach((button) => { button.hidden = false; });
  panel.querySelectorAll("[data-snippet-title]").forEach((title) => { title.hidden = true; });
  const jsHelp = panel.querySelector("[data-snippets-js-help]");
  if (jsHelp) jsHelp.hidden = false;

  function put(textarea, text, start, end) {
    textarea.focus();
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));  // autosave sees it
  }

  function say(message) {
    if (status) status.textContent = message;
  }

  form.addEventListener("focusin", (event) => {
    if (event.target.tagName === "TEXTAREA") target = event.target;
  });

  panel.addEventListener("click", (event) => {
    const button = event.target.closest("[data-snippet-insert]");
    if (!button || !target) return;
    const item = button.closest("[data-snippet]");
    const text = item.querySelector("[data-snippet-text]").textContent;
    put(target, text, target.selectionStart, target.selectionEnd);
    say(`Put “${button.textContent.trim()}” into ${target.labels[0] ? target.labels[0].textContent.trim() : "the note"}.`);
  });

  form.addEventListener("keydown", (event) => {
    const field = event.target;
    if (event.key !== "Tab" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey ||
        field.tagName !== "TEXTAREA" || field.selectionStart !== field.selectionEnd) return;
    const before = field.value.slice(0, field.selectionStart);
    const typed = before.match(/(^|\s)\/([a-z0-9][a-z0-9-]*)$/i);
    if (!typed) return;
    const item = items.find((entry) => entry.dataset.snippetShortcut === typed[2].toLowerCase());
    if (!item) return;
    event.preventDefault();
    const start = field.selectionStart - typed[2].length - 1;
    put(field, item.querySelector("[data-snippet-text]").textContent, start, field.selectionStart);
    say(`Put “${item.querySelector("[data-snippet-insert]").textContent.trim()}” into the note.`);
  });
})();
