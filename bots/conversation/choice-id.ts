import { MAX_CHOICE_ID_BYTES } from './types.ts';

/**
 * A button id is `<flow>:<action>[:<arg>…]`, e.g. `vote:cast:<voteId>:ACCEPT`. A uuid is 36 bytes, so
 * an id carries at most one uuid plus short words. Building one that is too long is a bug, caught here
 * rather than by the platform refusing the whole message.
 */
export function choiceId(...parts: string[]): string {
  const id = parts.join(':');
  if (Buffer.byteLength(id, 'utf8') > MAX_CHOICE_ID_BYTES || parts.some((part) => part.includes(':'))) {
    throw new Error(`choice id too long or malformed: ${parts[0]}:${parts[1]}`);
  }
  return id;
}

export function parseChoiceId(id: string): { flow: string; action: string; args: string[] } {
  const [flow = '', action = '', ...args] = id.split(':');
  return { flow, action, args };
}
