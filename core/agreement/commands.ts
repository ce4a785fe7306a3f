import { closeAdhesion, decideAdhesion, openAdhesion } from './adhesion-commands.ts';
import { closeMediationAsSucceeded } from './closing-success.ts';
import {
  confirmPayout,
  markPayoutSent,
  markPayoutsSentByCompany,
  reportPayoutProblem,
} from './payout-commands.ts';
import { viewPayoutProofs } from './payout-proofs.ts';

/** Commands of this area; each is registered in core/commands/index.ts through this object. */
export const agreementCommands = {
  openAdhesion,
  decideAdhesion,
  closeAdhesion,
  markPayoutSent,
  markPayoutsSentByCompany,
  confirmPayout,
  reportPayoutProblem,
  viewPayoutProofs,
  closeMediationAsSucceeded,
};
