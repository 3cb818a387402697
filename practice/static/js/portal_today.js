/*
 * The portal's Today page: "Done" and "Undo" save without leaving the place on the page.
 *
 * Without this script each form posts and the server sends the page back scrolled to the
 * exercise, its card saying what was saved. With it, the form is sent in the background and
 * only that card and the day's progress are swapped for the server's new ones, so nothing
 * moves under a tired hand; the card's message then takes the focus (it is read out).
 * Anything unexpected (no connection, the sign-in ended) falls back to the ordinary post.
 */
(function () {
  "use strict";

  if (!document.querySelector("[data-today]") || !window.fetch || !window.DOMParser) {
    return;
  }

  function keepOpen(oldCard, newCard) {
    const before = oldCard.querySelectorAll("details");
    newCard.querySelectorAll("details").forEach((details, index) => {
      if (before[index] && before[index].open && details.classList.contains("today-instructions")) {
        details.open = true;
      }
    });
  }

  async function sendInPlace(form, card) {
    const response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
    });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const newCard = page.getElementById(card.id);
    if (!response.ok || !newCard || !page.querySelector("[data-today]")) {
      return false;
    }
    // A message for the whole page (a refusal, say) is shown on the card the tap came from.
    page.querySelectorAll("main > .alert").forEach((notice) => {
      notice.classList.add("item-feedback", "mt-2", "mb-0");
      const undo = newCard.querySelector(".undo-form");
      newCard.insertBefore(notice, undo);
    });
    keepOpen(card, newCard);
    card.replaceWith(newCard);
    const progress = document.getElementById("day-progress");
    const newProgress = page.getElementById("day-progress");
    if (progress && newProgress) {
      progress.replaceWith(newProgress);
    }
    const message = newCard.querySelector(".item-feedback");
    if (message) {
      message.setAttribute("tabindex", "-1");
      message.focus({ preventScroll: true });
    }
    return true;
  }

  // On the window, after app.js: its double-submit guard and the form owner come first.
  window.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || !form.matches(".done-form, .undo-form")) {
      return;
    }
    const card = form.closest(".today-item");
    if (!card) {
      return;
    }
    event.preventDefault();
    sendInPlace(form, card).catch(() => false).then((done) => {
      if (!done) {
        form.submit();
      }
    });
  });
})();
