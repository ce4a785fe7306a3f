import type { MediatorAction } from '../action.ts';
import {
  closeAdhesion,
  closeSucceeded,
  listPayouts,
  markPayoutSent,
  openAdhesion,
  viewPayoutProofs,
} from './agreement.ts';
import { companyLink, companyNotice, createCompany, editCompany } from './companies.ts';
import { viewEvidence } from './evidence.ts';
import {
  cancelMediation,
  closeMediationAsFailed,
  closeRegistration,
  createMediation,
  editMediation,
  extendMediation,
  listMediations,
  openRegistration,
  showMediation,
} from './mediations.ts';
import {
  closeVote,
  extendVote,
  inviteCompany,
  openVote,
  recordOffer,
  replaceOffer,
  returnOffer,
} from './offers-and-votes.ts';
import {
  admitParticipant,
  answerContact,
  broadcast,
  listParticipants,
  rejectParticipant,
} from './participants.ts';
import { makePrivate, makePublic } from './publicity.ts';
import { annualReport, auditLog, exportParticipants, statistics, verifyAudit } from './reports.ts';
import { voteList } from './vote-list.ts';

/**
 * Every mediator action of product.md §6, in the order a mediation lives them; help screens list them
 * so. The command line and Slack both offer exactly this list.
 */
export const mediatorActions: readonly MediatorAction<never>[] = [
  listMediations,
  showMediation,
  createCompany,
  editCompany,
  createMediation,
  editMediation,
  openRegistration,
  makePublic,
  makePrivate,
  listParticipants,
  viewEvidence,
  admitParticipant,
  rejectParticipant,
  closeRegistration,
  inviteCompany,
  companyNotice,
  companyLink,
  recordOffer,
  replaceOffer,
  returnOffer,
  openVote,
  extendVote,
  closeVote,
  voteList,
  openAdhesion,
  closeAdhesion,
  listPayouts,
  markPayoutSent,
  viewPayoutProofs,
  closeSucceeded,
  extendMediation,
  cancelMediation,
  closeMediationAsFailed,
  broadcast,
  answerContact,
  statistics,
  exportParticipants,
  auditLog,
  verifyAudit,
  annualReport,
] as MediatorAction<never>[];

/** The action a mediator named, whatever its case; undefined if there is none. */
export function findAction(name: string): MediatorAction<never> | undefined {
  const wanted = name.trim().toLowerCase();
  return mediatorActions.find((action) => action.name === wanted);
}
