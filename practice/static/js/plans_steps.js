// Step rows of the template and plan forms: move, remove and add rows in the page, and
// drag a row by its handle to reorder. Without JavaScript the same buttons submit the form
// and the server sends it back with the change (nothing is saved until "Save").
(() => {
  "use strict";
  const list = document.querySelector("[data-step-list]");
  if (!list) return;
  const form = list.closest("form");
  const status = form.querySelector("[data-step-status]");
  const limitMessage = form.querySelector("[data-step-limit]");
  const maxSteps = Number(list.dataset.maxSteps) || Infinity;
  const FIELD_PREFIX = /steps-\d+-/g;
  const ATTRIBUTES = ["name", "id", "for", "aria-describedby"];
  const LABELS = {
    up: (n) => `Move step ${n} up`,
    down: (n) => `Move step ${n} down`,
    remove: (n) => `Remove step ${n}`,
  };

  const rows = () => [...list.querySelectorAll("[data-step-row]")];

  function announce(message) {
    if (status) status.textContent = message;
  }

  // At the limit no row is added; the message stays on the form until a row is removed.
  function showLimit(shown) {
    if (!limitMessage) return;
    limitMessage.textContent = shown
      ? `You can have at most ${maxSteps} steps: remove or combine one before adding another.`
      : "";
    limitMessage.classList.toggle("d-none", !shown);
  }

  // Give every row the field names of its new position, so the server reads them in order.
  function renumber() {
    const count = rows().length;
    rows().forEach((row, index) => {
      row.querySelectorAll("*").forEach((element) => {
        ATTRIBUTES.forEach((attribute) => {
          const value = element.getAttribute(attribute);
          if (value && value.match(FIELD_PREFIX)) {
            element.setAttribute(attribute, value.replace(FIELD_PREFIX, `steps-${index}-`));
          }
        });
      });
      row.querySelector("[data-step-number]").textContent = index + 1;
      row.querySelectorAll("[data-step-action]").forEach((button) => {
        const action = button.dataset.stepAction;
        button.value = `${action}-${index}`;
        button.setAttribute("aria-label", LABELS[action](index + 1));
        button.disabled = (action === "up" && index === 0) || (action === "down" && index === count - 1);
      });
    });
  }

  function clearRow(row) {
    row.querySelectorAll("input, textarea").forEach((field) => {
      // A new row is a step done ("performed") with no precautions ticked yet.
      if (field.type === "checkbox") field.checked = !field.name.endsWith("-conflicts_with");
      else field.value = "";
      field.classList.remove("is-invalid");
    });
    row.querySelectorAll(".invalid-feedback").forEach((message) => message.remove());
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-step-action]");
    if (!button) return;
    event.preventDefault();
    const action = button.dataset.stepAction;
    const row = button.closest("[data-step-row]");
    if (action === "add" && rows().length >= maxSteps) {
      showLimit(true);
      announce(limitMessage ? limitMessage.textContent : "");
    } else if (action === "add") {
      const all = rows();
      const copy = all[all.length - 1].cloneNode(true);
      clearRow(copy);
      list.appendChild(copy);
      renumber();
      copy.querySelector("input, textarea").focus();
      announce(`Step ${all.length + 1} added.`);
    } else if (action === "remove") {
      const number = rows().indexOf(row) + 1;
      if (rows().length === 1) {
        clearRow(row);
      } else {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        next.querySelector("input, textarea").focus();
      }
      renumber();
      showLimit(false);
      announce(`Step ${number} removed.`);
    } else if (action === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
      renumber();
      (button.disabled ? row.querySelector("[data-step-action='down']") : button).focus();
      announce(`Moved up to step ${rows().indexOf(row) + 1}.`);
    } else if (action === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
      renumber();
      (button.disabled ? row.querySelector("[data-step-action='up']") : button).focus();
      announce(`Moved down to step ${rows().indexOf(row) + 1}.`);
    }
  });

  // Drag and drop by a row's handle (so text in the fields stays selectable).
  let dragged = null;
  list.querySelectorAll("[data-drag-handle]").forEach((handle) => {
    handle.classList.remove("d-none");
    handle.draggable = true;
  });
  list.addEventListener("dragstart", (event) => {
    const handle = event.target.closest && event.target.closest("[data-drag-handle]");
    if (!handle) return;
    dragged = handle.closest("[data-step-row]");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
    event.dataTransfer.setDragImage(dragged, 20, 20);
  });
  list.addEventListener("dragover", (event) => {
    const over = event.target.closest("[data-step-row]");
    if (!dragged || !over) return;
    event.preventDefault();
    if (over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  list.addEventListener("drop", (event) => {
    if (dragged) event.preventDefault();
  });
  list.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    renumber();
    announce(`Moved to step ${rows().indexOf(dragged) + 1}.`);
    dragged = null;
  });
})();
