import { broadcastMessage } from './broadcast.ts';
import { cancelMediation, closeMediationAsFailed, extendMediation } from './ending-commands.ts';
import { inviteCompany, recordOffer, replaceOffer, returnOffer } from './negotiation-commands.ts';
import { makeNewsPrivate, makeNewsPublic } from './publicity-commands.ts';
import { closeRegistration, openRegistration } from './registration-commands.ts';
import { createCompany, createMediation, updateCompany, updateMediation } from './setup-commands.ts';

/** Commands of this area; each is registered in core/commands/index.ts through this object. */
export const mediationsCommands = {
  createCompany,
  updateCompany,
  createMediation,
  updateMediation,
  openRegistration,
  closeRegistration,
  inviteCompany,
  returnOffer,
  recordOffer,
  replaceOffer,
  extendMediation,
  cancelMediation,
  closeMediationAsFailed,
  broadcastMessage,
  makeNewsPublic,
  makeNewsPrivate,
};
