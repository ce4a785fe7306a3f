import type { Update } from 'telegraf/types';
import { z } from 'zod';

/**
 * The parts of a Telegram update this bot reads, checked before anything handles it: a body that is
 * well signed may still hold anything (a proxy's mangling, a forged request with a leaked secret), and a
 * number where a string was expected must not reach code that calls `.trim()` on it. Fields we only pass
 * along are left loose; a language tag of the wrong kind is dropped rather than the whole update, since
 * the person can still be answered (in French).
 */
const id = z.number().int().safe();
const count = z.number().int().nonnegative().safe();

const user = z.looseObject({
  id,
  is_bot: z.boolean(),
  // A language tag (`fr`, `en-US`): anything else, a NUL byte included, is no language at all.
  language_code: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,35}$/)
    .optional()
    .catch(undefined),
});

const chat = z.looseObject({ id, type: z.string() });

const file = z.looseObject({
  file_id: z.string().min(1).max(256),
  file_size: count.optional(),
  mime_type: z.string().max(255).optional(),
  file_name: z.string().max(1024).optional(),
});

const photoSize = file.extend({ width: count, height: count });

const message = z.looseObject({
  message_id: id,
  date: count,
  chat,
  from: user.optional(),
  text: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string(), offset: count, length: count })).optional(),
  document: file.optional(),
  photo: z.array(photoSize).min(1).optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().min(1).max(256),
  from: user,
  chat_instance: z.string().optional(),
  data: z.string().optional(),
  message: z.looseObject({ message_id: id, chat }).optional(),
});

const update = z.looseObject({
  update_id: count,
  message: message.optional(),
  callback_query: callbackQuery.optional(),
});

/** The update, cleaned of fields of the wrong kind we can do without; null when it cannot be handled. */
export function readUpdate(body: unknown): Update | null {
  const parsed = update.safeParse(body);
  return parsed.success ? (parsed.data as unknown as Update) : null;
}
