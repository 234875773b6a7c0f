// Starts the GOV.UK Frontend components. Loaded as a module, with the page's CSP nonce.
// GOV.UK Frontend comes from the URL the page gives (data-govuk-frontend), which names
// its version, so that the browser keeps it rather than asking for it on every page.
const frontend = document.querySelector("script[data-govuk-frontend]");
if (frontend) {
  import(frontend.dataset.govukFrontend).then(({ initAll }) => initAll());
}

// "Print this page" buttons: hidden until this script can make them work.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
