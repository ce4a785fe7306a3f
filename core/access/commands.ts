import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]+$/u;

/**
 * Someone who is not a configured mediator tried a mediator action (a Slack slash command, a button).
 * Nothing changes, but the attempt is kept in the audit log, so the team can see who knocked. Only the
 * platform account and the action's name are recorded: never the arguments, which may quote a person.
 */
export const recordRefusedMediatorAccess = defineCommand({
  name: 'recordRefusedMediatorAccess',
  actors: ['system'],
  input: z.object({
    /** The account as the adapter names mediators: `slack:<team>:<user>`. */
    // No control character (a NUL cannot even be stored): whatever a forged request carried.
    platformUserId: z.string().trim().min(1).max(200).regex(NO_CONTROL_CHARACTERS),
    /** What was tried: `command:open-vote`, `button:contact-reply`. */
    attempted: z.string().trim().min(1).max(100).regex(NO_CONTROL_CHARACTERS),
  }),
  async run(ctx, input) {
    ctx.audit({
      action: 'mediator.accessRefused',
      details: { platformUserId: input.platformUserId, attempted: input.attempted },
    });
    return { recorded: true };
  },
});

export const accessCommands = { recordRefusedMediatorAccess };
