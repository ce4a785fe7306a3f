/** What became of fetching a file a person sent, on any platform. */
export type Download = { status: 'ok'; bytes: Uint8Array } | { status: 'tooLarge' } | { status: 'failed' };

/**
 * Reads a downloaded file's body, never keeping more than `maxBytes`: the size a platform announces is
 * not a promise, so the bytes actually received are counted too, and the download stops past the limit.
 */
export async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Download> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { status: 'tooLarge' };
    }
    chunks.push(value);
  }
  return { status: 'ok', bytes: Buffer.concat(chunks) };
}
