import { describe, expect, it } from 'vitest';
import { t as text } from '../../core/i18n/index.ts';
import { type DiscordHarness, seenBy, slash, useDiscordBot } from './harness.ts';

const h: DiscordHarness = useDiscordBot();

describe('/mesdonnees on Discord', () => {
  it('answers with a summary, then the JSON attached, seen by the person only', async () => {
    const jade = h.fake.person({ locale: 'fr' });
    await slash(h, jade, 'aide');
    await slash(h, jade, 'mesdonnees');
    const seen = seenBy(h, jade);
    expect(seen.map((message) => message.content).join('\n')).toContain(
      'Voici ce que nous conservons sur vous',
    );
    const answer = seen.find((message) => message.files.length > 0);
    expect(answer?.content).toBe(text('fr', 'account:export.json'));
    expect(answer?.flags).toBe(64);
    const [file, ...more] = answer?.files ?? [];
    expect(more).toEqual([]);
    expect(file?.name).toMatch(/^mes-donnees-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(Buffer.from(file?.bytes ?? []).toString('utf8'));
    expect(data.identities).toEqual([expect.objectContaining({ platform: 'DISCORD', externalId: jade.id })]);
    expect(data).toHaveProperty('auditEntries');
  });
});
