// The stream's player: HLS through the browser when it plays it (Safari, iOS), else hls.js; HTTP-FLV
// through mpegts.js. A stalled stream is retried; the interaction beside it keeps working either way.
(function () {
  "use strict";
  const video = document.getElementById("stream-player");
  if (!video) return;
  const state = document.getElementById("stream-state");
  const src = video.dataset.src;
  const kind = video.dataset.kind || (/\.flv(\?|$)/.test(src) ? "flv" : "hls");
  function say(text) { if (state) state.textContent = text; }
  function start() {
    if (kind === "flv") {
      if (!window.mpegts || !window.mpegts.isSupported()) { say("FLV"); return; }
      const player = window.mpegts.createPlayer({ type: "flv", isLive: true, url: src });
      player.attachMediaElement(video);
      player.load();
      player.on(window.mpegts.Events.ERROR, function () { player.destroy(); setTimeout(start, 5000); });
      return;
    }
    if (video.canPlayType("application/vnd.apple.mpegurl")) { video.src = src; return; }
    if (!window.Hls || !window.Hls.isSupported()) { video.src = src; return; }
    const hls = new window.Hls({ liveSyncDurationCount: 3 });
    hls.loadSource(src);
    hls.attachMedia(video);
    hls.on(window.Hls.Events.ERROR, function (_, data) {
      if (data.fatal) { hls.destroy(); setTimeout(start, 5000); }
    });
  }
  start();
})();
