// Live updates: one WebSocket per page; events update elements marked with data-live="<event type>".
(function () {
  "use strict";
  const url = document.body.dataset.liveUrl;
  if (!url || !("WebSocket" in window)) return;
  let delay = 1000;

  function apply(event) {
    if (event.type === "notifications.count") {
      document.querySelectorAll('[data-live="notifications.count"]').forEach(function (el) {
        el.textContent = String(event.count);
        el.hidden = event.count === 0;
      });
    }
    document.dispatchEvent(new CustomEvent("huiwu:live", { detail: event }));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + url);
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (msg) {
      try {
        const event = JSON.parse(msg.data);
        if (event.type === "hello") document.body.dataset.live = "on";
        else apply(event);
      } catch (e) { /* not ours */ }
    };
    socket.onclose = function (ev) {
      document.body.dataset.live = "off";
      if (ev.code === 4401) return; // signed out
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
