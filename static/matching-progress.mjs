// The matching run's progress page, with JavaScript: instead of reloading the whole page
// every 2 seconds (what <noscript> does without JavaScript), fetch it every second and replace
// only the progress figures; the level being solved sits in a polite live region that
// changes only when the level does. When the run has finished the fetched page is the
// review, so load it.
const region = document.getElementById("run-progress");
if (region) {
  const poll = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("run-progress");
      if (!response.ok || !fresh) {
        window.location.reload();
        return;
      }
      region.innerHTML = fresh.innerHTML;
      const level = document.getElementById("run-level");
      const freshLevel = page.getElementById("run-level");
      if (level && freshLevel && level.textContent !== freshLevel.textContent) {
        level.textContent = freshLevel.textContent;
      }
    } catch {
      // A dropped request: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}
