/**
 * The two Discord servers of the fake (test/support/fake-discord.ts), as the gateway and the REST API
 * describe them, and the bot's own user. Both servers' ids fall on shard 1 of 2 (`(id >> 22) % 2`):
 * a bot run with two shards gets them on its second connection, and direct messages on its first.
 */

// biome-ignore lint/suspicious/noExplicitAny: Discord payloads are checked by the tests that read them.
type Json = Record<string, any>;

export const APPLICATION_ID = '900000000000000001';
export const GUILD_ID = '900000000000000002';
export const GUILD_CHANNEL_ID = '900000000000000003';
/** A text channel of the server where the bot may post (news go there in the tests). */
export const NEWS_CHANNEL_ID = '900000000000000004';
/** A text channel of the server where @everyone, the bot included, may read but not write. */
export const READ_ONLY_CHANNEL_ID = '900000000000000005';
/** A second server, in English (`preferred_locale` en-US), with one text channel. */
export const ENGLISH_GUILD_ID = '900000000000000006';
export const ENGLISH_NEWS_CHANNEL_ID = '900000000000000007';
/** The server's owner: nobody the tests play (an owner has every permission). */
const OWNER_ID = '900000000000000008';
export const BOT_USER = {
  id: APPLICATION_ID,
  username: 'cessez-le-feu',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
};
export const PERMISSIONS = '2248473465835073';
/** Manage Server (1 << 5): what a server manager has on top of the ordinary members' permissions. */
export const MANAGER_PERMISSIONS = String(BigInt(PERMISSIONS) | 32n);
const SEND_MESSAGES = String(1n << 11n);

/** Every server the bot is in, by id. */
export function fakeGuilds(): Map<string, Json> {
  return new Map([guild(), englishGuild()].map((server) => [server.id, server]));
}

/** The shard Discord sends a server's events on: `(server id >> 22) % shard count`. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The French server, as GUILD_CREATE gives it with the Guilds intent. */
export function guild() {
  return {
    id: GUILD_ID,
    name: 'Consommateurs',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: OWNER_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'fr',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    emojis: [],
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    // The bot's own member, as Discord sends it with the Guilds intent: its permissions are computed.
    members: [
      {
        user: BOT_USER,
        roles: [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
    ],
    voice_states: [],
    presences: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        color: 0,
        hoist: false,
        position: 0,
        permissions: PERMISSIONS,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      {
        id: GUILD_CHANNEL_ID,
        type: 0,
        guild_id: GUILD_ID,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
      },
      {
        id: NEWS_CHANNEL_ID,
        type: 0,
        guild_id: GUILD_ID,
        name: 'annonces',
        position: 1,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
      },
      {
        id: READ_ONLY_CHANNEL_ID,
        type: 0,
        guild_id: GUILD_ID,
        name: 'lecture-seule',
        position: 2,
        // @everyone (the role whose id is the server's) may not write here.
        permission_overwrites: [{ id: GUILD_ID, type: 0, allow: '0', deny: SEND_MESSAGES }],
        parent_id: null,
        nsfw: false,
      },
    ],
  };
}

/** The English server: the same, with one news channel. */
export function englishGuild() {
  const base = guild();
  return {
    ...base,
    id: ENGLISH_GUILD_ID,
    name: 'Consumers',
    preferred_locale: 'en-US',
    roles: base.roles.map((role) => ({ ...role, id: ENGLISH_GUILD_ID })),
    channels: [
      {
        id: ENGLISH_NEWS_CHANNEL_ID,
        type: 0,
        guild_id: ENGLISH_GUILD_ID,
        name: 'news',
        position: 0,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
      },
    ],
  };
}
