// Renders each snapshot the status actor pushes (GET /api/status/stream, event "status").
"use strict";

function rows(tbody, items, cells) {
  tbody.replaceChildren(...items.map(item => {
    const tr = document.createElement("tr");
    for (const [name, value] of cells(item)) {
      const td = document.createElement("td");
      td.dataset.name = name;
      td.textContent = value;
      tr.append(td);
    }
    return tr;
  }));
}

function render(s) {
  document.getElementById("node").textContent = s.node;
  document.getElementById("uptime").textContent = s.uptimeSeconds.toFixed(0);
  document.getElementById("member-count").textContent = s.members.length;
  rows(document.getElementById("members"), s.members, m => [["address", m.address], ["status", m.status], ["roles", m.roles.join(", ")]]);
  rows(document.getElementById("services"), s.services, v => [["service", v.service], ["transport", v.transport], ["address", v.address]]);
  rows(document.getElementById("counters"), s.counters, c => [[c.name, c.total], ["rate", c.perSecond]]);
  // Each room publishes "room:NAME" with the node that hosts it; the library and the bank have their own sections.
  // An empty room has passivated (it no longer lives anywhere): show the rooms that have members.
  const rooms = Object.entries(s.sections).filter(([name]) => name.startsWith("room:")).map(([, room]) => room)
    .filter(room => room.members.length > 0);
  document.getElementById("room-count").textContent = rooms.length;
  rows(document.getElementById("rooms"), rooms, r => [["room", r.room], ["node", r.node], ["members", r.members.join(", ")]]);
  const library = s.sections.library;
  if (library) {
    document.getElementById("library-files").textContent = library.files;
    document.getElementById("library-bytes").textContent = library.totalBytes;
    rows(document.getElementById("library"), library.entries, f => [["file", f.name], ["bytes", f.size]]);
  }
  const bank = s.sections.bank;
  if (bank) {
    document.getElementById("bank-unavailable").textContent = bank.unavailable || "";
    if (!bank.unavailable) {
      document.getElementById("bank-accounts").textContent = bank.accounts;
      document.getElementById("bank-total").textContent = bank.totalMoney;
      const totals = [["negative balances", bank.negative], ["transfers started", bank.transfersStarted],
        ["applied", bank.applied], ["refused", bank.refused], ["refunded", bank.refunded], ["pending", bank.pending]];
      rows(document.getElementById("bank-totals"), totals, ([name, value]) => [["name", name], [name, value]]);
      rows(document.getElementById("bank-largest"), bank.largest, a => [["account", a.account], ["balance", a.balance]]);
    }
  }
  const shown = name => name.startsWith("room:") || name === "library" || name === "bank";
  const sections = document.getElementById("sections");
  sections.replaceChildren(...Object.entries(s.sections).filter(([name]) => !shown(name)).map(([name, value]) => {
    const div = document.createElement("div");
    const h2 = document.createElement("h2");
    h2.textContent = name;
    const pre = document.createElement("pre");
    pre.textContent = JSON.stringify(value, null, 2);
    div.append(h2, pre);
    return div;
  }));
}

const state = document.getElementById("connection");
const events = new EventSource("/api/status/stream");
events.addEventListener("status", e => {
  state.textContent = "live";
  state.dataset.state = "live";
  render(JSON.parse(e.data));
});
events.onerror = () => {
  // EventSource reconnects by itself; say so meanwhile.
  state.textContent = "reconnecting";
  state.dataset.state = "reconnecting";
};
