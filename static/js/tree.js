// The organisation tree: a node's arrow shows or hides the units under it. htmx fetches them the
// first time (hx-get on the same button); this only keeps aria-expanded and `hidden` in step.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-tree-toggle]");
  if (!button) return;
  const children = document.getElementById(button.getAttribute("aria-controls"));
  if (!children) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  children.hidden = !open;
});
