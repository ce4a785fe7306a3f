import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../core/observability/metrics.ts';
import { parsePrometheusText, seriesValue } from '../support/prometheus-text.ts';

// The reader the /metrics tests rely on: it must refuse what Prometheus would refuse.
describe('the strict Prometheus text reader', () => {
  const good = [
    '# HELP a_total Things, with a \\\\ and a \\n.',
    '# TYPE a_total counter',
    'a_total{platform="telegram",outcome="handled"} 3',
    'a_total{platform="slack",outcome="fa\\"il\\\\ed"} 1',
    '# TYPE h histogram',
    'h_bucket{le="0.5"} 1',
    'h_bucket{le="+Inf"} 2',
    'h_sum 0.7',
    'h_count 2',
    '',
  ].join('\n');

  it('reads families, help, types, labels and values', () => {
    const families = parsePrometheusText(good);
    expect(families.get('a_total')).toMatchObject({ type: 'counter', help: 'Things, with a \\ and a \n.' });
    expect(seriesValue(families, 'a_total', { platform: 'telegram', outcome: 'handled' })).toBe(3);
    expect(seriesValue(families, 'a_total', { platform: 'slack', outcome: 'fa"il\\ed' })).toBe(1);
    expect(seriesValue(families, 'h', { le: '+Inf' }, 'h_bucket')).toBe(2);
  });

  it.each([
    ['no final newline', good.trimEnd()],
    [
      'a TYPE after the samples',
      good.replace('# TYPE a_total counter\n', '').replace('# TYPE h', '# TYPE a_total counter\n# TYPE h'),
    ],
    ['an unknown type', good.replace('counter', 'countr')],
    ['a family split in two', `${good}a_total{platform="x",outcome="y"} 1\n`],
    ['a series twice', good.replace('h_sum 0.7', 'h_sum 0.7\nh_sum 0.7')],
    ['a bad label', good.replace('platform="telegram"', 'platform=telegram')],
    ['a bad escape', good.replace('fa\\"il', 'fa\\til')],
    ['a bad value', good.replace('h_sum 0.7', 'h_sum seven')],
    ['a bucket above _count', good.replace('h_count 2', 'h_count 3')],
    ['buckets decreasing', good.replace('h_bucket{le="0.5"} 1', 'h_bucket{le="0.5"} 5')],
    ['a negative counter', good.replace('} 3', '} -3')],
    ['a bad escape in HELP', good.replace('with a \\\\', 'with a \\t')],
    ['a stray sample in a histogram', good.replace('h_sum 0.7', 'h_total 0.7')],
  ])('refuses %s', (_why, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it('reads what prom-client writes, process metrics included', async () => {
    const metrics = createMetrics({ processMetrics: true });
    metrics.updates.inc({ platform: 'discord', outcome: 'failed' }, 2);
    metrics.commandSeconds.observe({ command: 'castBallot' }, 0.03);
    const families = parsePrometheusText(await metrics.registry.metrics());
    expect(
      seriesValue(families, 'clf_inbound_updates_total', { platform: 'discord', outcome: 'failed' }),
    ).toBe(2);
    expect(
      seriesValue(
        families,
        'clf_command_duration_seconds',
        { command: 'castBallot', le: '0.05' },
        'clf_command_duration_seconds_bucket',
      ),
    ).toBe(1);
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
  });
});
