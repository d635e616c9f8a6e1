import type { ParseArgsConfig } from 'node:util';
import type { Api } from '../shared/api/contract';
import type { Anomaly } from '../shared/api/analysisSchemas';
import { ANNOTATION_CATEGORIES, readAnnotationCategory, type Annotation } from '../shared/domain/annotation';
import { formatTextTable } from '../shared/domain/textTable';
import { call, kpiIdOf, monthOption, printJson, requiredOption, stringOption, UsageError, type Io, type Values } from './cliSupport';

const COMMON = { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const FIGURE = { kpi: { type: 'string' }, month: { type: 'string' }, breakdown: { type: 'string' }, category: { type: 'string' } } as const;

export const ANALYSIS_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  anomalies: { ...COMMON, period: { type: 'string' }, all: { type: 'boolean' } },
  annotate: { ...COMMON, kpi: { type: 'string', multiple: true }, month: { type: 'string' }, to: { type: 'string' }, category: { type: 'string' }, text: { type: 'string' } },
  annotations: { ...COMMON, search: { type: 'string' }, kpi: { type: 'string' }, deleted: { type: 'boolean' } },
  dismiss: { ...COMMON, ...FIGURE, reason: { type: 'string' } },
  peers: { ...COMMON, period: { type: 'string' }, offence: { type: 'string' } },
  'peer-group': { ...COMMON, force: { type: 'string' }, peers: { type: 'string' } },
  population: { ...COMMON, area: { type: 'string' }, value: { type: 'string' }, 'as-of': { type: 'string' }, source: { type: 'string' } },
};

const CATEGORY_LIST = Object.keys(ANNOTATION_CATEGORIES).join(', ');

export const ANALYSIS_USAGE = `  anomalies [--period P] [--all] [--json]
                                        every flagged figure of the period across KPIs and breakdowns,
                                        largest first (--all: also those explained or dismissed)
  annotate --kpi KPI|all [--kpi KPI]... --month YYYY-MM [--to YYYY-MM] --category C --text "..."
                                        annotate KPIs at a month or over a range; categories:
                                        ${CATEGORY_LIST}
  annotations [--search WORDS] [--kpi KPI] [--deleted] [--json]
                                        the annotations, newest first
  dismiss --kpi KPI --month YYYY-MM [--breakdown D --category C] --reason "..."
                                        take a flagged figure out of the inbox, saying why
  peers [--period P] [--offence NAME] [--json]
                                        the force among its Most Similar Forces (Home Office tables by force)
  peer-group [--force NAME --peers "A,B,C"]
                                        show or set the Most Similar Forces group
  population --area NAME --value N --as-of TEXT --source TEXT
                                        an area's population, for offences per 1,000 population
`;

function describeAnomaly(a: Anomaly): string[] {
  const where = a.breakdown ? `${a.name} (${a.breakdown}: ${a.category})` : a.name;
  const status = a.review ? (a.review.status === 'explained' ? 'explained' : `dismissed: ${a.review.reason}`) : 'to review';
  return [a.month, where, `${a.display.value} against ${a.display.expected} expected (${a.display.difference}, ${a.display.percent})`, a.ruleName, `${a.size.toFixed(1)} SD`, a.direction, status];
}

function annotationRows(list: Annotation[]): string[][] {
  return list.map((a) => [
    String(a.id),
    a.from === a.to ? a.from : `${a.from} to ${a.to}`,
    a.scope === 'all' ? 'all KPIs' : a.kpiIds.join(', '),
    ANNOTATION_CATEGORIES[a.category],
    a.text.length > 70 ? `${a.text.slice(0, 69)}…` : a.text,
    a.author,
    a.deletedAt ? 'deleted' : '',
  ]);
}

export async function runAnalysisCommand(command: string, values: Values, api: Api, io: Io): Promise<number> {
  switch (command) {
    case 'anomalies': {
      const period = stringOption(values, 'period');
      const inbox = await call(api, 'anomalies.list', period ? { period } : {});
      const shown = values.all ? inbox.anomalies : inbox.anomalies.filter((a) => !a.review);
      if (values.json) {
        printJson(
          io,
          shown.map((a) => ({
            name: a.name,
            kpiId: a.kpiId,
            number: a.number,
            breakdown: a.breakdown,
            category: a.category,
            month: a.month,
            rule: a.rule,
            ruleName: a.ruleName,
            rules: a.rules,
            direction: a.direction,
            value: a.value,
            expected: a.expected,
            size: Number(a.size.toFixed(2)),
            status: a.review?.status ?? 'open',
          })),
        );
        return 0;
      }
      io.out(`Flagged figures, ${inbox.periodLong}: ${shown.length} (${inbox.judged} series judged)\n\n`);
      if (shown.length) {
        io.out(formatTextTable(['Month', 'KPI', 'Figure', 'Rule', 'Size', 'Direction', 'Status'], shown.map(describeAnomaly), ['left', 'left', 'left', 'left', 'right', 'left', 'left']));
      } else io.out('Nothing flagged.\n');
      const reviewed = inbox.anomalies.length - inbox.anomalies.filter((a) => !a.review).length;
      if (!values.all && reviewed) io.out(`\n${reviewed} more already explained or dismissed (--all shows them).\n`);
      if (inbox.notJudged.length) io.out(`\n${inbox.notJudged.length} series not judged (e.g. ${inbox.notJudged[0].name}: ${inbox.notJudged[0].reason}).\n`);
      return 0;
    }
    case 'annotate': {
      const kpis = (values.kpi as string[] | undefined) ?? [];
      if (!kpis.length) throw new UsageError('annotate needs --kpi (a KPI, several --kpi, or --kpi all).');
      const all = kpis.some((k) => k.toLowerCase() === 'all');
      const kpiIds = all ? [] : await Promise.all(kpis.map((k) => kpiIdOf(api, k)));
      const categoryText = requiredOption(values, 'category', 'annotate', '"external event"');
      const category = readAnnotationCategory(categoryText);
      if (!category) throw new UsageError(`--category is one of ${CATEGORY_LIST}, not "${categoryText}".`);
      const from = monthOption(values, 'month', 'annotate');
      const to = values.to === undefined ? from : monthOption(values, 'to', 'annotate');
      const annotation = await call(api, 'annotations.create', {
        scope: all ? 'all' : 'kpis',
        kpiIds,
        from,
        to,
        category,
        text: requiredOption(values, 'text', 'annotate', '"Operation Lionheart began"'),
      });
      if (values.json) printJson(io, annotation);
      else io.out(`Annotation ${annotation.id} added: ${annotationRows([annotation])[0].slice(1, 4).join(', ')}.\n`);
      return 0;
    }
    case 'annotations': {
      const kpi = stringOption(values, 'kpi');
      const list = await call(api, 'annotations.list', {
        search: stringOption(values, 'search'),
        kpiId: kpi ? await kpiIdOf(api, kpi) : undefined,
        includeDeleted: Boolean(values.deleted),
      });
      if (values.json) printJson(io, list);
      else if (!list.length) io.out('No annotations.\n');
      else io.out(formatTextTable(['No.', 'When', 'KPIs', 'Category', 'Text', 'Author', ''], annotationRows(list)));
      return 0;
    }
    case 'dismiss': {
      const kpiId = await kpiIdOf(api, requiredOption(values, 'kpi', 'dismiss', '"101 abandonment rate"'));
      const month = monthOption(values, 'month', 'dismiss');
      const dimension = stringOption(values, 'breakdown') ?? '';
      const category = stringOption(values, 'category') ?? '';
      if (!dimension !== !category) throw new UsageError('a breakdown needs both --breakdown (e.g. Gender) and --category (e.g. Male).');
      const inbox = await call(api, 'anomalies.list', { period: month });
      const flagged = inbox.anomalies.find((a) => a.kpiId === kpiId && (a.breakdown ?? '') === dimension && (a.category ?? '') === category);
      if (!flagged) throw new UsageError(`${month}: that figure is not flagged, so there is nothing to dismiss.`);
      await call(api, 'anomalies.dismiss', { figure: { kpiId, dimension, category, month }, rule: flagged.rule, reason: requiredOption(values, 'reason', 'dismiss', '"known seasonal event"') });
      if (values.json) printJson(io, { dismissed: true, kpiId, breakdown: dimension || null, category: category || null, month });
      else io.out(`Dismissed: ${flagged.name}${dimension ? ` (${dimension}: ${category})` : ''}, ${month}.\n`);
      return 0;
    }
    case 'peers': {
      const period = stringOption(values, 'period');
      const offence = stringOption(values, 'offence');
      const result = await call(api, 'peers.get', { ...(period ? { period } : {}), ...(offence ? { offence } : {}) });
      if (values.json) {
        printJson(io, result);
        return 0;
      }
      io.out(`${result.statement}\n\n`);
      io.out(
        formatTextTable(
          ['Rank', 'Force', 'Offences', 'Population', 'Per 1,000'],
          result.rows.map((r) => [
            r.rank === null ? '–' : String(r.rank),
            r.isForce ? `${r.area} (this force)` : r.area,
            r.offences === null ? 'no figure' : r.offences.toLocaleString('en-GB'),
            r.population === null ? 'not known' : r.population.toLocaleString('en-GB'),
            r.per1000 === null ? '–' : r.per1000.toFixed(2),
          ]),
          ['right', 'left', 'right', 'right', 'right'],
        ),
      );
      if (result.missingPopulations.length) io.out(`\nPopulation not known for: ${result.missingPopulations.join(', ')} (workbench population --area …).\n`);
      return 0;
    }
    case 'peer-group': {
      const force = stringOption(values, 'force');
      const peers = stringOption(values, 'peers');
      if ((force === undefined) !== (peers === undefined)) throw new UsageError('peer-group sets both --force and --peers "A,B,C", or shows the group with neither.');
      const group = force ? await call(api, 'peers.setGroup', { force, peers: peers!.split(',').map((p) => p.trim()).filter(Boolean) }) : await call(api, 'peers.group', {});
      if (values.json) printJson(io, group);
      else io.out(`${group.force}'s Most Similar Forces: ${group.peers.join(', ')}\n`);
      return 0;
    }
    case 'population': {
      const text = requiredOption(values, 'value', 'population', '1100000');
      const population = Number(text.replace(/,/g, ''));
      if (!Number.isInteger(population) || population <= 0) throw new UsageError(`--value is a whole number of people, not "${text}".`);
      const area = requiredOption(values, 'area', 'population', 'Kent');
      const entry = { area, population, asOf: requiredOption(values, 'as-of', 'population', 'mid-2019'), source: requiredOption(values, 'source', 'population', '"ONS mid-year estimates"') };
      await call(api, 'peers.setPopulation', entry);
      if (values.json) printJson(io, entry);
      else io.out(`${area}: population ${population.toLocaleString('en-GB')} recorded.\n`);
      return 0;
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}
