import { type ChatInputCommandInteraction, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { type Locale, negotiateLocale, renderError, t } from '../../core/i18n/index.ts';
import { CHANNEL_OPTION, STOP_OPTION } from './slash-commands.ts';

export interface AnnouncementsDeps {
  core: Core;
  logger: Logger;
}

/**
 * `/annonces [salon] [arreter]`, answered privately. Only a member who may manage the server (checked
 * here, on the permissions Discord computed for this interaction: a server can change who sees the
 * command) changes anything; the others get a polite refusal and nothing is stored. A channel the bot
 * cannot write in is refused too, with what to fix: otherwise the news would be lost unnoticed.
 */
export async function handleAnnouncementsCommand(
  deps: AnnouncementsDeps,
  interaction: ChatInputCommandInteraction,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const locale = negotiateLocale({ platformLanguage: interaction.locale });
  const say = async (content: string) => {
    await interaction.editReply({ content, components: [] });
  };
  if (!interaction.inGuild()) return say(t(locale, 'discord:announcements.serverOnly'));
  const serverId = interaction.guildId;
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    deps.logger.info({ serverId, userId: interaction.user.id }, 'announcement channel: not a server manager');
    return say(t(locale, 'discord:announcements.notManager'));
  }
  const channel = interaction.options.getChannel(t('fr', `discord:options.${CHANNEL_OPTION}.name`));
  const stop = interaction.options.getBoolean(t('fr', `discord:options.${STOP_OPTION}.name`)) === true;
  if (!stop && !channel) return say(await currentSetting(deps.core, serverId, locale));
  if (!stop && channel && (await botCanPost(interaction, channel.id)) === false) {
    return say(t(locale, 'discord:announcements.cannotPost', { channel: channel.id }));
  }
  const channelId = stop ? null : (channel?.id ?? null);
  const result = await deps.core.setAnnouncementChannel(systemActor('discord'), {
    platform: 'DISCORD',
    serverId,
    channelId,
    setBy: interaction.user.id,
  });
  if (!result.ok) return say(renderError(locale, result.error));
  deps.logger.info({ serverId, channelId }, 'announcement channel chosen');
  return say(
    channelId === null
      ? t(locale, 'discord:announcements.stopped')
      : t(locale, 'discord:announcements.set', { channel: channelId }),
  );
}

async function currentSetting(core: Core, serverId: string, locale: Locale): Promise<string> {
  const channels = await core.query.announcementChannels({ platform: 'DISCORD' });
  const chosen = channels.find((channel) => channel.serverId === serverId);
  return chosen
    ? t(locale, 'discord:announcements.current', { channel: chosen.channelId })
    : t(locale, 'discord:announcements.none');
}

/**
 * Whether the bot may see and write in that channel, from the server as the gateway gave it (roles and
 * the channel's overwrites); `undefined` when that cannot be told (server or channel not in the cache).
 */
async function botCanPost(
  interaction: ChatInputCommandInteraction,
  channelId: string,
): Promise<boolean | undefined> {
  const guild = interaction.guild;
  const channel = guild?.channels.cache.get(channelId);
  if (!guild || !channel) return undefined;
  const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
  if (!me) return undefined;
  return channel.permissionsFor(me).has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]);
}
