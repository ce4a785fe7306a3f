import { type FileHandle, open } from 'node:fs/promises';

/**
 * The few lines of the tar format (POSIX ustar) a backup needs: flat regular files with short names,
 * written one after the other and read back in order. A backup is then one file any `tar tf` can list
 * and any `tar xf` can open, without a dependency. Names are ASCII, at most 100 bytes.
 */
const BLOCK = 512;
/** The ustar size field holds 11 octal digits. */
const MAX_SIZE = 8 ** 11 - 1;

export interface TarEntry {
  name: string;
  bytes: Uint8Array;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

/** Opens `path` (never over an existing file, readable by its owner only) and writes entries to it. */
export async function createTarWriter(path: string) {
  const file = await open(path, 'wx', 0o600);
  let position = 0;
  const write = async (bytes: Uint8Array) => {
    await file.write(bytes, 0, bytes.length, position);
    position += bytes.length;
  };
  return {
    async add(entry: TarEntry): Promise<void> {
      await write(header(entry.name, entry.bytes.length));
      await write(entry.bytes);
      await write(new Uint8Array(padding(entry.bytes.length)));
    },
    /** Ends the archive (two empty blocks) and makes it durable. */
    async finish(): Promise<void> {
      await write(new Uint8Array(2 * BLOCK));
      await file.sync();
      await file.close();
    },
    /** Closes the file without ending it (the caller removes it). */
    abandon: () => file.close().catch(() => {}),
  };
}

/** Reads the entries of a tar file in order, one at a time (a database dump is held whole anyway). */
export async function* readTar(path: string): AsyncGenerator<TarEntry & { bytes: Buffer<ArrayBuffer> }> {
  const file = await open(path, 'r');
  try {
    let position = 0;
    for (;;) {
      const block = await readExactly(file, position, BLOCK);
      if (block.every((byte) => byte === 0)) return;
      const { name, size, type } = parseHeader(block);
      position += BLOCK;
      const bytes = await readExactly(file, position, size);
      position += size + padding(size);
      // Folders (`tar` adds them when someone repacks a backup) carry nothing.
      if (type === '5') continue;
      if (type !== '0' && type !== '\0') throw new TarFormatError(`unsupported entry ${name} (type ${type})`);
      yield { name, bytes };
    }
  } finally {
    await file.close();
  }
}

function header(name: string, size: number): Uint8Array {
  const nameBytes = Buffer.from(name, 'ascii');
  if (nameBytes.length > 100 || !/^[\x21-\x7e]+$/.test(name)) throw new TarFormatError(`bad name ${name}`);
  if (size > MAX_SIZE) throw new TarFormatError(`${name} is too large for a tar entry`);
  const block = Buffer.alloc(BLOCK);
  nameBytes.copy(block, 0);
  block.write(octal(0o600, 7), 100, 'ascii'); // mode
  block.write(octal(0, 7), 108, 'ascii'); // uid
  block.write(octal(0, 7), 116, 'ascii'); // gid
  block.write(octal(size, 11), 124, 'ascii');
  block.write(octal(Math.floor(Date.now() / 1000), 11), 136, 'ascii'); // mtime
  block.write('0', 156, 'ascii'); // a regular file
  block.write('ustar\0' + '00', 257, 'ascii');
  // The checksum is computed with its own field as eight spaces.
  block.fill(0x20, 148, 156);
  block.write(`${checksum(block).toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function parseHeader(block: Buffer): { name: string; size: number; type: string } {
  const stored = parseOctal(block.subarray(148, 156));
  const copy = Buffer.from(block);
  copy.fill(0x20, 148, 156);
  if (stored !== checksum(copy)) throw new TarFormatError('damaged header (checksum)');
  const prefix = text(block.subarray(345, 500));
  const name = text(block.subarray(0, 100));
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: parseOctal(block.subarray(124, 136)),
    type: String.fromCharCode(block[156] ?? 0),
  };
}

async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer<ArrayBuffer>> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new TarFormatError('the file ends in the middle of an entry (truncated)');
    done += bytesRead;
  }
  return buffer;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;
const octal = (value: number, digits: number) => `${value.toString(8).padStart(digits, '0')}\0`;
const checksum = (block: Buffer) => block.reduce((sum, byte) => sum + byte, 0);
const text = (field: Buffer) => field.toString('ascii').replace(/\0.*$/s, '');

function parseOctal(field: Buffer): number {
  const digits = text(field).trim();
  if (!/^[0-7]+$/.test(digits)) throw new TarFormatError('damaged header (number)');
  return Number.parseInt(digits, 8);
}
