import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { type Locale, t } from '../../core/i18n/index.ts';
import { consumerCommands } from '../conversation/commands.ts';

/** `/accueil` is the conversation's `start`: Discord has no deep links, and "start" is no French word. */
const discordNameOf = (command: string) => (command === 'start' ? 'accueil' : command);
const conversationNameOf = (name: string) => (name === 'accueil' ? 'start' : name);

/** The command whose attachment option carries a piece of evidence. */
export const EVIDENCE_COMMAND = 'justificatif';
export const EVIDENCE_OPTION = 'fichier';
/** A server manager's command, outside the conversation: the channel for the public news of mediations. */
export const ANNOUNCEMENTS_COMMAND = 'annonces';
export const CHANNEL_OPTION = 'salon';
export const STOP_OPTION = 'arreter';
/** A slash command's only text option, passed to the conversation as the command's arguments. */
const ARGUMENT_OPTION: Record<string, 'mediation' | 'message' | 'code'> = {
  accueil: 'mediation',
  rejoindre: 'mediation',
  contact: 'message',
  lier: 'code',
};

/**
 * The slash commands: the conversation's consumer commands, `/rejoindre` (join a mediation by its
 * identifier) after `/mediations`, `/justificatif` for evidence files, and the server managers'
 * `/annonces`. Names and descriptions are French, with `en-US` localizations, so an English Discord
 * shows English names.
 */
export function slashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const names = consumerCommands.map(discordNameOf);
  names.splice(names.indexOf('mediations') + 1, 0, 'rejoindre');
  names.push(EVIDENCE_COMMAND);
  const consumers = names.map(
    (name): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
      type: ApplicationCommandType.ChatInput,
      ...localizedCommand(name),
      // Usable in servers and in the bot's direct messages.
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: optionsOf(name),
    }),
  );
  return [...consumers, announcementsCommand()];
}

/**
 * `/annonces [salon] [arreter]`. Discord shows it only to members with Manage Server by default
 * (`default_member_permissions`), but a server may change that in its settings: the handler checks the
 * permission again on every use. A server's setting: never in direct messages.
 */
function announcementsCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    ...localizedCommand(ANNOUNCEMENTS_COMMAND),
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        required: false,
        // A server's text and announcement channels: not threads, not voice.
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        ...localized(CHANNEL_OPTION),
      },
      { type: ApplicationCommandOptionType.Boolean, required: false, ...localized(STOP_OPTION) },
    ],
  };
}

/**
 * Each command as this Discord client shows it, by the conversation's name for it: the shared texts say
 * `/start` or `/mesdossiers`, Discord shows `/accueil`, and `/myfiles` to an English client.
 */
export function shownCommandNames(locale: Locale): ReadonlyMap<string, string> {
  let names = shownNames.get(locale);
  if (!names) {
    names = new Map(
      [...consumerCommands, 'rejoindre', EVIDENCE_COMMAND].map((command) => [
        command,
        t(locale, `discord:names.${discordNameOf(command)}`),
      ]),
    );
    shownNames.set(locale, names);
  }
  return names;
}

/** Read for every reply: built once per language. */
const shownNames = new Map<Locale, ReadonlyMap<string, string>>();

function localizedCommand(name: string) {
  return {
    name: t('fr', `discord:names.${name}`),
    name_localizations: { 'en-US': t('en', `discord:names.${name}`) },
    description: t('fr', `discord:commands.${name}`),
    description_localizations: { 'en-US': t('en', `discord:commands.${name}`) },
  };
}

function optionsOf(name: string): RESTPostAPIChatInputApplicationCommandsJSONBody['options'] {
  if (name === EVIDENCE_COMMAND) {
    return [{ type: ApplicationCommandOptionType.Attachment, required: true, ...localized('fichier') }];
  }
  const argument = ARGUMENT_OPTION[name];
  if (!argument) return [];
  return [
    { type: ApplicationCommandOptionType.String, required: false, max_length: 4000, ...localized(argument) },
  ];
}

function localized(option: string) {
  return {
    name: t('fr', `discord:options.${option}.name`),
    name_localizations: { 'en-US': t('en', `discord:options.${option}.name`) },
    description: t('fr', `discord:options.${option}.description`),
    description_localizations: { 'en-US': t('en', `discord:options.${option}.description`) },
  };
}

/** A slash command as the conversation's command: its name there, and its text option as arguments. */
export function conversationCommand(
  commandName: string,
  stringOption: (name: string) => string | null,
): { name: string; args: string } {
  const argument = ARGUMENT_OPTION[commandName];
  return {
    name: conversationNameOf(commandName),
    args: argument ? (stringOption(t('fr', `discord:options.${argument}.name`)) ?? '') : '',
  };
}
