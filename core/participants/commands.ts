import { describeComplaint, shareDescription } from './complaint.ts';
import { admitParticipant, rejectParticipant } from './decision.ts';
import { addEvidence, removeEvidence } from './evidence.ts';
import { viewEvidence } from './evidence-viewing.ts';
import { answerEligibility, joinMediation } from './join.ts';
import { submitFile } from './submission.ts';
import { withdraw } from './withdrawal.ts';

/** Commands of this area; each is registered in core/commands/index.ts through this object. */
export const participantsCommands = {
  joinMediation,
  answerEligibility,
  describeComplaint,
  shareDescription,
  addEvidence,
  removeEvidence,
  viewEvidence,
  submitFile,
  admitParticipant,
  rejectParticipant,
  withdraw,
};
