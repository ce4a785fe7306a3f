import { choiceId } from '../../bots/conversation/choice-id.ts';
import type { Flow } from '../../bots/conversation/flow.ts';
import type { IncomingEvent } from '../../bots/conversation/types.ts';

/** Every event the probe flow received, newest last: what reached the conversation through the adapter. */
export const probeSeen: { userId: string; event: IncomingEvent }[] = [];

export const LONG_PARAGRAPH = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(30).trim();

/**
 * A flow for adapter tests, independent of the consumer journey: `/sonde` offers two buttons and waits
 * for a file; `/long` answers a text of about 7 000 characters; `/troplong` draws a button whose id is
 * too long for Telegram.
 */
export const probeFlow: Flow = {
  name: 'probe',
  commands: ['sonde', 'long', 'troplong'],
  async start(ctx, args) {
    probeSeen.push({ userId: ctx.incoming.userId, event: ctx.incoming.event });
    const event = ctx.incoming.event;
    const name = event.type === 'command' ? event.name : '';
    if (name === 'long') {
      const text = Array.from({ length: 4 }, (_, index) => `§${index + 1} ${LONG_PARAGRAPH}`).join('\n\n');
      return [{ text, choices: [[{ id: choiceId('probe', 'pick', 'end'), label: 'Fin' }]] }];
    }
    if (name === 'troplong')
      return [{ text: 'Trop long', choices: [[{ id: `probe:pick:${'x'.repeat(60)}`, label: 'X' }]] }];
    ctx.next('probe', 'file');
    return [
      {
        text: `Sonde prête${args ? ` (${args})` : ''}`,
        choices: [
          [
            { id: choiceId('probe', 'pick', 'a'), label: 'Option A' },
            { id: choiceId('probe', 'pick', 'b'), label: 'Option B' },
          ],
        ],
        expects: 'file',
      },
    ];
  },
  async onChoice(ctx, action, args) {
    probeSeen.push({ userId: ctx.incoming.userId, event: ctx.incoming.event });
    return [{ text: `Choisi : ${action} ${args.join(' ')}` }];
  },
  async onInput(ctx, event) {
    probeSeen.push({ userId: ctx.incoming.userId, event });
    if (event.type === 'file') return [{ text: `Reçu ${event.file.bytes.length} octets` }];
    return [{ text: `Lu : ${event.text}` }];
  },
};

export const seenBy = (userId: number | string) => probeSeen.filter((seen) => seen.userId === String(userId));
