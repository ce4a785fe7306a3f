/** Commands of this area; each is registered in core/commands/index.ts through this object. */
export const mediationsCommands = {};
