// Sends the sign-in form to the API as JSON; the API sets the session cookie.
(function () {
  "use strict";
  const form = document.getElementById("login");
  if (!form) return;
  const message = form.querySelector(".error");
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    message.hidden = true;
    const body = {
      username: form.elements.username.value,
      password: form.elements.password.value,
    };
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRF-Token": form.elements.csrf_token.value,
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      message.textContent = "The server did not answer: is `truce serve` running?";
      message.hidden = false;
      return;
    }
    if (response.ok) {
      window.location.assign(form.dataset.next || "/");
      return;
    }
    let text = "Wrong user name or password.";
    try {
      const data = await response.json();
      if (data && data.error && data.error.message) text = data.error.message;
    } catch (error) {
      /* keep the default message */
    }
    message.textContent = text;
    message.hidden = false;
  });
})();
