/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: it throws on anything a
 * Prometheus server would refuse or misread, rather than skipping it.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help?: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export class ExpositionError extends Error {
  constructor(line: number, why: string) {
    super(`line ${line}: ${why}`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith('\n'))
    throw new ExpositionError(0, 'the text must end with a newline');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: Family | undefined;
  const lines = text.split('\n').slice(0, -1);
  const open = (name: string, at: number): Family => {
    if (current?.name === name) return current;
    if (closed.has(name) || families.has(name))
      throw new ExpositionError(at, `${name}: its lines are not all together`);
    if (current) closed.add(current.name);
    current = { name, type: 'untyped', samples: [] };
    families.set(name, current);
    return current;
  };
  lines.forEach((line, index) => {
    const at = index + 1;
    if (line === '') return; // ignored, as the format says
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, keyword, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) throw new ExpositionError(at, `bad metric name ${name}`);
      const family = open(name, at);
      if (keyword === 'HELP') {
        if (family.help !== undefined) throw new ExpositionError(at, `${name}: HELP twice`);
        if (!/^(?:[^\\]|\\[\\n])*$/.test(rest)) throw new ExpositionError(at, 'bad escape in HELP');
        family.help = unescaped(rest);
      } else {
        if (!TYPES.has(rest)) throw new ExpositionError(at, `${name}: unknown type ${rest}`);
        if (family.samples.length > 0 || family.type !== 'untyped')
          throw new ExpositionError(at, `${name}: TYPE after its samples or twice`);
        family.type = rest as Family['type'];
      }
      return;
    }
    if (line.startsWith('#')) return; // a comment
    const sample = readSample(line, at);
    const family = families.get(familyOf(sample.name, current)) ?? open(sample.name, at);
    if (family !== current) throw new ExpositionError(at, `${sample.name}: its lines are not all together`);
    checkSampleName(family, sample, at);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new ExpositionError(at, `${sample.name}: the same series twice`);
    seen.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The family a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` belong to it. */
function familyOf(sampleName: string, current: Family | undefined): string {
  if (!current) return sampleName;
  const suffixes = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] } as const;
  const own = current.type === 'histogram' || current.type === 'summary' ? suffixes[current.type] : [];
  return own.some((suffix) => sampleName === current.name + suffix) ? current.name : sampleName;
}

function checkSampleName(family: Family, sample: Sample, at: number): void {
  const allowed =
    family.type === 'histogram'
      ? ['_bucket', '_sum', '_count'].map((suffix) => family.name + suffix)
      : family.type === 'summary'
        ? [family.name, `${family.name}_sum`, `${family.name}_count`]
        : [family.name];
  if (!allowed.includes(sample.name))
    throw new ExpositionError(at, `${sample.name} in family ${family.name}`);
  if (family.type === 'histogram' && sample.name.endsWith('_bucket') && !('le' in sample.labels))
    throw new ExpositionError(at, `${sample.name}: a bucket without le`);
  if (family.type === 'counter' && !(sample.value >= 0)) throw new ExpositionError(at, 'a negative counter');
}

function readSample(line: string, at: number): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head) throw new ExpositionError(at, `not a sample: ${line}`);
  const name = head[1] as string;
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const label = /^([^=]*)="((?:[^"\\]|\\.)*)"(,?)/.exec(rest);
      if (!label) throw new ExpositionError(at, `bad labels: ${line}`);
      const [whole, labelName = '', raw = '', comma] = label;
      if (!LABEL_NAME.test(labelName) || labelName.startsWith('__'))
        throw new ExpositionError(at, `bad label name ${labelName}`);
      if (labelName in labels) throw new ExpositionError(at, `label ${labelName} twice`);
      if (!/^(?:[^\\]|\\[\\"n])*$/.test(raw)) throw new ExpositionError(at, `bad escape in ${labelName}`);
      labels[labelName] = unescaped(raw);
      rest = rest.slice(whole.length);
      if (!comma && !rest.startsWith('}')) throw new ExpositionError(at, `bad labels: ${line}`);
    }
    rest = rest.slice(1);
  }
  const value = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!value) throw new ExpositionError(at, `bad value: ${line}`);
  return { name, labels, value: readNumber(value[1] as string, at) };
}

const unescaped = (text: string) =>
  text.replace(/\\(.)/g, (_all, char: string) => (char === 'n' ? '\n' : char));

function readNumber(text: string, at: number): number {
  // As Prometheus reads them (Go's ParseFloat): any case, so prom-client's `Nan` too.
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new ExpositionError(at, `not a number: ${text}`);
  return Number(text);
}

/** Per series: buckets in order of `le`, never decreasing, and the `+Inf` one equal to `_count`. */
function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([name]) => name !== 'le')
        .sort(),
    );
  for (const sample of family.samples) {
    const key = keyOf(sample.labels);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((sample) => sample.name.endsWith('_bucket'));
    const bounds = buckets.map((bucket) => readNumber(bucket.labels.le ?? '', 0));
    if (bounds.some((bound, i) => i > 0 && bound <= (bounds[i - 1] as number)))
      throw new ExpositionError(0, `${family.name} ${key}: buckets out of order`);
    if (buckets.some((bucket, i) => i > 0 && bucket.value < (buckets[i - 1] as Sample).value))
      throw new ExpositionError(0, `${family.name} ${key}: a bucket counts less than the one below`);
    const count = samples.find((sample) => sample.name.endsWith('_count'));
    if (bounds.at(-1) !== Number.POSITIVE_INFINITY || buckets.at(-1)?.value !== count?.value)
      throw new ExpositionError(0, `${family.name} ${key}: no +Inf bucket equal to _count`);
  }
}

/** The value of one series (0 when it is absent, as a counter not yet touched). */
export function seriesValue(
  families: Map<string, Family>,
  family: string,
  labels: Record<string, string> = {},
  sampleName = family,
): number {
  const sample = families
    .get(family)
    ?.samples.find(
      (candidate) =>
        candidate.name === sampleName &&
        Object.entries(labels).every(([name, value]) => candidate.labels[name] === value) &&
        Object.keys(candidate.labels).filter((name) => name !== 'le').length ===
          Object.keys(labels).filter((name) => name !== 'le').length,
    );
  return sample?.value ?? 0;
}
