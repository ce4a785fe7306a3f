import { readFileSync } from 'node:fs';

/**
 * A small reader of schema.prisma: enums, models, fields and their attributes — just what the
 * schema-versus-migrations test needs. The generated client's runtime data model lacks nullability,
 * native types, defaults and indexes, so the schema text itself is the source of truth.
 */
export interface PrismaAttribute {
  /** Without the @ signs: `id`, `db.Timestamptz`, `@@unique` → `unique`. */
  name: string;
  /** Positional arguments, raw text (`[a, b]`, `"x"`, `now()`). */
  positional: string[];
  /** Named arguments, raw text (`onDelete: Cascade` → `{ onDelete: 'Cascade' }`). */
  named: Record<string, string>;
}

export interface PrismaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: PrismaAttribute[];
}

export interface PrismaModel {
  name: string;
  fields: PrismaField[];
  blockAttributes: PrismaAttribute[];
}

export interface PrismaEnum {
  name: string;
  values: string[];
  blockAttributes: PrismaAttribute[];
}

export interface PrismaSchema {
  models: PrismaModel[];
  enums: PrismaEnum[];
}

export const schemaPath = new URL('../../prisma/schema.prisma', import.meta.url).pathname;

export function readSchemaText(path = schemaPath): string {
  return readFileSync(path, 'utf8');
}

export function parsePrismaSchema(text: string): PrismaSchema {
  const schema: PrismaSchema = { models: [], enums: [] };
  let block: { kind: string; model?: PrismaModel; enum?: PrismaEnum } | undefined;
  text.split('\n').forEach((rawLine, index) => {
    const line = stripComment(rawLine).trim();
    if (line === '') return;
    const fail = (why: string) => new Error(`schema.prisma line ${index + 1}: ${why}: ${rawLine.trim()}`);
    if (!block) {
      const opening = /^(model|enum|generator|datasource|view|type)\s+(\w+)\s*\{$/.exec(line);
      if (!opening) throw fail('expected a block');
      const [, kind = '', name = ''] = opening;
      if (kind === 'view' || kind === 'type') throw fail(`"${kind}" blocks are not supported by this reader`);
      block = { kind };
      if (kind === 'model') {
        block.model = { name, fields: [], blockAttributes: [] };
        schema.models.push(block.model);
      }
      if (kind === 'enum') {
        block.enum = { name, values: [], blockAttributes: [] };
        schema.enums.push(block.enum);
      }
      return;
    }
    if (line === '}') {
      block = undefined;
      return;
    }
    const owner = block.model ?? block.enum;
    if (!owner) return; // generator and datasource settings
    if (line.startsWith('@@')) {
      owner.blockAttributes.push(...parseAttributes(line));
      return;
    }
    if (block.enum) {
      const value = /^(\w+)(.*)$/.exec(line);
      if (!value) throw fail('expected an enum value');
      if (parseAttributes(value[2] ?? '').some((a) => a.name === 'map')) throw fail('@map on enum values');
      block.enum.values.push(value[1] ?? '');
      return;
    }
    const field = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
    if (!field || !block.model) throw fail('expected a field');
    block.model.fields.push({
      name: field[1] ?? '',
      type: field[2] ?? '',
      list: field[3] === '[]',
      optional: field[4] === '?',
      attributes: parseAttributes(field[5] ?? ''),
    });
  });
  if (block) throw new Error('schema.prisma: unclosed block at end of file');
  return schema;
}

/** `@id @default(dbgenerated("x")) @db.Uuid` → three attributes. */
export function parseAttributes(text: string): PrismaAttribute[] {
  const attributes: PrismaAttribute[] = [];
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('@', at);
    if (start < 0) break;
    const match = /@@?([A-Za-z_][\w.]*)/y;
    match.lastIndex = start;
    const found = match.exec(text);
    if (!found) throw new Error(`cannot read attribute in: ${text}`);
    at = match.lastIndex;
    let args = '';
    if (text[at] === '(') {
      const end = closingIndex(text, at);
      args = text.slice(at + 1, end);
      at = end + 1;
    }
    const attribute: PrismaAttribute = { name: found[1] ?? '', positional: [], named: {} };
    for (const part of splitTopLevel(args)) {
      const named = /^(\w+)\s*:\s*([\s\S]+)$/.exec(part);
      if (named) attribute.named[named[1] ?? ''] = (named[2] ?? '').trim();
      else attribute.positional.push(part);
    }
    attributes.push(attribute);
  }
  return attributes;
}

/** `[a, b(sort: Desc)]` → `['a', 'b']`. */
export function fieldList(raw: string | undefined): string[] {
  if (!raw) return [];
  const inner = raw.trim().replace(/^\[/, '').replace(/\]$/, '');
  return splitTopLevel(inner).map((item) => item.replace(/\(.*\)$/, '').trim());
}

/** `"a \"b\""` → `a "b"`. */
export function stringLiteral(raw: string): string {
  return JSON.parse(raw) as string;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '"') {
      const end = stringEnd(text, i);
      current += text.slice(i, end + 1);
      i = end;
      continue;
    }
    if (char === '(' || char === '[') depth++;
    if (char === ')' || char === ']') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

function closingIndex(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"') i = stringEnd(text, i);
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in: ${text}`);
}

function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  throw new Error(`unterminated string in: ${text}`);
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') i = stringEnd(line, i);
    else if (line[i] === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}
