import { broadcastMessage } from './broadcast.ts';
import { cancelMediation, closeMediationAsFailed, extendMediation } from './ending-commands.ts';
import { inviteCompany, recordOffer, replaceOffer } from './negotiation-commands.ts';
import { closeRegistration, openRegistration } from './registration-commands.ts';
import { createCompany, createMediation, updateMediation } from './setup-commands.ts';

/** Commands of this area; each is registered in core/commands/index.ts through this object. */
export const mediationsCommands = {
  createCompany,
  createMediation,
  updateMediation,
  openRegistration,
  closeRegistration,
  inviteCompany,
  recordOffer,
  replaceOffer,
  extendMediation,
  cancelMediation,
  closeMediationAsFailed,
  broadcastMessage,
};
