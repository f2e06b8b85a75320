// UnionHub's own behaviour: confirmation before destructive forms, and copy-to-clipboard.
"use strict";
document.addEventListener("submit", (event) => {
  // The question may sit on the form or on the button that sent it (one form, two buttons).
  const form = event.target;
  const button = event.submitter;
  const question = (button && button.dataset.confirm) || (form.dataset ? form.dataset.confirm : null);
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// After a refused submit, take keyboard and screen-reader users to what needs fixing.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector(".error-summary, [aria-invalid='true']");
  if (!target) return;
  const field = document.querySelector("main [aria-invalid='true']");
  (field || target).focus();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  if (!field) return;
  field.select();
  const done = () => { button.textContent = button.dataset.copied || "✓"; };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy"));
  } else {
    document.execCommand("copy");
    done();
  }
});
// Tabs that scroll sideways on a phone show the current one, not the first ones.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".nav-tabs").forEach((tabs) => {
    const current = tabs.querySelector("[aria-current='page'], .nav-link.active");
    if (!current || tabs.scrollWidth <= tabs.clientWidth) return;
    const centre = current.offsetLeft - tabs.offsetLeft - (tabs.clientWidth - current.offsetWidth) / 2;
    tabs.scrollLeft = Math.max(0, centre);
  });
});
