// The gate's phone page: each decoded or typed badge code is posted once with its own scan id; the
// answer fills the panel in the colour of its status. A code read twice within 3 s is one scan.
(function () {
  "use strict";
  const main = document.querySelector(".scanner");
  if (!main) return;
  const texts = JSON.parse(document.getElementById("scan-texts").textContent);
  const panel = main.querySelector(".scan-answer");
  const input = main.querySelector("#scan-input");
  let last = { code: "", at: 0 };

  function show(data) {
    panel.dataset.status = data.status || "error";
    panel.querySelector(".scan-label").textContent = data.label || data.error || texts.error;
    const a = data.attendee;
    panel.querySelector(".scan-name").textContent = a ? a.name : "";
    const detail = [];
    if (a) detail.push(a.category_label, a.organisation, a.note);
    if (data.first_checkin) {
      detail.push(`${texts.first} ${data.first_checkin.gate} ${new Date(data.first_checkin.at).toLocaleTimeString()}`);
    }
    panel.querySelector(".scan-detail").textContent = detail.filter(Boolean).join(" · ");
  }

  async function submit(code) {
    code = (code || "").trim();
    if (!code) return;
    const now = Date.now();
    if (code === last.code && now - last.at < 3000) return;
    last = { code, at: now };
    const scanId = crypto.randomUUID ? crypto.randomUUID() : `${now}-${Math.random().toString(36).slice(2)}`;
    try {
      const response = await fetch(main.dataset.scanUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": main.dataset.csrf },
        body: JSON.stringify({ badge: code, scan_id: scanId }),
      });
      show(await response.json());
    } catch (e) {
      show({ status: "error", error: texts.error });
    }
  }

  main.querySelector(".scan-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submit(input.value);
    input.value = "";
    input.focus();
  });

  if (window.QrScanner && navigator.mediaDevices) {
    QrScanner.hasCamera().then((has) => {
      if (!has) return;
      const video = main.querySelector(".scan-video");
      video.hidden = false;
      new QrScanner(video, (result) => submit(result.data || result), { returnDetailedScanResult: true }).start();
    }).catch(() => {});
  }
})();
