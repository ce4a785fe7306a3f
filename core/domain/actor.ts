/**
 * Who runs a command. Adapters build mediator actors only for people they have checked against the
 * configured mediator list; the core then enforces which kind of actor each command accepts.
 */
export type Actor =
  | { kind: 'person'; personId: string }
  | { kind: 'mediator'; mediatorId: string }
  | { kind: 'system'; name: string };

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
export const mediatorActor = (mediatorId: string): Actor => ({ kind: 'mediator', mediatorId });
export const personActor = (personId: string): Actor => ({ kind: 'person', personId });

/** The stable text recorded in the audit log and in "done by" columns. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'person':
      return `person:${actor.personId}`;
    case 'mediator':
      return `mediator:${actor.mediatorId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
