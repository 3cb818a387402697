// Warns two minutes before the sign-in ends for lack of activity, and offers to stay signed in.
// The page says how long is left (meta tags from templates/auth/_session_timeout.html); before
// warning, the server is asked again, as another tab may have been in use meanwhile. Nothing
// typed is touched: should the sign-in end, saving keeps it for after signing in again
// (practice/core/kept_forms.py). No inline script or style: the CSP forbids them.
(() => {
  "use strict";
  const WARN_SECONDS = 120;
  const read = (name) => {
    const tag = document.querySelector(`meta[name="${name}"]`);
    return tag ? tag.getAttribute("content") : null;
  };
  const initial = read("session-seconds-left");
  if (initial === null) return;
  const keepAliveUrl = read("session-keep-alive");
  const statusUrl = read("session-status");
  const token = read("csrf-token");

  let endsAt = Date.now() + Number(initial) * 1000;
  let canStay = read("session-can-stay") !== "false";
  let timer = null;
  let banner = null;

  const secondsLeft = () => Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  const inWords = (seconds) => {
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  };

  function makeBanner() {
    const box = document.createElement("div");
    box.className = "alert alert-warning shadow position-fixed bottom-0 start-50 " +
      "translate-middle-x mb-3 d-flex flex-wrap align-items-center gap-2 z-3";
    box.setAttribute("role", "alert");
    const message = document.createElement("span");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-primary";
    button.textContent = "Stay signed in";
    button.addEventListener("click", stay);
    box.appendChild(message);
    box.appendChild(button);
    document.body.appendChild(box);
    return {box, message, button};
  }

  function show(text, offerToStay) {
    banner = banner || makeBanner();
    banner.message.textContent = text;
    banner.button.hidden = !offerToStay;
    banner.box.hidden = false;
  }

  function hide() {
    if (banner) banner.box.hidden = true;
  }

  function signedOut() {
    clearTimeout(timer);
    show("You have been signed out. Anything you save now is kept for you until you sign in " +
         "again.", false);
  }

  // The server's answer: a JSON {seconds_left, can_stay}, or null once signed out (the request
  // is then redirected to sign in).
  function answer(response) {
    if (!response.ok || response.type === "opaqueredirect") return null;
    return response.json().catch(() => null);
  }

  function update(data) {
    if (!data || data.seconds_left <= 0) {
      signedOut();
      return;
    }
    endsAt = Date.now() + data.seconds_left * 1000;
    canStay = data.can_stay;
    clearTimeout(timer);
    if (secondsLeft() > WARN_SECONDS) {
      hide();
      timer = setTimeout(check, (secondsLeft() - WARN_SECONDS) * 1000);
    } else {
      warn();
    }
  }

  function warn() {
    const left = secondsLeft();
    if (left <= 0) {
      check();
      return;
    }
    if (canStay) {
      show(`You will be signed out in ${inWords(left)}`, true);
    } else {
      show(`You will be signed out in ${inWords(left)}: a sign-in lasts at most 12 hours. ` +
           "Save your work, then sign in again.", false);
    }
    timer = setTimeout(warn, Math.min(left, 30) * 1000);
  }

  function check() {
    fetch(statusUrl, {credentials: "same-origin", redirect: "manual",
                      headers: {Accept: "application/json"}})
      .then(answer)
      .then(update)
      .catch(() => (secondsLeft() > 0 ? warn() : signedOut()));
  }

  function stay() {
    fetch(keepAliveUrl, {method: "POST", credentials: "same-origin", redirect: "manual",
                         headers: {Accept: "application/json", "X-CSRFToken": token}})
      .then(answer)
      .then(update)
      .catch(() => warn());
  }

  update({seconds_left: Number(initial), can_stay: canStay});
})();
