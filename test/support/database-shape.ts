import {
  fieldList,
  type PrismaAttribute,
  type PrismaField,
  type PrismaModel,
  type PrismaSchema,
  stringLiteral,
} from './prisma-schema.ts';

/**
 * The part of a database that schema.prisma describes, in one comparable form: what the schema says
 * the database should be (`expectedShape`) and what the migrated database is (`readDatabaseShape`).
 */
export interface DatabaseShape {
  enums: Map<string, string[]>;
  tables: Map<string, TableShape>;
}

export interface TableShape {
  name: string;
  /** Where an expectation comes from, e.g. `model Person`; empty for a table read from the database. */
  origin: string;
  columns: Map<string, ColumnShape>;
  primaryKey: NamedColumns | null;
  /** Unique and plain indexes, not the primary key's. */
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

export interface ColumnShape {
  /** `text`, `integer`, `timestamptz(3)`, `enum "Platform"`, … */
  type: string;
  nullable: boolean;
  /** The default expression without its trailing casts (`'DRAFT'`, `CURRENT_TIMESTAMP`), or null. */
  default: string | null;
}

export interface NamedColumns {
  name: string;
  columns: string[];
}

export interface IndexShape extends NamedColumns {
  unique: boolean;
  method: string;
}

export type ReferentialAction = 'CASCADE' | 'RESTRICT' | 'NO ACTION' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKeyShape extends NamedColumns {
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3)',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

const nativeTypes: Record<string, (arg?: string) => string> = {
  'db.Uuid': () => 'uuid',
  'db.Text': () => 'text',
  'db.Date': () => 'date',
  'db.Timestamptz': (p = '3') => `timestamptz(${p})`,
  'db.Timestamp': (p = '3') => `timestamp(${p})`,
  'db.VarChar': (n) => (n ? `varchar(${n})` : 'varchar'),
  'db.Integer': () => 'integer',
  'db.SmallInt': () => 'smallint',
  'db.BigInt': () => 'bigint',
  'db.JsonB': () => 'jsonb',
  'db.Json': () => 'json',
};

const actions: Record<string, ReferentialAction> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** The database `prisma migrate` would create for this schema, with Prisma's default constraint names. */
export function expectedShape(schema: PrismaSchema): DatabaseShape {
  const enums = new Map(schema.enums.map((e) => [mappedName(e.name, e.blockAttributes), e.values]));
  const models = new Map(schema.models.map((model) => [model.name, model]));
  const enumTypes = new Map(schema.enums.map((e) => [e.name, mappedName(e.name, e.blockAttributes)]));
  const tables = new Map<string, TableShape>();
  for (const model of schema.models) {
    const table = tableName(model);
    const column = (fieldName: string, of = model) => columnName(fieldOf(of, fieldName));
    const shape: TableShape = {
      name: table,
      origin: `model ${model.name}`,
      columns: new Map(),
      primaryKey: null,
      indexes: [],
      foreignKeys: [],
    };
    for (const field of model.fields) {
      const target = models.get(field.type);
      if (target) {
        const relation = attribute(field, 'relation');
        if (!relation?.named.fields) continue; // the side without the foreign key
        const columns = fieldList(relation.named.fields).map((name) => column(name));
        const allRequired = fieldList(relation.named.fields).every((name) => !fieldOf(model, name).optional);
        shape.foreignKeys.push({
          name: mapArg(relation) ?? `${table}_${columns.join('_')}_fkey`,
          columns,
          referencedTable: tableName(target),
          referencedColumns: fieldList(relation.named.references).map((name) => column(name, target)),
          onDelete: referentialAction(relation.named.onDelete, allRequired ? 'RESTRICT' : 'SET NULL'),
          onUpdate: referentialAction(relation.named.onUpdate, 'CASCADE'),
        });
        continue;
      }
      const name = columnName(field);
      shape.columns.set(name, {
        type: columnType(field, enumTypes),
        nullable: field.optional,
        default: defaultExpression(field, enumTypes.has(field.type)),
      });
      const id = attribute(field, 'id');
      if (id) shape.primaryKey = { name: mapArg(id) ?? `${table}_pkey`, columns: [name] };
      const unique = attribute(field, 'unique');
      if (unique) {
        shape.indexes.push({
          name: mapArg(unique) ?? `${table}_${name}_key`,
          columns: [name],
          unique: true,
          method: 'btree',
        });
      }
    }
    for (const block of model.blockAttributes) {
      if (block.name === 'map') continue;
      const columns = fieldList(block.positional[0] ?? block.named.fields).map((name) => column(name));
      if (block.name === 'id') shape.primaryKey = { name: mapArg(block) ?? `${table}_pkey`, columns };
      if (block.name === 'unique' || block.name === 'index') {
        const unique = block.name === 'unique';
        const suffix = unique ? 'key' : 'idx';
        shape.indexes.push({
          name: mapArg(block) ?? `${table}_${columns.join('_')}_${suffix}`,
          columns,
          unique,
          method: (block.named.type ?? 'BTree').toLowerCase(),
        });
      }
    }
    tables.set(table, shape);
  }
  return { enums, tables };
}

function tableName(model: PrismaModel): string {
  return mappedName(model.name, model.blockAttributes);
}

function mappedName(name: string, blockAttributes: PrismaAttribute[]): string {
  const map = blockAttributes.find((a) => a.name === 'map');
  return map?.positional[0] ? stringLiteral(map.positional[0]) : name;
}

function columnName(field: PrismaField): string {
  const map = attribute(field, 'map');
  return map?.positional[0] ? stringLiteral(map.positional[0]) : field.name;
}

function fieldOf(model: PrismaModel, name: string): PrismaField {
  const field = model.fields.find((f) => f.name === name);
  if (!field) throw new Error(`model ${model.name} has no field ${name}`);
  return field;
}

function attribute(field: PrismaField, name: string): PrismaAttribute | undefined {
  return field.attributes.find((a) => a.name === name);
}

function mapArg(attribute: PrismaAttribute): string | undefined {
  return attribute.named.map ? stringLiteral(attribute.named.map) : undefined;
}

function referentialAction(raw: string | undefined, fallback: ReferentialAction): ReferentialAction {
  if (raw === undefined) return fallback;
  const action = actions[raw];
  if (!action) throw new Error(`unknown referential action ${raw}`);
  return action;
}

function columnType(field: PrismaField, enumTypes: Map<string, string>): string {
  const native = field.attributes.find((a) => a.name.startsWith('db.'));
  let type: string | undefined;
  if (native) {
    const make = nativeTypes[native.name];
    if (!make) throw new Error(`native type @${native.name} is not known to this test yet`);
    type = make(native.positional[0]);
  } else {
    const enumType = enumTypes.get(field.type);
    type = enumType ? `enum "${enumType}"` : scalarTypes[field.type];
  }
  if (!type) throw new Error(`field ${field.name}: unknown type ${field.type}`);
  return field.list ? `${type}[]` : type;
}

/** The default as PostgreSQL shows it once its casts are removed; null when the database has none. */
function defaultExpression(field: PrismaField, isEnum: boolean): string | null {
  const raw = attribute(field, 'default')?.positional[0];
  if (raw === undefined) return null;
  if (raw === 'now()') return 'CURRENT_TIMESTAMP';
  if (raw === 'autoincrement()') return 'nextval(…)';
  if (raw === 'uuid()' || raw === 'cuid()' || /^(uuid|cuid|nanoid|ulid)\(/.test(raw)) return null; // made by the client
  const generated = /^dbgenerated\(("(?:[^"\\]|\\.)*")\)$/.exec(raw);
  if (generated?.[1]) return stringLiteral(generated[1]);
  if (raw.startsWith('"')) return `'${stringLiteral(raw).replaceAll("'", "''")}'`;
  if (isEnum) return `'${raw}'`;
  return raw; // numbers and booleans
}
