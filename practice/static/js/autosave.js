// A draft's form (a session record, an intake) saves itself while it is typed: about 20
// seconds after a change, and when the page is left or hidden. The form still works without
// this script (Save draft). The server side is practice/core/autosave.py.
//
// The form says where to post (data-autosave-url); the answer is JSON: the draft's new
// version, which goes into the hidden "version" field so the page's next autosave or Save
// never conflicts with this one, and the practice time it was saved at. A new record's form
// becomes a draft at its first autosave: the answer then gives the draft's edit and autosave
// URLs, and the form is sent there from then on. Someone else's save, a signed or discarded
// draft, an archived client: the page says why and stops saving by itself; nothing typed is
// touched. No inline script: the CSP allows scripts from this site only.
(() => {
  "use strict";
  const form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) return;
  const status = form.querySelector("[data-autosave-status]");
  const DELAY = 20000;
  const RETRY = 60000;

  let dirty = form.dataset.autosavePending === "1";
  let timer = null;
  let inFlight = null;
  let stopped = false;
  let leaving = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  function schedule(delay = DELAY) {
    if (stopped || leaving || timer) return;
    timer = window.setTimeout(() => {
      timer = null;
      save(false);
    }, delay);
  }

  function changed() {
    dirty = true;
    schedule();
  }

  function payload() {
    const data = new FormData(form);
    // Whose typing this is, should the sign-in have ended (as app.js adds on submit).
    const owner = document.querySelector('meta[name="form-owner"]');
    if (owner && !data.has("form_owner")) data.append("form_owner", owner.content);
    return data;
  }

  function takeAnswer(answer) {
    const version = form.elements.namedItem("version");
    if (version) version.value = answer.version;
    if (answer.autosave_url && answer.autosave_url !== form.dataset.autosaveUrl) {
      // The new record's form is a draft now: save it there from now on.
      form.action = answer.edit_url;
      form.dataset.autosaveUrl = answer.autosave_url;
    }
    say(`Saved at ${answer.saved_at}`);
  }

  async function send(keepalive) {
    let response;
    try {
      response = await fetch(form.dataset.autosaveUrl, {
        method: "POST", body: payload(), credentials: "same-origin", redirect: "manual",
        keepalive, headers: { Accept: "application/json", "X-Autosave": "1" },
      });
    } catch (error) {
      dirty = true;
      say("Not saved automatically (no connection). What you typed is still here.");
      schedule(RETRY);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (response.type === "opaqueredirect" || !type.includes("application/json")) {
      // Signed out, or the form expired: Save draft keeps the typing through sign-in.
      stopped = true;
      dirty = true;
      say("Not saved automatically: you may have been signed out. Save the draft to keep what you typed.");
      return;
    }
    const answer = await response.json();
    if (response.ok) {
      takeAnswer(answer);
    } else if (response.status === 422) {
      dirty = true;  // tried again after the next change
      say(answer.message);
    } else {
      stopped = true;
      dirty = true;
      say(answer.message);
    }
  }

  // One autosave at a time, in order: each one carries the version the previous one returned.
  function save(keepalive) {
    if (!dirty || stopped) return inFlight || Promise.resolve();
    if (inFlight) {
      return inFlight.then(() => save(keepalive));
    }
    dirty = false;
    inFlight = send(keepalive).finally(() => { inFlight = null; });
    return inFlight;
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Save draft, sign, a step button: wait for an autosave on its way, so the form is sent with
  // the version (and to the draft) that autosave produced; then no more autosaving.
  form.addEventListener("submit", (event) => {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (inFlight) {
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = event.submitter;
      say("Saving...");
      inFlight.then(() => form.requestSubmit(submitter && submitter.form === form ? submitter : undefined));
      return;
    }
    leaving = true;
  });

  // Leaving or hiding the page: send what is not saved yet (keepalive outlives the page).
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !leaving) save(true);
  });
  window.addEventListener("pagehide", () => {
    if (!leaving) save(true);
  });
  // Back to this page from the browser's cache: it may be typed in again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) leaving = false;
  });

  if (dirty) schedule();
})();
