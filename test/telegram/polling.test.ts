import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consumerCommands } from '../../bots/conversation/commands.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { t as text } from '../../core/i18n/index.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { useTelegramBot } from './harness.ts';
import { probeFlow, seenBy } from './probe-flow.ts';

const h = useTelegramBot({
  flows: [...consumerFlows, probeFlow],
  // Small enough that a test file can be over the limit.
  env: { MAX_EVIDENCE_MB: '1' },
  wrap: (conversation) => ({
    handle: (incoming) => {
      if (incoming.event.type === 'text' && incoming.event.text === 'boum') throw new Error('bug of ours');
      return conversation.handle(incoming);
    },
  }),
});

const MB = 1024 * 1024;

describe('the Telegram bot, by long polling', () => {
  it('registers its command menu in French by default and for French apps, and in English with English names', () => {
    const menus = h.fake.callsOf('setMyCommands').map((call) => call.body);
    expect(menus.map((menu) => menu.language_code)).toEqual([undefined, 'fr', 'en']);
    const describe = (language: string | undefined, command: string) =>
      menus
        .find((menu) => menu.language_code === language)
        ?.commands.find((c: { command: string }) => c.command === command)?.description;
    expect(describe(undefined, 'mesdossiers')).toBe(text('fr', 'telegram:commands.mesdossiers'));
    expect(describe('fr', 'supprimer')).toBe(text('fr', 'telegram:commands.supprimer'));
    expect(describe('en', 'erase')).toBe(text('en', 'telegram:commands.supprimer'));
    expect(describe('en', 'help')).toBe(text('en', 'telegram:commands.aide'));
    expect(describe('en', 'supprimer')).toBeUndefined();
    expect(menus[2]?.commands).toHaveLength(consumerCommands.length);
  });

  it('answers /start and knows the person afterwards', async () => {
    const person = h.fake.person({ languageCode: 'fr' });
    await person.sendCommand('/start');
    const [first] = await waitFor(() => person.texts().length > 0 && person.texts());
    expect(first).toContain(text('fr', 'joining:welcome.intro').slice(0, 40));
    const identity = await h.t.db.prisma.platformIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'TELEGRAM', externalId: String(person.id) } },
    });
    expect(identity).toMatchObject({ chatId: String(person.chatId), languageCode: 'fr' });
    // Plain text: nothing a person or a mediation title contains can be read as markup.
    expect(person.received().every((body) => body.parse_mode === undefined)).toBe(true);
  });

  it('reads /name@ThisBot as a command and ignores a command addressed to another bot', async () => {
    const person = h.fake.person();
    await person.sendCommand('/sonde@OtherBot');
    await person.sendCommand('/sonde@TestNameBot premier');
    await waitFor(() => person.texts().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(person.texts()).toEqual(['Sonde prête (premier)']);
  });

  it('routes a button press to its flow and answers the callback query', async () => {
    const person = h.fake.person();
    await person.sendCommand('/sonde');
    await waitFor(() => person.texts().length === 1);
    const keyboard = person.received()[0]?.reply_markup.inline_keyboard;
    expect(keyboard).toEqual([
      [
        { text: 'Option A', callback_data: 'probe:pick:a' },
        { text: 'Option B', callback_data: 'probe:pick:b' },
      ],
    ]);
    const answeredBefore = h.fake.callsOf('answerCallbackQuery').length;
    await person.press('probe:pick:b');
    await waitFor(() => person.texts().length === 2);
    expect(person.texts()[1]).toBe('Choisi : pick b');
    expect(seenBy(person.id).at(-1)?.event).toEqual({ type: 'choice', id: 'probe:pick:b' });
    expect(h.fake.callsOf('answerCallbackQuery').length).toBe(answeredBefore + 1);
  });

  it('downloads the largest size of a photo and gives its bytes to the conversation', async () => {
    const person = h.fake.person();
    await person.sendCommand('/sonde');
    await waitFor(() => person.texts().length === 1);
    const large = randomBytes(300_000);
    const small = h.fake.addFile(randomBytes(2_000));
    const big = h.fake.addFile(large);
    await person.sendPhoto([
      { file_id: small.fileId, width: 90, height: 120, file_size: small.size },
      { file_id: big.fileId, width: 960, height: 1280, file_size: big.size },
    ]);
    await waitFor(() => person.texts().length === 2);
    expect(person.texts()[1]).toBe(`Reçu ${large.length} octets`);
    expect(h.fake.callsOf('getFile').at(-1)?.body.file_id).toBe(big.fileId);
    const event = seenBy(person.id).at(-1)?.event;
    expect(event?.type === 'file' && Buffer.from(event.file.bytes).equals(large)).toBe(true);
    expect(event?.type === 'file' && event.file.declaredMimeType).toBe('image/jpeg');
  });

  it('passes a document on with its declared name and type', async () => {
    const person = h.fake.person();
    await person.sendCommand('/sonde');
    await waitFor(() => person.texts().length === 1);
    const file = h.fake.addFile(Buffer.from('%PDF-1.4 facture'));
    await person.sendDocument({
      file_id: file.fileId,
      file_size: file.size,
      file_name: 'facture.pdf',
      mime_type: 'application/pdf',
    });
    await waitFor(() => person.texts().length === 2);
    expect(seenBy(person.id).at(-1)?.event).toMatchObject({
      type: 'file',
      file: { declaredMimeType: 'application/pdf', fileName: 'facture.pdf' },
    });
  });

  it('refuses a file over the limit without downloading it, and keeps the person on the same step', async () => {
    const person = h.fake.person({ languageCode: 'en' });
    await person.sendCommand('/sonde');
    await waitFor(() => person.texts().length === 1);
    const announced = h.fake.addFile(randomBytes(2 * MB));
    const unannounced = h.fake.addFile(randomBytes(Math.round(1.5 * MB)));
    const fileCalls = () => [...h.fake.callsOf('getFile'), ...h.fake.callsOf('downloadFile')].length;
    const before = fileCalls();
    await person.sendDocument({ file_id: announced.fileId, file_size: announced.size, file_name: 'big.pdf' });
    await waitFor(() => person.texts().length === 2);
    expect(person.texts()[1]).toBe(text('en', 'telegram:fileTooLarge', { maxMb: 1 }));
    expect(fileCalls()).toBe(before);
    // No size announced: getFile tells, and still nothing is downloaded.
    await person.sendDocument({ file_id: unannounced.fileId, file_name: 'big2.pdf' });
    await waitFor(() => person.texts().length === 3);
    expect(h.fake.callsOf('getFile').at(-1)?.body.file_id).toBe(unannounced.fileId);
    expect(
      h.fake.callsOf('downloadFile').some((call) => call.body.file_path.includes(unannounced.fileId)),
    ).toBe(false);
    expect(seenBy(person.id).every((seen) => seen.event.type !== 'file')).toBe(true);
    // Still waiting for a file: a small one is taken.
    const fine = h.fake.addFile(randomBytes(1000));
    await person.sendPhoto([{ file_id: fine.fileId, width: 10, height: 10, file_size: fine.size }]);
    await waitFor(() => person.texts().length === 4);
    expect(person.texts()[3]).toBe('Reçu 1000 octets');
  });

  it('splits a reply over 4096 characters at paragraph breaks, buttons under the last part', async () => {
    const person = h.fake.person();
    await person.sendCommand('/long');
    await waitFor(() => person.texts().length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const parts = person.received();
    expect(parts.length).toBe(2);
    for (const part of parts) expect(String(part.text).length).toBeLessThanOrEqual(4096);
    expect(String(parts[1]?.text).startsWith('§')).toBe(true);
    expect(parts[0]?.reply_markup).toBeUndefined();
    expect(parts[1]?.reply_markup.inline_keyboard[0][0].callback_data).toBe('probe:pick:end');
  });

  it('never sends a button whose data Telegram would refuse', async () => {
    const person = h.fake.person();
    await person.sendCommand('/troplong');
    await person.sendCommand('/sonde');
    await waitFor(() => person.texts().length === 2);
    // Our bug, not theirs: the update is kept to try again, and the person is told it is not lost.
    expect(person.texts()[0]).toMatch(/^Le service est momentanément indisponible/);
    expect(person.texts()[1]).toBe('Sonde prête');
    expect(
      h.fake.callsOf('sendMessage').some((call) => JSON.stringify(call.body).includes('x'.repeat(60))),
    ).toBe(false);
  });

  it('keeps polling after an update fails, tells the person, and keeps that update to handle again', async () => {
    const person = h.fake.person();
    await person.sendCommand('/sonde');
    await waitFor(() => person.texts().length === 1);
    const claims = () => h.t.db.prisma.inboundUpdate.count({ where: { platform: 'TELEGRAM' } });
    const claimedBefore = await claims();
    await person.sendText('boum');
    const failure = await waitFor(() => h.logs.find((line) => line.msg === 'update failed'));
    await waitFor(() => person.texts().length === 2);
    expect(person.texts()[1]).toMatch(
      /^Le service est momentanément indisponible\. Votre message n’est pas perdu/,
    );
    await person.sendText('encore là ?');
    await waitFor(() => person.texts().length === 3);
    expect(person.texts()[2]).toBe('Lu : encore là ?');
    expect(h.errors).toEqual([]);
    // Logged for us, without what the person wrote.
    expect(failure).toMatchObject({ level: 50, updateType: 'message' });
    expect(JSON.stringify(h.logs)).not.toContain('boum');
    // The failed update stays to be handled again (after its lease, here or on another instance).
    expect(await claims()).toBe(claimedBefore + 2);
    const unfinished = await h.t.db.prisma.inboundUpdate.findMany({ where: { status: 'received' } });
    expect(unfinished.map((row) => (row.body as { message: { text: string } }).message.text)).toEqual([
      'boum',
    ]);
  });

  it('answers politely in a group, only when called, and creates no one', async () => {
    const member = h.fake.person({ chatType: 'group', languageCode: 'en' });
    await member.sendText('hello everyone');
    await member.sendCommand('/start');
    await waitFor(() => member.texts().length === 1);
    expect(member.texts()).toEqual([text('en', 'telegram:privateChatOnly')]);
    const identities = await h.t.db.prisma.platformIdentity.count({
      where: { externalId: String(member.id) },
    });
    expect(identities).toBe(0);
  });

  it('says what it can read when sent a sticker', async () => {
    const person = h.fake.person({ languageCode: 'fr' });
    await person.sendSticker();
    await waitFor(() => person.texts().length === 1);
    expect(person.texts()).toEqual([text('fr', 'telegram:unsupportedMessage')]);
  });
});
