import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/connect.ts';
import { Prisma } from '../../core/db/generated/client.ts';
import { openTestDatabase } from '../support/database.ts';
import { readDatabaseShape } from '../support/database-catalog.ts';
import { type DatabaseShape, expectedShape } from '../support/database-shape.ts';
import { parsePrismaSchema, readSchemaText } from '../support/prisma-schema.ts';
import { diffShapes } from '../support/shape-diff.ts';

// The migrations are hand-written SQL (the Prisma CLI cannot run here), so nothing else would notice a
// field added to schema.prisma without its column: the client would compile and fail at run time.
let db: Database;
let migrated: DatabaseShape;
const schemaText = readSchemaText();

beforeAll(async () => {
  db = await openTestDatabase();
  migrated = await readDatabaseShape(db.sql);
});
afterAll(() => db.close());

function totals(shape: DatabaseShape) {
  const tables = [...shape.tables.values()];
  const sum = (count: (table: (typeof tables)[number]) => number) => tables.reduce((n, t) => n + count(t), 0);
  return {
    tables: tables.length,
    columns: sum((t) => t.columns.size),
    primaryKeys: sum((t) => (t.primaryKey ? 1 : 0)),
    uniqueIndexes: sum((t) => t.indexes.filter((index) => index.unique).length),
    indexes: sum((t) => t.indexes.filter((index) => !index.unique).length),
    foreignKeys: sum((t) => t.foreignKeys.length),
    enums: shape.enums.size,
  };
}

const differencesFor = (text: string) => diffShapes(expectedShape(parsePrismaSchema(text)), migrated);

describe('the migrated database', () => {
  it('is exactly what schema.prisma describes', () => {
    expect(differencesFor(schemaText)).toEqual([]);
  });

  it('was compared model by model with the schema the client was generated from', () => {
    const schema = parsePrismaSchema(schemaText);
    // The generated client knows the same models: schema.prisma was not edited without regenerating it.
    expect(schema.models.map((model) => model.name).sort()).toEqual(Object.values(Prisma.ModelName).sort());
    // Guards against a reader that silently understood nothing: the totals must match and be plausible.
    const expected = totals(expectedShape(schema));
    expect(totals(migrated)).toEqual(expected);
    expect(expected).toMatchObject({ tables: schema.models.length, primaryKeys: schema.models.length });
    expect(expected.columns).toBeGreaterThan(150);
    expect(expected.foreignKeys).toBeGreaterThan(15);
  });
});

/** Each edit of schema.prisma made without a migration, and the difference the comparison must report. */
const driftCases: { edit: string; change: (text: string) => string; reported: RegExp }[] = [
  {
    edit: 'a new field',
    change: (text) => text.replace(/model Person \{\n/, '$&  nickname String?\n'),
    reported: /^person\.nickname \(model Person\): column missing in the database$/,
  },
  {
    edit: 'a new model',
    change: (text) => `${text}\nmodel Ghost {\n  id String @id\n  @@map("ghost")\n}\n`,
    reported: /^table "ghost" \(model Ghost\): missing in the database$/,
  },
  {
    edit: 'a removed model',
    change: (text) => text.replace(/model InboundUpdate \{[^}]*\}/, ''),
    reported: /^table "inbound_update": in the database but not in schema\.prisma$/,
  },
  {
    edit: 'a changed type',
    change: (text) => text.replace(/(\n\s+sizeBytes\s+)Int/, '$1BigInt'),
    reported: /^evidence\.size_bytes .*type is integer, schema says bigint$/,
  },
  {
    edit: 'a changed native type',
    change: (text) => text.replace(/(problemDate\s+DateTime\?.*)@db\.Date/, '$1@db.Timestamptz(3)'),
    reported: /^participant\.problem_date .*type is date, schema says timestamptz\(3\)$/,
  },
  {
    edit: 'a field made optional',
    change: (text) => text.replace(/(\n\s+titleFr\s+)String /, '$1String?'),
    reported: /^mediation\.title_fr .*column is NOT NULL, schema says nullable$/,
  },
  {
    edit: 'a removed default',
    change: (text) => text.replace(/(\n\s+attempts\s+Int\s+)@default\(0\)(\n\s+nextAttemptAt)/, '$1$2'),
    reported: /^outbox_message\.attempts .*default is 0, schema says no default$/,
  },
  {
    edit: 'a changed enum default',
    change: (text) => text.replace(/MediationStatus @default\(DRAFT\)/, 'MediationStatus @default(OPEN)'),
    reported: /^mediation\.status .*default is 'DRAFT', schema says 'OPEN'$/,
  },
  {
    edit: 'a new enum value',
    change: (text) => text.replace(/enum Platform \{\n/, '$&  WHATSAPP\n'),
    reported:
      /^enum "Platform": database has \(TELEGRAM, DISCORD, SLACK, CONSOLE\), schema says \(WHATSAPP, /,
  },
  {
    edit: 'a removed @unique',
    change: (text) => text.replace(/(receiptCode\s+String\s+)@unique /, '$1'),
    reported:
      /^ballot .*index UNIQUE ballot_receipt_code_key \(receipt_code\) in the database but not in the schema$/,
  },
  {
    edit: 'a new @@unique',
    change: (text) =>
      text.replace(
        /(\n\s+)@@index\(\[mediationId\]\)\n(\s+)@@map\("mediation_extension"\)/,
        '$1@@unique([mediationId, days])$&',
      ),
    reported:
      /^mediation_extension .*index UNIQUE mediation_extension_mediation_id_days_key \(mediation_id, days\) missing/,
  },
  {
    edit: 'a new @@index',
    change: (text) => text.replace(/@@map\("outbox_message"\)/, '@@index([kind])\n  $&'),
    reported: /^outbox_message .*index outbox_message_kind_idx \(kind\) missing in the database$/,
  },
  {
    edit: 'a removed @@index',
    change: (text) =>
      text.replace(/@@index\(\[personId\]\)\n\s+@@map\("platform_identity"\)/, '@@map("platform_identity")'),
    reported:
      /^platform_identity .*index platform_identity_person_id_idx \(person_id\) in the database but not/,
  },
  {
    edit: 'a changed @@id',
    change: (text) => text.replace('@@id([platform, updateId])', '@@id([updateId, platform])'),
    reported:
      /^inbound_update .*primary key is \(platform, update_id\), schema says \(update_id, platform\)$/,
  },
  {
    edit: 'a changed ON DELETE',
    change: (text) =>
      text.replace(
        /(person\s+Person\s+@relation\(fields: \[personId\], references: \[id\], onDelete: )Cascade\)/,
        '$1Restrict)',
      ),
    reported: /^platform_identity .*foreign key .*: ON DELETE CASCADE, schema says RESTRICT$/,
  },
  {
    edit: 'a new relation',
    change: (text) =>
      text
        .replace(
          /(\n\s+leasedBy\s+String\?\s+)@map\("leased_by"\)/,
          '$1@map("leased_by") @db.Uuid\n  leaser Person? @relation("Leaser", fields: [leasedBy], references: [id])',
        )
        .replace(
          /(\n\s+notifications\s+OutboxMessage\[\])/,
          '$1\n  leased OutboxMessage[] @relation("Leaser")',
        ),
    reported:
      /^outbox_message .*foreign key outbox_message_leased_by_fkey \(leased_by\) → person\(id\) missing/,
  },
];

describe('the comparison itself', () => {
  it.each(driftCases)('reports $edit made without a migration', ({ change, reported }) => {
    const edited = change(schemaText);
    expect(edited, 'the edit must apply to the current schema.prisma').not.toBe(schemaText);
    const differences = differencesFor(edited);
    expect(
      differences.some((line) => reported.test(line)),
      differences.join('\n'),
    ).toBe(true);
  });
});
