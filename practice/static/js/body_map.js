/*
 * Body map for the Widespread Pain Index (templates/clients/_body_map.html).
 *
 * The checkboxes are the real form inputs. This script reveals the figure and
 * keeps figure and checkboxes in sync: clicking a region, or pressing Space or
 * Enter on a focused region, toggles its checkbox; ticking a checkbox updates
 * the figure and the "N of 19 regions selected" counter.
 */
(function () {
  "use strict";

  function initBodyMap(root) {
    if (root.dataset.bodyMapReady) {
      return;
    }
    root.dataset.bodyMapReady = "true";

    const inputs = Array.from(root.querySelectorAll('input[type="checkbox"]'));
    const byKey = new Map(inputs.map((input) => [input.value, input]));
    const shapes = Array.from(root.querySelectorAll(".bm-region[data-region]"));
    const counter = root.querySelector("[data-bm-count]");

    function render() {
      shapes.forEach((shape) => {
        const input = byKey.get(shape.getAttribute("data-region"));
        const selected = Boolean(input && input.checked);
        shape.classList.toggle("is-selected", selected);
        if (shape.getAttribute("role") === "checkbox") {
          shape.setAttribute("aria-checked", String(selected));
        }
      });
      if (counter) {
        counter.textContent = String(inputs.filter((input) => input.checked).length);
      }
    }

    function toggle(shape) {
      const input = byKey.get(shape.getAttribute("data-region"));
      if (!input || input.disabled) {
        return;
      }
      input.checked = !input.checked;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function regionFromEvent(event) {
      const target = event.target;
      return target && target.closest ? target.closest(".bm-region[data-region]") : null;
    }

    root.addEventListener("change", (event) => {
      if (event.target.matches('input[type="checkbox"]')) {
        render();
      }
    });

    root.addEventListener("click", (event) => {
      const shape = regionFromEvent(event);
      if (shape) {
        toggle(shape);
      }
    });

    root.addEventListener("keydown", (event) => {
      const shape = regionFromEvent(event);
      if (!shape || (event.key !== " " && event.key !== "Enter")) {
        return;
      }
      event.preventDefault();
      if (!event.repeat) {
        toggle(shape);
      }
    });

    const form = root.closest("form");
    if (form) {
      // A form reset restores the checkboxes without firing change events.
      form.addEventListener("reset", () => window.setTimeout(render, 0));
    }
    // Pages restored from the back/forward cache keep their ticked boxes.
    window.addEventListener("pageshow", render);

    root.querySelectorAll("[data-bm-js]").forEach((element) => {
      element.hidden = false;
    });
    render();
  }

  function start() {
    document.querySelectorAll(".body-map").forEach(initBodyMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
