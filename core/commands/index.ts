import { accessCommands } from '../access/commands.ts';
import { agreementCommands } from '../agreement/commands.ts';
import { announcementsCommands } from '../announcements/commands.ts';
import { companyCommands } from '../company/commands.ts';
import { mediationsCommands } from '../mediations/commands.ts';
import { participantsCommands } from '../participants/commands.ts';
import { peopleCommands } from '../people/commands.ts';
import { votesCommands } from '../votes/commands.ts';

/** The registry of every command; `createCore` exposes each one as a method. */
export const allCommands = {
  ...peopleCommands,
  ...mediationsCommands,
  ...participantsCommands,
  ...votesCommands,
  ...agreementCommands,
  ...accessCommands,
  ...announcementsCommands,
  ...companyCommands,
};
