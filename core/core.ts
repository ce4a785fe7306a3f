import { type Command, execute } from './commands/command.ts';
import { allCommands } from './commands/index.ts';
import type { CoreDeps } from './deps.ts';
import type { Actor } from './domain/actor.ts';
import type { Result } from './domain/errors.ts';
import { bindQueries, type CoreQueries } from './queries.ts';

type CommandMap = typeof allCommands;
type InputOf<C> = C extends Command<infer _I, infer _O, infer Raw> ? Raw : never;
type OutputOf<C> = C extends Command<infer _I, infer O, infer _Raw> ? O : never;

/** Every command as a method: `core.castBallot(actor, input)` → `Result`. */
export type CoreCommands = {
  [Name in keyof CommandMap]: (
    actor: Actor,
    input: InputOf<CommandMap[Name]>,
  ) => Promise<Result<OutputOf<CommandMap[Name]>>>;
};

export interface Core extends CoreCommands {
  deps: CoreDeps;
  query: CoreQueries;
}

export function createCore(deps: CoreDeps): Core {
  const commands = Object.fromEntries(
    Object.entries(allCommands).map(([name, command]) => [
      name,
      (actor: Actor, input: unknown) => execute(deps, command as Command<unknown, unknown>, actor, input),
    ]),
  ) as CoreCommands;
  return { ...commands, deps, query: bindQueries(deps) };
}
