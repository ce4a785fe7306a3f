import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/config/logger.ts';
import { isSensitiveKey } from '../../core/config/redaction.ts';

/** A logger writing to memory; `lines()` gives what would have reached the log files. */
function memoryLogger() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', stream), output: () => chunks.join('') };
}

/** Values that identify a person or their complaint: none may appear in a log line. */
const personal = {
  description: 'Mon forfait RED a augmenté sans préavis',
  amountCents: 123456,
  email: 'camille.dupont@example.fr',
  text: 'Bonjour, je voudrais retirer ma plainte',
  firstName: 'Camille',
  evidenceBytes: 'JVBERi0xLjQgc2VjcmV0',
  reason: 'Dossier incomplet : pas de réclamation écrite',
  botToken: '123456:AAF-secret-token',
};

function expectNoPersonalData(output: string) {
  for (const value of Object.values(personal)) expect(output).not.toContain(String(value));
}

describe('the logs', () => {
  it('keep ids and statuses but censor personal values at every depth', () => {
    const { logger, output } = memoryLogger();
    logger.info(
      {
        mediationId: 'med-1',
        status: 'VOTING',
        ...personal,
        payload: { textKey: 'votes:notify.voteOpened', params: { amount: { money: 123456 } } },
        participant: {
          id: 'part-1',
          complaint: { description: personal.description, claim: { amount: 123456 } },
        },
        participants: [{ id: 'part-2', contactEmail: personal.email }],
        outbox: { row: { message: { text: personal.text } } },
      },
      'notification queued',
    );
    const text = output();
    expectNoPersonalData(text);
    expect(text).toContain('"mediationId":"med-1"');
    expect(text).toContain('"status":"VOTING"');
    expect(text).toContain('"id":"part-2"');
    expect(text).toContain('[redacted]');
  });

  it('summarise errors without the row values a database error echoes', () => {
    const { logger, output } = memoryLogger();
    const failure = Object.assign(
      new Error(`insert failed\nDETAIL: Failing row contains (${personal.email}, ${personal.description})`),
      { code: '23502', detail: `Key (email)=(${personal.email}) already exists.`, meta: personal },
    );
    logger.error({ command: 'joinMediation', err: failure }, 'command failed');
    logger.error(new Error('wrapper', { cause: failure }));
    logger.warn(failure);
    const text = output();
    expectNoPersonalData(text);
    expect(text).toContain('"code":"23502"');
    expect(text).toContain('insert failed');
    expect(text).toContain('"msg":"wrapper"');
  });

  it('censor the bindings of child loggers too', () => {
    const { logger, output } = memoryLogger();
    logger.child({ personId: 'p-1', email: personal.email }).info('child line');
    expectNoPersonalData(output());
    expect(output()).toContain('"personId":"p-1"');
  });

  it('tell a sensitive key from a reference to one', () => {
    for (const key of [
      'amountCents',
      'contact_email',
      'complaintText',
      'fileName',
      'SLACK_BOT_TOKEN',
      'params',
    ]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of [
      'evidenceId',
      'textKey',
      'messageKey',
      'commandName',
      'context',
      'status',
      'createdAt',
    ]) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });
});
