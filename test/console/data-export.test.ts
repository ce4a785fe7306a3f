import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CHAT_ID } from '../../bots/console/console-channel.ts';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { t as text } from '../../core/i18n/index.ts';
import { personIdOf } from '../conversation/account-chat.ts';
import { useTestCore } from '../support/core.ts';
import { pipeLines } from './terminal-driver.ts';

const t = useTestCore();

describe('/mesdonnees in the terminal chat', () => {
  it('prints a short summary and saves the JSON copy in the downloads folder, with its path', async () => {
    const conversation = createConversation(t.core, consumerFlows);
    const downloads = join(await mkdtemp(join(tmpdir(), 'clf-export-')), 'downloads');
    const { text: shown } = await pipeLines(['/mesdonnees'], { conversation, downloadsDir: downloads });
    const path = join(downloads, 'mes-donnees-2026-03-02.json');
    expect(shown).toContain('Voici ce que nous conservons sur vous');
    expect(shown).toContain(text('fr', 'console:download.saved', { path }));
    const data = JSON.parse(await readFile(path, 'utf8'));
    expect(data.person.id).toBe(await personIdOf(t.db, CONSOLE_CHAT_ID));
    expect(data.identities).toEqual([expect.objectContaining({ platform: 'CONSOLE' })]);
    expect(data).toHaveProperty('auditEntries');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
