import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/config/logger.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { OutputFile } from '../mediator/action.ts';

/**
 * Hands files to one mediator in their direct messages with the app, never in the shared channel: a
 * CSV export names people, proofs are bank statements and letters. One upload for all of them, each
 * under the name its owner gave it when there is one. Returns what to tell the mediator.
 */
export async function uploadPrivately(
  client: webApi.WebClient,
  userId: string,
  files: readonly OutputFile[],
  env: { locale: Locale; logger: Logger },
): Promise<string> {
  const names = files.map((file) => file.label ?? file.name).join(', ');
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('no direct message channel');
    await client.files.uploadV2({
      channel_id: channel,
      file_uploads: files.map((file) => {
        const name = file.label ?? file.name;
        const body =
          typeof file.content === 'string' ? { content: file.content } : { file: Buffer.from(file.content) };
        return { filename: name, title: name, ...body };
      }),
    });
    return t(env.locale, 'slack:file.sent', { count: files.length, name: names });
  } catch (error) {
    env.logger.error({ err: error, files: files.length }, 'slack file not uploaded');
    return t(env.locale, 'slack:file.failed', { count: files.length, name: names });
  }
}
