import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request's body, read as it arrives and abandoned as soon as it passes `limit` bytes: a declared
 * `content-length` may lie or be missing (chunked), so only the bytes actually received count.
 */
export function readLimitedBody(request: IncomingMessage, limit: number): Promise<Buffer | 'tooLarge'> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.resolve('tooLarge');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.off('end', onEnd);
      request.pause();
      resolve('tooLarge');
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', reject);
  });
}

/** 413, then the connection is closed: the rest of an oversized body is never read. */
export function refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
  response.statusCode = 413;
  response.setHeader('connection', 'close');
  response.end(() => request.destroy());
}
