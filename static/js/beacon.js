// Counts a view of the article: once the page is visible to the reader (not while
// it is prerendered or opened in a background tab), sends one beacon to the URL in
// the article's data-view-beacon attribute. The page may come from any cache, so
// the beacon carries no token; the server tells readers apart and drops repeats.
(() => {
  "use strict";

  const article = document.querySelector("[data-view-beacon]");
  if (!article) {
    return;
  }
  const url = article.dataset.viewBeacon;
  let sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible" || document.prerendering) {
      return;
    }
    sent = true;
    document.removeEventListener("visibilitychange", send);
    document.removeEventListener("prerenderingchange", send);
    // sendBeacon survives the reader leaving at once; it says false when the
    // browser will not queue it.
    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
      return;
    }
    fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" }).catch(() => {
      // A lost view is not worth troubling the reader with.
    });
  }

  document.addEventListener("visibilitychange", send);
  document.addEventListener("prerenderingchange", send);
  send();
})();
