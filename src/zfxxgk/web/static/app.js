// zfxxgk web app: error messages for HTMX requests, and the report page's finding → cell → source links.
(function () {
  "use strict";

  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, 6000);
  }
  window.zfxxgkToast = toast;

  // An HTMX request that failed: show the server's message (JSON error shape or the error page's text).
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var message = "请求失败（" + xhr.status + "）";
    try {
      message = JSON.parse(xhr.responseText).error.message;
    } catch (notJson) {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var found = page.querySelector(".error-message");
      if (found) message = found.textContent;
    }
    toast(message);
  });
  document.addEventListener("htmx:sendError", function () { toast("无法连接服务器"); });

  function scrollWithin(pane, target) {
    var top = target.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTo({ top: Math.max(0, top - pane.clientHeight / 3), behavior: "smooth" });
  }

  function clear(selector, cls) {
    document.querySelectorAll(selector).forEach(function (el) { el.classList.remove(cls); });
  }

  // Scroll the original to where a cell's value came from: a text line, or a box on a PDF page.
  function showSource(cell) {
    var pane = document.getElementById("original");
    if (!pane) return false;
    clear(".line.src-hl", "src-hl");
    pane.querySelectorAll(".page .box").forEach(function (b) { b.hidden = true; });
    var line = cell.dataset.line && document.getElementById("L" + cell.dataset.line);
    if (line) {
      line.classList.add("src-hl");
      scrollWithin(pane, line);
      return true;
    }
    var page = cell.dataset.page && document.getElementById("P" + cell.dataset.page);
    if (!page) return false;
    var target = page;
    if (cell.dataset.bbox) {
      // bbox is [x0, top, x1, bottom] in PDF points from the page's top-left corner.
      var b = JSON.parse(cell.dataset.bbox), w = +page.dataset.width, h = +page.dataset.height;
      var box = page.querySelector(".box");
      box.style.left = (100 * b[0] / w) + "%";
      box.style.top = (100 * b[1] / h) + "%";
      box.style.width = (100 * (b[2] - b[0]) / w) + "%";
      box.style.height = (100 * (b[3] - b[1]) / h) + "%";
      box.hidden = false;
      target = box;
    }
    scrollWithin(pane, target);
    return true;
  }

  function cellsNamed(ids) {
    return ids.map(function (id) {
      return document.querySelector('#report-main td[data-cell="' + CSS.escape(id) + '"]');
    }).filter(Boolean);
  }

  function selectFinding(item) {
    clear("li.finding.active", "active");
    clear("td.hl", "hl");
    item.classList.add("active");
    var cells = cellsNamed((item.dataset.cells || "").split(" ").filter(Boolean));
    cells.forEach(function (td) { td.classList.add("hl"); });
    if (cells.length) cells[0].scrollIntoView({ block: "nearest", inline: "nearest", behavior: "smooth" });
    cells.some(showSource);
  }

  function openCorrection(td) {
    var dialog = document.getElementById("correct-dialog");
    if (!dialog) return;
    var form = dialog.querySelector("form");
    form.elements.cell.value = td.dataset.cell;
    form.elements.value.value = td.textContent.trim();
    document.getElementById("correct-title").textContent = "更正：" + (td.dataset.label || td.dataset.cell);
    document.getElementById("correct-current").textContent = td.textContent.trim() || "空";
    document.getElementById("correct-raw").textContent = td.dataset.raw || "—";
    if (!dialog.open) dialog.show();
    form.elements.value.focus();
    form.elements.value.select();
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest("li.finding");
    if (item) { selectFinding(item); return; }
    var td = event.target.closest("#report-main td.cell");
    if (td) {
      clear("td.hl", "hl");
      td.classList.add("hl");
      showSource(td);
      openCorrection(td);
      return;
    }
    if (event.target.closest("[data-close]")) event.target.closest("dialog").close();
  });

  document.addEventListener("keydown", function (event) {
    var item = event.target.closest && event.target.closest("li.finding");
    if (item && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); selectFinding(item); }
    if (event.key === "Escape") {
      var dialog = document.getElementById("correct-dialog");
      if (dialog && dialog.open) dialog.close();
    }
  });

  // After a correction is saved the tables come back re-checked: close the sheet.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.target.id !== "correct-form" || !event.detail.successful) return;
    var dialog = document.getElementById("correct-dialog");
    var failed = document.querySelector("#report-main .alert");
    if (!failed) { dialog.close(); event.target.reset(); }
  });

  // The compare form offers the chosen agency's years.
  document.addEventListener("change", function (event) {
    if (event.target.id !== "compare-agency") return;
    var years = event.target.selectedOptions[0].dataset.years.split(",");
    document.getElementById("year-a").value = years[years.length - 2] || "";
    document.getElementById("year-b").value = years[years.length - 1] || "";
  });
  // A link from the rating page (/reports/ID#finding=RULE) opens the report with that finding selected.
  document.addEventListener("DOMContentLoaded", function () {
    var wanted = /^#finding=(.+)$/.exec(decodeURIComponent(location.hash));
    var item = wanted && document.querySelector('li.finding[data-rule="' + CSS.escape(wanted[1]) + '"]');
    if (item) selectFinding(item);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var agency = document.getElementById("compare-agency");
    var yearB = document.getElementById("year-b");
    if (agency && yearB && !yearB.value) agency.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // The jurisdiction form can read the expected agencies from a text or CSV file.
  document.addEventListener("change", function (event) {
    if (event.target.id !== "agency-file" || !event.target.files.length) return;
    event.target.files[0].text().then(function (text) {
      document.getElementById("agency-list").value = text;
    });
  });
})();
