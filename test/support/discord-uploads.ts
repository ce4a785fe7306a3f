/**
 * What discord.js sends the fake Discord: JSON, or multipart/form-data when a message carries files
 * (the message as `payload_json`, each file as `files[n]` with its name and type), as Discord takes it.
 */

// biome-ignore lint/suspicious/noExplicitAny: Discord payloads (an object, or a list of commands) are checked by the tests that read them.
type Payload = any;

/** A file attached to a message the bot sent, as Discord received it. */
export interface DiscordUpload {
  /** The part's field, `files[0]`…: discord.js numbers them in the order given. */
  field: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export async function readDiscordBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: Payload; files: DiscordUpload[] }> {
  if (contentType.includes('application/json'))
    return { body: raw.length ? JSON.parse(raw.toString()) : undefined, files: [] };
  if (!contentType.startsWith('multipart/form-data')) return { body: undefined, files: [] };
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const files: DiscordUpload[] = [];
  let body: Payload;
  for (const [field, value] of form) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
      continue;
    }
    const bytes = new Uint8Array(await value.arrayBuffer());
    files.push({ field, name: value.name, contentType: value.type, bytes });
  }
  return { body, files };
}
