// Collapsible navigation on small screens, and signing out through the API.
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
      await fetch("/api/v1/auth/logout", { method: "POST", credentials: "same-origin" });
      window.location.assign("/login");
    });
  }
})();
