import { z } from 'zod';

/**
 * What Bolt needs to find in a signed body before it reads it. Bolt parses the body and routes it
 * before any of our handlers runs, and throws on shapes Slack never sends (`payload=null`, an `actions`
 * that is not a list, a `user` that is null…): such a throw is out of reach of every handler and
 * stopped the process. So the fields Bolt and our handlers read are checked here, the rest left loose.
 */
const object = z.looseObject({});
const optionalObject = object.nullable().optional();

const interaction = z.looseObject({
  type: z.string().min(1).max(64),
  user: z.looseObject({ id: z.string().min(1).max(64) }),
  team: optionalObject,
  channel: z
    .looseObject({ id: z.string().max(64) })
    .nullable()
    .optional(),
  container: optionalObject,
  message: z.looseObject({ ts: z.string().max(64).optional(), type: z.string().optional() }).optional(),
  view: z
    .looseObject({
      id: z.string().optional(),
      callback_id: z.string().max(255).optional(),
      private_metadata: z.string().max(3000).optional(),
      state: z.looseObject({ values: z.record(z.string(), object) }).optional(),
    })
    .optional(),
  state: z.looseObject({ values: z.record(z.string(), object).optional() }).optional(),
  response_url: z.string().max(2048).optional(),
  trigger_id: z.string().max(255).optional(),
  actions: z
    .array(z.looseObject({ action_id: z.string().min(1).max(255), value: z.string().max(2000).optional() }))
    .min(1)
    .optional(),
});

/** The reason a signed body cannot go to Bolt, or null when it can. */
export function unreadableBody(contentType: string, body: string): string | null {
  try {
    if (contentType.startsWith('application/json')) {
      return object.safeParse(JSON.parse(body)).success ? null : 'json body is not an object';
    }
    const payload = new URLSearchParams(body).get('payload');
    if (payload === null) return null;
    const parsed = interaction.safeParse(JSON.parse(payload));
    return parsed.success ? null : 'payload is not an interaction';
  } catch {
    return 'not json';
  }
}
