import { identifyPerson, setLocale } from './people.ts';

/** The registry of every command; `createCore` exposes each one as a method. */
export const allCommands = {
  identifyPerson,
  setLocale,
};
