import type { Tx } from '../db/connect.ts';
import { refuse } from '../domain/errors.ts';

/**
 * Who the person behind a command is. Kept apart from the commands themselves so that every area can
 * use it without importing the people commands (and their imports) along.
 */
export function requirePersonId(actor: { kind: string; personId?: string }): string {
  if (actor.kind !== 'person' || !actor.personId) refuse('FORBIDDEN', 'errors:forbidden');
  return actor.personId;
}

export async function loadLivePerson(tx: Tx, personId: string) {
  const person = await tx.person.findUnique({ where: { id: personId } });
  if (!person || person.erasedAt) refuse('NOT_FOUND', 'errors:personNotFound');
  return person;
}
