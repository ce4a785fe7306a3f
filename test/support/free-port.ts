import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/** A port nobody listens on right now, on 127.0.0.1 (for servers that cannot be given port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
