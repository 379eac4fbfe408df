// The baseline: what a careful web developer would write by hand, with no
// framework, to do the widget's job — read the room links of the list,
// ask the homeserver for each room's summary (four at a time), and show
// name, member count and description. The benchmark measures it the same
// way as the widget, in the same run. It keeps the widget's DOM contract
// (data-room, data-count, data-state) so one measuring script serves both.
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
let next = 0;
async function worker() {
  while (next < rooms.length) {
    const room = rooms[next++];
    try {
      const response = await fetch(`${homeserver}/_matrix/client/v1/room_summary/${encodeURIComponent(room.alias)}`);
      const summary = await response.json();
      const count = counts.get(room.alias);
      if (response.ok) {
        count.dataset.count = summary.num_joined_members;
        count.textContent = `${summary.num_joined_members} members`;
      } else {
        count.textContent = 'not public';
      }
    } catch {
      counts.get(room.alias).textContent = 'unavailable';
    }
  }
}
await Promise.all([worker(), worker(), worker(), worker()]);
host.dataset.state = 'live';
