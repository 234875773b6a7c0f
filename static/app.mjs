// Starts the GOV.UK Frontend components. Loaded as a module, with the page's CSP nonce.
import { initAll } from "./govuk-frontend.min.js";

initAll();
