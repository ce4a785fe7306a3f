import type { Flow } from '../flow.ts';

/** Every flow of the consumer journey; `createConversation(core, consumerFlows)` routes between them. */
export const consumerFlows: readonly Flow[] = [];
