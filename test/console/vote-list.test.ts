import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChoiceMenu } from '../../bots/console/choice-menu.ts';
import { CONSOLE_CHAT_ID, consoleChannel } from '../../bots/console/console-channel.ts';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { personIdOf } from '../conversation/account-chat.ts';
import { testDispatch } from '../outbox/support.ts';
import { useTestCore } from '../support/core.ts';
import { votedByPerson } from '../votes/fixtures.ts';
import { pipeLines } from './terminal-driver.ts';

const t = useTestCore();

describe('the published list of a vote, in the terminal chat', () => {
  it('is saved in the downloads folder from the result’s « Télécharger la liste », never over an earlier copy', async () => {
    const conversation = createConversation(t.core, consumerFlows);
    await pipeLines(['/aide'], { conversation });
    const vote = await votedByPerson(t, await personIdOf(t.db, CONSOLE_CHAT_ID));
    const menu = createChoiceMenu();
    const printed: string[] = [];
    const channel = consoleChannel({ menu, write: (line) => printed.push(line) });
    const deliver = () => dispatchOnce(t.core.deps, { people: [channel] }, testDispatch(t.clock));
    await deliver(); // the vote's opening, read while it ran
    printed.length = 0;
    const { list, sha256 } = await vote.close();

    // The result arrives as a notification whose buttons a typed number answers.
    await deliver();
    expect(printed.join('')).toContain('  1. Vérifier mon reçu\n  2. Télécharger la liste\n');

    const downloads = join(await mkdtemp(join(tmpdir(), 'clf-list-')), 'downloads');
    const name = `vote-${vote.voteId.slice(0, 8)}-receipts.csv`;
    const { text: shown } = await pipeLines(['2'], { conversation, menu, downloadsDir: downloads });
    const path = join(downloads, name);
    expect(shown).toContain(text('fr', 'account:vote.list.file', { digest: sha256 }));
    expect(shown).toContain(text('fr', 'console:download.saved', { path }));
    const bytes = await readFile(path);
    expect(bytes.equals(Buffer.from(list, 'utf8'))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    // Readable by this account only, in a folder of its own.
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(downloads)).mode & 0o777).toBe(0o700);

    // A copy the person kept (perhaps annotated) is left alone: the next download gets a new name.
    await writeFile(path, 'mes notes\n');
    menu.reset('choice');
    menu.number([[{ id: `vote:list:${vote.voteId}`, label: 'Télécharger la liste' }]]);
    const again = await pipeLines(['1'], { conversation, menu, downloadsDir: downloads });
    const second = join(downloads, name.replace('.csv', '-2.csv'));
    expect(again.text).toContain(text('fr', 'console:download.saved', { path: second }));
    expect(await readFile(path, 'utf8')).toBe('mes notes\n');
    expect((await readFile(second)).equals(bytes)).toBe(true);
    expect(new Set(await readdir(downloads))).toEqual(new Set([name, name.replace('.csv', '-2.csv')]));
  });
});
