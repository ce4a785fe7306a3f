import { describe, expect, it } from 'vitest';
import { argsFromWords, splitWords } from '../../bots/mediator/words.ts';
import { checkSlackSignature } from '../../bots/slack/signature.ts';
import { slackSignature } from '../support/fake-slack.ts';

describe('the words of a slash command', () => {
  it('are separated by spaces, with quoted phrases kept whole (straight, curly and French quotes)', () => {
    expect(splitWords('  cancel  red-by-sfr --reason "Offre retirée" ')).toEqual({
      ok: true,
      words: ['cancel', 'red-by-sfr', '--reason', 'Offre retirée'],
    });
    expect(splitWords("note “deux mots” « trois mots ici » 'quatre'")).toEqual({
      ok: true,
      words: ['note', 'deux mots', ' trois mots ici ', 'quatre'],
    });
    expect(splitWords('note l’entreprise')).toEqual({ ok: true, words: ['note', 'l’entreprise'] });
    expect(splitWords('note ""')).toEqual({ ok: true, words: ['note', ''] });
    expect(splitWords('note "pas fermé')).toEqual({ ok: false, problem: 'unclosedQuote' });
  });

  it('become arguments: by position, by --name value, --name=value, a lone --flag, repeated options', () => {
    const action = { positional: ['mediation', 'closesAt'] };
    expect(argsFromWords(action, ['red', '2026-04-01'])).toEqual({
      ok: true,
      args: { mediation: 'red', closesAt: '2026-04-01' },
    });
    expect(argsFromWords(action, ['--closes-at', '2026-04-01', 'red', '--dry-run'])).toEqual({
      ok: true,
      args: { closesAt: '2026-04-01', mediation: 'red', dryRun: true },
    });
    expect(argsFromWords(action, ['--mediation=red', '2026-04-01'])).toEqual({
      ok: true,
      args: { mediation: 'red', closesAt: '2026-04-01' },
    });
    expect(argsFromWords(action, ['a', 'b', 'c'])).toEqual({ ok: false, problem: 'tooManyWords', word: 'c' });
    expect(
      argsFromWords(
        { positional: [] },
        ['--question', 'Un ?', '--question', 'Deux ?'],
        new Set(['question']),
      ),
    ).toEqual({
      ok: true,
      args: { question: ['Un ?', 'Deux ?'] },
    });
  });
});

describe('the signature of a Slack request', () => {
  const secret = 'fakeSigningSecret0123456789abcdef';
  const body = Buffer.from('command=%2Fmediation&text=aide');
  const now = 1_800_000_000;
  const check = (timestamp: string | undefined, signature: string | undefined) =>
    checkSlackSignature({ secret, body, timestamp, signature, nowSeconds: now });

  it('is accepted when it is Slack’s v0 HMAC of the body, made within five minutes', () => {
    expect(check(String(now), slackSignature(body.toString(), secret, now))).toEqual({ ok: true });
    expect(check(String(now - 299), slackSignature(body.toString(), secret, now - 299))).toEqual({
      ok: true,
    });
  });

  it('is refused when missing, stale, from the future, forged or made with another secret', () => {
    expect(check(undefined, 'v0=00')).toEqual({ ok: false, why: 'missing headers' });
    expect(check(String(now), undefined)).toEqual({ ok: false, why: 'missing headers' });
    expect(check('soon', 'v0=00')).toEqual({ ok: false, why: 'missing headers' });
    const old = now - 301;
    expect(check(String(old), slackSignature(body.toString(), secret, old))).toEqual({
      ok: false,
      why: 'stale timestamp',
    });
    const future = now + 301;
    expect(check(String(future), slackSignature(body.toString(), secret, future))).toEqual({
      ok: false,
      why: 'stale timestamp',
    });
    expect(check(String(now), slackSignature(`${body}x`, secret, now))).toEqual({
      ok: false,
      why: 'bad signature',
    });
    expect(check(String(now), slackSignature(body.toString(), 'another-secret', now))).toEqual({
      ok: false,
      why: 'bad signature',
    });
  });
});
