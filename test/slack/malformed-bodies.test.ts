import { describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { blockAction, signedHeaders, slashCommand } from '../support/fake-slack.ts';
import { mutate, oddValue, seededRandom } from '../support/fuzz.ts';
import { ALICE, textOf, useSlackApp } from './harness.ts';

// A signed body may still hold anything (a leaked signing secret, a proxy's mangling): whatever it
// holds, the app stays up, answers no 5xx and shows a mediator no internals.
const h = useSlackApp({ actions: mediatorActions });

const postSigned = async (body: string, contentType = 'application/x-www-form-urlencoded') => {
  const headers = { ...signedHeaders(body), 'content-type': contentType };
  return (await fetch(h.url, { method: 'POST', headers, body })).status;
};

const INTERNALS = /Error\b|\bat .+:\d+|prisma|postgres|undefined|\[object |NaN|stack/i;

async function stillServes() {
  const { answers } = await h.command('aide', ALICE);
  expect(textOf(answers[0])).toContain('/mediation');
}

/** A slash command with one field odd or missing, or a button press with odd fields in its payload. */
function malformedBody(i: number, random: () => number): string {
  if (i % 2 === 0) {
    const form = new URLSearchParams(
      slashCommand({ text: 'list', user: ALICE, responseUrl: h.fake.responseUrl(`f${i}`) }),
    );
    const keys = [...form.keys()];
    const key = keys[Math.floor(random() * keys.length)] ?? 'text';
    const value = oddValue(random);
    if (random() < 0.2) form.delete(key);
    else form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    return form.toString();
  }
  const form = new URLSearchParams(
    blockAction({
      actionId: 'home:refresh',
      value: 'x',
      user: ALICE,
      responseUrl: h.fake.responseUrl(`b${i}`),
    }),
  );
  const payload = JSON.parse(form.get('payload') ?? '{}');
  return new URLSearchParams({ payload: JSON.stringify(mutate(payload, random)) }).toString();
}

describe('malformed but signed Slack bodies', () => {
  it('JSON null and payload=null, which stopped the process, are refused', async () => {
    expect(await postSigned('null', 'application/json')).toBe(400);
    expect(await postSigned('[]', 'application/json')).toBe(400);
    expect(await postSigned('payload=null')).toBe(400);
    expect(await postSigned('payload=%5B%5D')).toBe(400);
    expect(await postSigned('payload=not-json')).toBe(400);
    await stillServes();
  });

  // 400 bodies here, 1,000 updates in test/telegram/malformed-updates.test.ts. Sent 50 at a time: a body
  // that no listener takes waits out Bolt's 3 s before its 404, as it would for Slack.
  it('400 generated malformed commands and button presses: no 5xx, no internals shown', async () => {
    const random = seededRandom(3_12_2026);
    const bodies = Array.from({ length: 400 }, (_, i) => malformedBody(i, random));
    const statuses: number[] = [];
    for (let i = 0; i < bodies.length; i += 50) {
      statuses.push(...(await Promise.all(bodies.slice(i, i + 50).map((body) => postSigned(body)))));
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    for (const posted of h.fake.responses) expect(textOf(posted.body)).not.toMatch(INTERNALS);
    await stillServes();
  }, 120_000);
});
