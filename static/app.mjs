// Starts the GOV.UK Frontend components. Loaded as a module, with the page's CSP nonce.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// "Print this page" buttons: hidden until this script can make them work.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
