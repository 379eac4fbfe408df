// The baseline: what a web developer writes by hand, with no framework, to
// do the widget's job — read the room links of the list, ask the homeserver
// for every room's summary at once (one Promise.all over the rooms: the
// browser itself then keeps six in flight per host), and show name, member
// count and description. The benchmark measures it the same way as the
// widget, in the same run, and takes its ratios against it. It keeps the
// widget's DOM contract (data-room, data-count, data-state) so one
// measuring script serves both.
//
// A second variant asks N at a time from a pool of N workers, as this
// script did before (N = 4): the benchmark selects it with an attribute on
// the host element, <matrix-channels data-concurrency="4">.
const host = document.querySelector('matrix-channels');
const homeserver = host.getAttribute('homeserver');
const rooms = [];
// A room's description is the text between its link and the next one.
const walker = document.createTreeWalker(host, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
let current = null;
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.nodeType === Node.ELEMENT_NODE && n.matches('a[href^="https://matrix.to/#/#"]')) {
    const alias = decodeURIComponent(n.getAttribute('href').slice('https://matrix.to/#/'.length).split('?')[0]);
    current = rooms.find((r) => r.alias === alias) ?? null;
    if (!current) rooms.push((current = { alias, name: n.textContent, description: '' }));
    walker.nextNode(); // the link's own text
  } else if (n.nodeType === Node.TEXT_NODE && current) {
    current.description += n.textContent;
  }
}
for (const room of rooms) room.description = room.description.replace(/^[\s:–-]+/, '').replace(/\s+/g, ' ').trim();
const list = document.createElement('ul');
const counts = new Map();
for (const room of rooms) {
  const li = document.createElement('li');
  li.dataset.room = room.alias;
  const name = document.createElement('a');
  name.href = `https://matrix.to/#/${room.alias}`;
  name.textContent = room.name;
  const count = document.createElement('span');
  count.textContent = '…';
  const description = document.createElement('p');
  description.textContent = room.description;
  li.append(name, ' ', count, description);
  list.append(li);
  counts.set(room.alias, count);
}
host.replaceChildren(list);
host.dataset.state = 'loading';
async function ask(room) {
  const count = counts.get(room.alias);
  try {
    const response = await fetch(`${homeserver}/_matrix/client/v1/room_summary/${encodeURIComponent(room.alias)}`);
    const summary = await response.json();
    if (response.ok) {
      count.dataset.count = summary.num_joined_members;
      count.textContent = `${summary.num_joined_members} members`;
    } else {
      count.textContent = 'not public';
    }
  } catch {
    count.textContent = 'unavailable';
  }
}
const concurrency = Number.parseInt(host.dataset.concurrency ?? '', 10);
if (concurrency > 0) {
  let next = 0;
  const worker = async () => {
    while (next < rooms.length) await ask(rooms[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rooms.length) }, worker));
} else {
  await Promise.all(rooms.map(ask));
}
host.dataset.state = 'live';
