// Case audits save as the auditor types. The form still works without this script: "Save draft"
// and "Submit for moderation" are ordinary buttons. With it, answers are posted to the autosave
// URL a second after typing stops (and at once when a choice changes), and a copy is kept in
// this browser, so nothing is lost if the session has ended: the copy is put back next time.
//
// The copy holds what the auditor wrote about a child, so it is kept no longer than needed: it
// is removed once the server has a newer save, and when the audit can no longer be edited.
for (const closed of document.querySelectorAll("[data-forget-audit-key]")) {
  try {
    window.localStorage.removeItem(closed.dataset.forgetAuditKey);
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

const wrapper = document.querySelector("[data-audit-form]");
const form = wrapper ? wrapper.querySelector("form[data-autosave-url]") : null;

if (form) {
  const status = document.querySelector("[data-autosave-status]");
  const storageKey = wrapper.dataset.auditKey;
  const savedOnServer = wrapper.dataset.lastSaved ? Date.parse(wrapper.dataset.lastSaved) : 0;
  const TYPING_PAUSE_MS = 1000;
  let timer = null;
  let saving = false;
  let changedSinceSave = false;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  const answers = () =>
    [...new FormData(form)].filter(([name]) => name !== "csrfmiddlewaretoken");

  const keepInBrowser = () => {
    try {
      window.localStorage.setItem(
        storageKey,
        JSON.stringify({ at: Date.now(), answers: answers() }),
      );
    } catch {
      // Private browsing or a full store: the server copy is still saved.
    }
  };

  const putBackKeptAnswers = () => {
    let kept = null;
    try {
      kept = JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch {
      return;
    }
    if (!kept) return;
    if (kept.at <= savedOnServer) {
      try {
        window.localStorage.removeItem(storageKey);
      } catch {
        // Nothing to tidy.
      }
      return;
    }
    const has = (name, value) => kept.answers.some(([n, v]) => n === name && v === value);
    for (const element of form.elements) {
      if (!element.name || element.name === "csrfmiddlewaretoken") continue;
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = has(element.name, element.value);
      } else if (element.tagName === "TEXTAREA" || element.type === "text") {
        const found = kept.answers.find(([n]) => n === element.name);
        if (found) element.value = found[1];
      }
    }
    say("Answers you typed after the last save were kept in this browser and have been put back. They are being saved now.");
    changedSinceSave = true;
    schedule(0);
  };

  const save = async () => {
    if (saving) {
      schedule(TYPING_PAUSE_MS);
      return;
    }
    saving = true;
    changedSinceSave = false;
    say("Saving…");
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
      if (!isJson) {
        say("You have been signed out, so your latest answers could not be saved. They are kept in this browser: sign in again, then come back to this page to carry on.");
        return;
      }
      const result = await response.json();
      if (result.saved) {
        say(`Draft saved at ${result.saved_at_text}.`);
        if (!changedSinceSave) {
          try {
            window.localStorage.removeItem(storageKey);
          } catch {
            // Nothing to tidy.
          }
        }
      } else {
        say(`Not saved: ${result.error}`);
      }
    } catch {
      say("Could not reach the service, so your latest answers are kept in this browser. They will be saved when you next change something, or use Save draft.");
    } finally {
      saving = false;
    }
  };

  const schedule = (delay) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  };

  form.addEventListener("input", () => {
    changedSinceSave = true;
    keepInBrowser();
    schedule(TYPING_PAUSE_MS);
  });
  form.addEventListener("change", () => {
    changedSinceSave = true;
    keepInBrowser();
    schedule(200);
  });
  form.addEventListener("submit", () => {
    window.clearTimeout(timer);
    keepInBrowser();
  });
  putBackKeptAnswers();
}
