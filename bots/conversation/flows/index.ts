import type { Flow } from '../flow.ts';
import { adhesionFlow } from './adhesion.ts';
import { browseFlow } from './browse.ts';
import { cancelFlow } from './cancel.ts';
import { contactFlow } from './contact.ts';
import { eraseFlow } from './erase.ts';
import { exportFlow } from './export.ts';
import { faqFlow } from './faq.ts';
import { helpFlow } from './help.ts';
import { joinFlow } from './join.ts';
import { languageFlow } from './language.ts';
import { linkFlow } from './link.ts';
import { myFilesFlow } from './my-files.ts';
import { payoutFlow } from './payout.ts';
import { privacyFlow } from './privacy.ts';
import { unlinkFlow } from './unlink.ts';
import { voteFlow } from './vote.ts';
import { welcomeFlow } from './welcome.ts';
import { withdrawFlow } from './withdraw.ts';

/** Every flow of the consumer journey; `createConversation(core, consumerFlows)` routes between them. */
export const consumerFlows: readonly Flow[] = [
  welcomeFlow,
  browseFlow,
  joinFlow,
  cancelFlow,
  myFilesFlow,
  voteFlow,
  adhesionFlow,
  payoutFlow,
  withdrawFlow,
  languageFlow,
  helpFlow,
  faqFlow,
  privacyFlow,
  contactFlow,
  exportFlow,
  eraseFlow,
  linkFlow,
  unlinkFlow,
];
