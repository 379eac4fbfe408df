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
