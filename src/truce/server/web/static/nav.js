// Collapsible navigation on small screens, signing out through the API, and selects that
// submit their form when changed (`data-autosubmit`: no inline handlers, the CSP forbids them).
(function () {
  "use strict";
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  const logout = document.querySelector("[data-logout]");
  if (logout) {
    logout.addEventListener("click", async function () {
      const token = document.querySelector('meta[name="csrf-token"]');
      await fetch("/api/v1/auth/logout", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": token ? token.content : "" },
      });
      window.location.assign("/login");
    });
  }
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) select.form.submit();
    });
  });
})();
