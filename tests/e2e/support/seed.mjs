// The de-RSE space and rooms, as on the seed page (shared/seed/matrix-chat.md),
// each joined by a different number of users so a wrong count shows.

export const SPACE = {
  localpart: 'de-rse.org',
  name: 'de-RSE',
  topic: 'The de-RSE association and its community',
};

export const ROOMS = [
  { localpart: 'de-rse.org-general', name: 'deRSE-general', members: 7,
    topic: 'For general discussions that are de-RSE related, but fit in no other room.' },
  { localpart: 'de-rse.org-introductions', name: 'deRSE-introductions', members: 5,
    topic: 'For (new) community members introducing themselves.' },
  { localpart: 'de-rse.org-jobs', name: 'deRSE-jobs', members: 4,
    topic: 'For RSE related job announcements from the community.' },
  { localpart: 'de-rse.org-events', name: 'deRSE-events', members: 3,
    topic: 'For RSE related event announcements from the community.' },
  { localpart: 'de-rse.org-offtopic', name: 'deRSE-offtopic', members: 2,
    topic: 'For anything not related to de-RSE, but that one might want to discuss with the de-RSE community.' },
];

/**
 * Creates the space and its rooms on `synapse` and joins users to them.
 * Returns the bot's token, the room IDs by alias, and the member tokens.
 */
export async function seedDeRse(synapse) {
  const server = 'matrix.org';
  const bot = await synapse.register('derse-bot');
  const most = Math.max(...ROOMS.map((r) => r.members));
  const members = [];
  for (let i = 1; i < most + 1; i++) members.push(await synapse.register(`member${i}`));

  const space = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
    token: bot,
    body: {
      preset: 'public_chat', visibility: 'public', room_alias_name: SPACE.localpart,
      name: SPACE.name, topic: SPACE.topic, creation_content: { type: 'm.space' },
    },
  });
  const roomIds = { [`#${SPACE.localpart}:${server}`]: space.room_id };
  for (const room of ROOMS) {
    const alias = `#${room.localpart}:${server}`;
    const { room_id } = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
      token: bot,
      body: { preset: 'public_chat', visibility: 'public', room_alias_name: room.localpart,
        name: room.name, topic: room.topic },
    });
    roomIds[alias] = room_id;
    await synapse.api('PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(space.room_id)}/state/m.space.child/${encodeURIComponent(room_id)}`,
      { token: bot, body: { via: [server] } });
    // The bot is the first member; the rest join.
    for (const token of members.slice(0, room.members - 1)) await synapse.join(token, alias);
  }
  for (const token of members) await synapse.join(token, `#${SPACE.localpart}:${server}`);
  return { bot, members, roomIds, register: (name) => synapse.register(name) };
}

/**
 * The activity space: rooms whose timelines the snapshot tool counts. Each
 * room's `messages` is what the tool must find (all sent now, so within 7
 * days), `null` where the bot may not read the history at all.
 * - talk: text, an encrypted event, a sticker, a message later redacted
 *   (it was sent) — and a reaction, the redaction, a topic change and
 *   joins, which are not messages;
 * - quiet: nothing but its creation;
 * - state-only: name and topic changes and joins, no message;
 * - open: a member's room the bot never joined, readable by anyone
 *   (`world_readable`);
 * - closed: a member's public room the bot never joined, whose history
 *   only members read: listed in the hierarchy, its timeline refused.
 */
export const ACTIVITY_SPACE = { localpart: 'activity-space', name: 'Activity' };
export const ACTIVITY_ROOMS = [
  { localpart: 'activity-talk', name: 'Talk', messages: 5 },
  { localpart: 'activity-quiet', name: 'Quiet', messages: 0 },
  { localpart: 'activity-state-only', name: 'State only', messages: 0 },
  { localpart: 'activity-open', name: 'Open', messages: 2, owner: 'member', history: 'world_readable' },
  { localpart: 'activity-closed', name: 'Closed', messages: null, owner: 'member', history: 'joined' },
];

/**
 * Creates the activity space on `synapse` with the bot of `seeded`
 * (`seedDeRse`'s answer) and fills its rooms' timelines.
 */
export async function seedActivity(synapse, { bot, members }) {
  const server = 'matrix.org';
  const [alice, bob] = members;
  const path = (roomId, rest) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${rest}`;
  let txn = 0;
  const send = (token, roomId, type, content) =>
    synapse.api('PUT', path(roomId, `send/${type}/t${Date.now()}-${txn++}`), { token, body: content });
  const state = (token, roomId, type, content) =>
    synapse.api('PUT', path(roomId, `state/${type}/`), { token, body: content });
  const space = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
    token: bot,
    body: { preset: 'public_chat', room_alias_name: ACTIVITY_SPACE.localpart, name: ACTIVITY_SPACE.name, creation_content: { type: 'm.space' } },
  });
  const roomIds = {};
  for (const room of ACTIVITY_ROOMS) {
    const owner = room.owner === 'member' ? alice : bot;
    const initial_state = room.history
      ? [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: room.history } }]
      : [];
    const { room_id } = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
      token: owner,
      body: { preset: 'public_chat', room_alias_name: room.localpart, name: room.name, initial_state },
    });
    roomIds[room.localpart] = room_id;
    await synapse.api('PUT', path(space.room_id, `state/m.space.child/${encodeURIComponent(room_id)}`), {
      token: bot, body: { via: [server] },
    });
    for (const token of owner === bot ? [alice, bob] : [bob]) await synapse.join(token, room_id);
  }
  const talk = roomIds['activity-talk'];
  const { event_id: hello } = await send(alice, talk, 'm.room.message', { msgtype: 'm.text', body: 'Hello' });
  await send(bob, talk, 'm.room.message', { msgtype: 'm.text', body: 'Hi' });
  await send(bob, talk, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgA', device_id: 'D', sender_key: 'k', session_id: 's' });
  await send(alice, talk, 'm.sticker', { body: 'a sticker', url: 'mxc://matrix.org/sticker', info: {} });
  await send(bob, talk, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: hello, key: '👍' } });
  const { event_id: oops } = await send(bob, talk, 'm.room.message', { msgtype: 'm.text', body: 'oops' });
  // A redacted message was still sent (it counts); the redaction does not.
  await synapse.api('PUT', path(talk, `redact/${encodeURIComponent(oops)}/r${txn++}`), { token: bob, body: {} });
  await state(bot, talk, 'm.room.topic', { topic: 'Talk, changed' });
  const stateOnly = roomIds['activity-state-only'];
  for (let i = 0; i < 3; i++) await state(bot, stateOnly, 'm.room.topic', { topic: `Topic ${i}` });
  await state(bot, stateOnly, 'm.room.name', { name: 'State only' });
  for (const token of members.slice(2, 4)) await synapse.join(token, stateOnly);
  await send(alice, roomIds['activity-open'], 'm.room.message', { msgtype: 'm.text', body: 'Open to all' });
  await send(bob, roomIds['activity-open'], 'm.room.message', { msgtype: 'm.notice', body: 'Notice' });
  await send(alice, roomIds['activity-closed'], 'm.room.message', { msgtype: 'm.text', body: 'Members only' });
  return { spaceAlias: `#${ACTIVITY_SPACE.localpart}:${server}`, roomIds };
}
