import { describe, expect, it } from 'vitest';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { fixedOffer } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { votedByPerson } from '../votes/fixtures.ts';
import { buttonLabels, chatAs, personIdOf } from './account-chat.ts';

const t = useTestCore({ checkAuditChain: true });

/** A person of the terminal chat, in this language, whose vote is running. */
async function voter(userId: string, language: 'fr' | 'en') {
  const chat = chatAs(t.core, userId, language);
  await chat.command('aide');
  return { chat, vote: await votedByPerson(t, await personIdOf(t.db, userId)) };
}

describe('the published list in the chat', () => {
  it('is the file `vote-<id>-receipts.csv`, text/csv, with its sentence in the person’s language', async () => {
    const { chat, vote } = await voter('list-en', 'en');
    const { list, sha256 } = await vote.close();
    expect(buttonLabels(await chat.press(`vote:open:${vote.voteId}`))).toEqual([
      'Check my receipt',
      'Download the list',
    ]);
    const [reply, ...more] = await chat.press(`vote:list:${vote.voteId}`);
    expect(more).toEqual([]);
    expect(reply?.text).toBe(text('en', 'account:vote.list.file', { digest: sha256 }));
    expect(reply?.file?.name).toBe(`vote-${vote.voteId.slice(0, 8)}-receipts.csv`);
    expect(reply?.file?.mimeType).toBe('text/csv');
    expect(Buffer.from(reply?.file?.bytes ?? []).toString('utf8')).toBe(list);
  });

  it('is not offered for a vote voided by a replaced offer, and its button is stale there', async () => {
    const { chat, vote } = await voter('list-voided', 'fr');
    const mediator = mediatorActor('U0MEDIATOR');
    unwrap(await t.core.replaceOffer(mediator, { mediationId: vote.mediationId, ...fixedOffer(7_500) }));
    const card = await chat.press(`vote:open:${vote.voteId}`);
    expect(card.map((reply) => reply.text).join('\n')).toContain(text('fr', 'account:vote.closed.voided'));
    expect(buttonLabels(card)).toEqual([]);
    const [reply] = await chat.press(`vote:list:${vote.voteId}`);
    expect(reply).toEqual({ text: text('fr', 'conversation:staleButton') });
  });
});
