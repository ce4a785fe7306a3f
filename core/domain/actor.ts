/**
 * Who runs a command. Adapters build mediator actors only for people they have checked against the
 * configured mediator list; the core then enforces which kind of actor each command accepts.
 */
export type Actor =
  | { kind: 'person'; personId: string }
  | { kind: 'mediator'; mediatorId: string }
  | { kind: 'system'; name: string }
  /** A company's contact signed in to its portal (issue 15): for that one mediation, never another. */
  | { kind: 'company'; companyId: string; mediationId: string };

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
export const mediatorActor = (mediatorId: string): Actor => ({ kind: 'mediator', mediatorId });
export const personActor = (personId: string): Actor => ({ kind: 'person', personId });
export const companyActor = (companyId: string, mediationId: string): Actor => ({
  kind: 'company',
  companyId,
  mediationId,
});

/** The stable text recorded in the audit log and in "done by" columns. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'person':
      return `person:${actor.personId}`;
    case 'mediator':
      return `mediator:${actor.mediatorId}`;
    case 'system':
      return `system:${actor.name}`;
    case 'company':
      return `company:${actor.companyId}`;
  }
}
