// Upload page: each dropped file is sent on its own (so each has a progress bar), then the batch is polled
// until every file has its outcome. Files over the size limit are refused here, before sending.
(function () {
  "use strict";

  var PARALLEL = 3;
  var POLL_MS = 700;
  var LABELS = { queued: "排队中", processing: "处理中", new: "新增", duplicate: "重复（已有相同文件）", updated: "已更新（新版本）", failed: "失败" };
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var table = document.getElementById("uploads");
  var body = table.querySelector("tbody");
  var summary = document.getElementById("upload-summary");
  var limit = +drop.dataset.limit;
  var batchId = null, batchPromise = null, waiting = [], active = 0, polling = null;
  var rows = {};  // server file id → row

  function batch() {
    if (!batchPromise) {
      batchPromise = fetch("/api/batches", { method: "POST", headers: { "X-CSRF-Token": csrf } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
        .then(function (b) { batchId = b.id; return b.id; });
    }
    return batchPromise;
  }

  function size(n) {
    return n < 1024 * 1024 ? Math.max(1, Math.round(n / 1024)) + " KB" : (n / 1024 / 1024).toFixed(1) + " MB";
  }

  function setStatus(row, status, reason, reportId) {
    var cell = row.querySelector(".outcome");
    cell.className = "outcome reason status-" + status;
    cell.textContent = LABELS[status] + (reason ? "：" + reason : "");
    if (reportId && status !== "failed") {
      var link = document.createElement("a");
      link.href = "/reports/" + reportId;
      link.textContent = "查看报告";
      cell.append(" ", link);
    }
    row.dataset.status = status;
  }

  function addRow(file) {
    var row = document.createElement("tr");
    var name = document.createElement("td");
    name.textContent = file.name;
    var bytes = document.createElement("td");
    bytes.textContent = size(file.size);
    var progress = document.createElement("td");
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    progress.append(bar);
    var outcome = document.createElement("td");
    outcome.className = "outcome";
    outcome.textContent = "等待上传";
    row.append(name, bytes, progress, outcome);
    body.append(row);
    table.hidden = false;
    return row;
  }

  function errorMessage(xhr) {
    try { return JSON.parse(xhr.responseText).error.message; } catch (e) { return "上传失败（" + xhr.status + "）"; }
  }

  function send(item) {
    active += 1;
    batch().then(function (id) {
      var xhr = new XMLHttpRequest();
      var data = new FormData();
      data.append("files", item.file, item.file.name);
      xhr.open("POST", "/api/batches/" + id + "/files");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) item.bar.value = 100 * e.loaded / e.total; };
      xhr.onload = function () {
        if (xhr.status === 200) {
          var out = JSON.parse(xhr.responseText)[0];
          item.bar.value = 100;
          rows[out.id] = item.row;
          setStatus(item.row, out.status, out.reason, out.report_id);
        } else {
          setStatus(item.row, "failed", errorMessage(xhr));
        }
        done();
      };
      xhr.onerror = function () { setStatus(item.row, "failed", "网络错误"); done(); };
      xhr.send(data);
    }, function () { setStatus(item.row, "failed", "无法创建上传批次"); done(); });
  }

  function done() {
    active -= 1;
    next();
    poll();
  }

  function next() {
    while (active < PARALLEL && waiting.length) send(waiting.shift());
  }

  function poll() {
    if (polling || !batchId) return;
    polling = setTimeout(function () {
      polling = null;
      fetch("/api/batches/" + batchId).then(function (r) { return r.json(); }).then(function (b) {
        b.files.forEach(function (f) { if (rows[f.id]) setStatus(rows[f.id], f.status, f.reason, f.report_id); });
        var c = b.counts;
        summary.hidden = false;
        summary.textContent = "新增 " + c.new + " · 已更新 " + c.updated + " · 重复 " + c.duplicate + " · 失败 " + c.failed +
          (b.done && !active && !waiting.length ? " · 全部完成" : " · 处理中 " + (c.queued + c.processing + active + waiting.length));
        if (!b.done || active || waiting.length) poll();
      });
    }, POLL_MS);
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      var row = addRow(file);
      if (file.size > limit) {
        setStatus(row, "failed", "文件过大（上限 " + size(limit) + "）");
        return;
      }
      waiting.push({ file: file, row: row, bar: row.querySelector("progress") });
    });
    next();
  }

  input.addEventListener("change", function () { add(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { e.preventDefault(); add(e.dataTransfer.files); });
})();
