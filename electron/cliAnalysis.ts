import type { ParseArgsConfig } from 'node:util';
import type { Api } from '../shared/api/contract';
import type { InboxEvent } from '../shared/api/analysisSchemas';
import { VERDICT_RULES, VARIATION_WORDS, ASSURANCE_WORDS } from '../shared/analysis/verdict';
import { ANNOTATION_CATEGORIES, readAnnotationCategory, type Annotation } from '../shared/domain/annotation';
import { formatTextTable } from '../shared/domain/textTable';
import { stepQuestion, stepStatement } from '../shared/analysis/stepWords';
import { DIRECTION_TEXT } from '../shared/domain/kpi';
import { call, kpiIdOf, monthOption, printJson, requiredOption, stringOption, UsageError, type Io, type Values, COMMON } from './cliSupport';

const FIGURE = { kpi: { type: 'string' }, month: { type: 'string' }, breakdown: { type: 'string' }, category: { type: 'string' } } as const;

export const ANALYSIS_COMMANDS: Record<string, ParseArgsConfig['options']> = {
  anomalies: { ...COMMON, period: { type: 'string' }, all: { type: 'boolean' } },
  verdicts: { ...COMMON, period: { type: 'string' }, section: { type: 'string' } },
  steps: { ...COMMON, kpi: { type: 'string' }, period: { type: 'string' }, accept: { type: 'string' }, dismiss: { type: 'string' }, month: { type: 'string' }, category: { type: 'string' }, text: { type: 'string' }, reason: { type: 'string' } },
  annotate: { ...COMMON, kpi: { type: 'string', multiple: true }, month: { type: 'string' }, to: { type: 'string' }, category: { type: 'string' }, text: { type: 'string' } },
  annotations: { ...COMMON, search: { type: 'string' }, kpi: { type: 'string' }, deleted: { type: 'boolean' } },
  dismiss: { ...COMMON, ...FIGURE, reason: { type: 'string' } },
  peers: { ...COMMON, period: { type: 'string' }, offence: { type: 'string' } },
  'peer-group': { ...COMMON, force: { type: 'string' }, peers: { type: 'string' } },
  population: { ...COMMON, area: { type: 'string' }, value: { type: 'string' }, 'as-of': { type: 'string' }, source: { type: 'string' } },
  direction: { ...COMMON, kpi: { type: 'string' }, set: { type: 'string' } },
  source: { ...COMMON, kpi: { type: 'string' }, use: { type: 'string' }, default: { type: 'boolean' } },
  reconcile: { ...COMMON, period: { type: 'string' }, kpi: { type: 'string' }, note: { type: 'string' } },
};

const CATEGORY_LIST = Object.keys(ANNOTATION_CATEGORIES).join(', ');

export const ANALYSIS_USAGE = `  verdicts [--period P] [--section N] [--json]
                                        each KPI's and breakdown's verdict for the period: variation
                                        (common cause, or a special cause improving, concerning or neither)
                                        and, against a standard, assurance (meets, fails, hit and miss)
  anomalies [--period P] [--all] [--json]
                                        the period's events (consecutive months of a special cause) across
                                        KPIs and breakdowns (--all: also those explained or dismissed)
  steps [--kpi KPI] [--period P] [--json]
                                        step changes proposed, accepted and dismissed
  steps --accept KPI --month YYYY-MM [--category C --text "..."]
  steps --dismiss KPI --month YYYY-MM [--reason "..."]
                                        accept a step (limits start again there; an annotation says why)
                                        or dismiss it (it is not proposed again)
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
  direction --kpi KPI [--set up|down|neutral] [--json]
                                        show or choose a KPI's direction of good (kept with who and
                                        when; the catalogue's own direction again takes the choice away)
  source --kpi KPI [--use force|SOURCE | --default] [--json]
                                        the sources a KPI's figures come from, and choose the one it is
                                        reported from (kept with who and when; --default: the force's own
                                        where it has figures, otherwise its one source)
  reconcile [--period P] [--json]       every KPI held from two or more sources in the period: each
                                        source's figure and how far they differ, largest first, with the
                                        analyst's note on why
  reconcile --kpi KPI --note TEXT [--period P]
                                        keep the note explaining a KPI's difference (--note "" removes it);
                                        the report prints it in its appendix
`;

function describeEvent(e: InboxEvent): string[] {
  const where = e.breakdown ? `${e.name} (${e.breakdown}: ${e.category})` : e.name;
  const status = e.review ? (e.review.status === 'explained' ? 'explained' : `dismissed: ${e.review.reason}`) : 'to review';
  const when = e.from === e.to ? e.from : `${e.from} to ${e.to}`;
  return [when, where, e.summary, VARIATION_WORDS[e.variation], `${e.display.value} against ${e.display.expected}`, status];
}

/** The direction of an event against the KPI's direction of good, in the words scripts have relied on. */
const DIRECTION: Record<InboxEvent['variation'], string> = { special_improving: 'improving', special_concerning: 'deteriorating', special_neither: 'neither', common_cause: 'neither' };

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
      const shown = values.all ? inbox.events : inbox.events.filter((e) => !e.review);
      if (values.json) {
        printJson(
          io,
          shown.map((e) => ({
            name: e.name,
            kpiId: e.kpiId,
            number: e.number,
            breakdown: e.breakdown,
            category: e.category,
            from: e.from,
            to: e.to,
            months: e.months,
            month: e.peak,
            rule: e.rule,
            ruleName: VERDICT_RULES[e.rule].words,
            rules: e.rules,
            variation: e.variation,
            direction: DIRECTION[e.variation],
            summary: e.summary,
            detail: e.detail,
            value: e.value,
            expected: e.expected,
            size: e.size,
            status: e.review?.status ?? 'open',
          })),
        );
        return 0;
      }
      io.out(`Events, ${inbox.periodLong}: ${shown.length} (${inbox.judged} series judged, ${inbox.sensitivity} sensitivity)\n${inbox.chance}\n\n`);
      if (shown.length) io.out(formatTextTable(['When', 'KPI', 'What', 'Verdict', 'Furthest', 'Status'], shown.map(describeEvent)));
      else io.out('Nothing to review.\n');
      const reviewed = inbox.events.length - inbox.events.filter((e) => !e.review).length;
      if (!values.all && reviewed) io.out(`\n${reviewed} more already explained or dismissed (--all shows them).\n`);
      for (const step of inbox.steps) io.out(`\nA step change from ${step.month}? ${step.name}: ${step.display.before} → ${step.display.after} (workbench steps --accept ${step.kpiId} --month ${step.month}, or --dismiss).\n`);
      if (inbox.notJudged.length) io.out(`\n${inbox.notJudged.length} series not judged (e.g. ${inbox.notJudged[0].name}: ${inbox.notJudged[0].reason}).\n`);
      return 0;
    }
    case 'verdicts': {
      const period = stringOption(values, 'period');
      const section = stringOption(values, 'section');
      const table = await call(api, 'table.get', { ...(period ? { period } : {}), ...(section ? { section: Number(section) } : {}) });
      const rows = table.rows.map((r) => ({
        kpiId: r.kpiId,
        number: r.number,
        name: r.name,
        breakdown: r.breakdown,
        category: r.category,
        variation: r.verdict.variation,
        assurance: r.verdict.assurance,
        notJudged: r.verdict.notJudged,
        rules: r.verdict.rules,
        current: r.current,
        previous: r.previous,
        change: r.change,
        changePercent: r.changePercent,
        words: r.words,
      }));
      if (values.json) {
        printJson(io, rows);
        return 0;
      }
      io.out(`Verdicts, ${table.periodLong}, compared with ${table.previousPeriod}\n\n`);
      io.out(
        formatTextTable(
          ['KPI', 'Variation', 'Assurance', 'Change'],
          table.rows.map((r) => [
            r.breakdown ? `    ${r.breakdown}: ${r.category}` : `${r.number} ${r.name}`,
            r.verdict.variation ? VARIATION_WORDS[r.verdict.variation] : `not judged: ${r.verdict.notJudged}`,
            r.verdict.assurance ? ASSURANCE_WORDS[r.verdict.assurance] : '',
            r.words.split(/[,;]/)[0],
          ]),
        ),
      );
      return 0;
    }
    case 'steps': {
      const accept = stringOption(values, 'accept');
      const dismiss = stringOption(values, 'dismiss');
      if (accept && dismiss) throw new UsageError('steps takes --accept or --dismiss, not both.');
      if (accept || dismiss) {
        const kpiId = await kpiIdOf(api, (accept ?? dismiss)!, accept ? '--accept' : '--dismiss');
        const month = monthOption(values, 'month', 'steps');
        let step;
        if (accept) {
          const categoryText = stringOption(values, 'category') ?? 'recording practice change';
          const category = readAnnotationCategory(categoryText);
          if (!category) throw new UsageError(`--category is one of ${CATEGORY_LIST}, not "${categoryText}".`);
          step = await call(api, 'steps.accept', { kpiId, month, category, text: stringOption(values, 'text') ?? '' });
        } else step = await call(api, 'steps.dismiss', { kpiId, month, reason: stringOption(values, 'reason') ?? '' });
        if (values.json) printJson(io, step);
        else io.out(`${step.name}: the step change from ${step.month} is ${step.status}${step.status === 'accepted' ? '; limits and verdicts start again there' : '; it will not be proposed again'}.\n`);
        return 0;
      }
      const kpi = stringOption(values, 'kpi');
      const period = stringOption(values, 'period');
      const steps = await call(api, 'steps.list', { ...(kpi ? { kpiId: await kpiIdOf(api, kpi) } : {}), ...(period ? { period } : {}) });
      if (values.json) {
        printJson(
          io,
          steps.map((s) => ({
            kpiId: s.kpiId,
            number: s.number,
            name: s.name,
            month: s.month,
            before: s.before,
            after: s.after,
            status: s.status,
            ...(s.status === 'emerging' ? { monthsSoFar: s.monthsSoFar, monthsNeeded: s.monthsNeeded } : {}),
            reason: s.reason,
            decidedBy: s.decidedBy,
            decidedAt: s.decidedAt,
          })),
        );
        return 0;
      }
      if (!steps.length) io.out('No step changes proposed, accepted or dismissed.\n');
      else {
        io.out(formatTextTable(['KPI', 'From', 'Level before', 'Level after', 'Status'], steps.map((s) => [`${s.number} ${s.name}`, s.month, s.display.before, s.display.after, s.status === 'emerging' ? `too recent (${s.monthsSoFar} of ${s.monthsNeeded} months)` : s.status])));
        for (const s of steps.filter((x) => x.status === 'proposed' || x.status === 'emerging')) io.out(`\n${stepQuestion(s)} ${s.number} ${s.name} ${stepStatement(s)}.`);
        io.out('\n');
      }
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
      const flagged = inbox.events.find((e) => e.kpiId === kpiId && (e.breakdown ?? '') === dimension && (e.category ?? '') === category && e.from <= month && e.to >= month);
      if (!flagged) throw new UsageError(`${month}: that figure is not part of an event, so there is nothing to dismiss.`);
      await call(api, 'anomalies.dismiss', { figure: { kpiId, dimension, category, month: flagged.from, to: flagged.to }, rule: flagged.rule, reason: requiredOption(values, 'reason', 'dismiss', '"known seasonal event"') });
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
    case 'source': {
      const kpiId = await kpiIdOf(api, requiredOption(values, 'kpi', 'source', '"stop and search"'));
      const use = stringOption(values, 'use');
      if (use !== undefined && values.default) throw new UsageError('source takes --use SOURCE or --default, not both.');
      const sources = use !== undefined || values.default ? await call(api, 'kpis.setSource', { kpiId, source: use ?? null }) : await call(api, 'kpis.sources', { kpiId });
      if (values.json) printJson(io, sources);
      else {
        io.out(`${sources.name}: reported from ${sources.reportingName ?? 'no source yet (no figures)'}`);
        io.out(sources.choice ? ` (chosen by ${sources.choice.by} on ${sources.choice.at.slice(0, 10)})\n` : ' (the default)\n');
        for (const s of sources.sources) io.out(`  ${s.source.padEnd(16)} ${s.name}: ${s.figures.toLocaleString('en-GB')} monthly figures\n`);
      }
      return 0;
    }
    case 'reconcile': {
      const period = stringOption(values, 'period');
      const note = stringOption(values, 'note');
      if ((note === undefined) !== (values.kpi === undefined)) throw new UsageError('a note needs both --kpi KPI and --note TEXT.');
      const rows =
        note === undefined
          ? await call(api, 'figures.reconcile', { period })
          : await call(api, 'figures.noteReconciliation', { kpiId: await kpiIdOf(api, requiredOption(values, 'kpi', 'reconcile', '"stop and search"')), period, note });
      if (values.json) printJson(io, rows);
      else if (!rows.length) io.out('No KPI is held from more than one source for the period.\n');
      else
        for (const r of rows) {
          const percent = r.differencePercent === null ? '' : `, ${r.display.differencePercent}`;
          io.out(`${r.name}, ${r.period}: ${r.sources.map((s, i) => `${s.name} ${r.display.values[i]}`).join(' against ')} (${r.display.difference}${percent})\n`);
          if (r.note) io.out(`  Note (${r.noted!.by}, ${r.noted!.at.slice(0, 10)}): ${r.note}\n`);
        }
      return 0;
    }
    case 'direction': {
      const kpiId = await kpiIdOf(api, requiredOption(values, 'kpi', 'direction', '"rape offences"'));
      const set = stringOption(values, 'set');
      if (set !== undefined && !['up', 'down', 'neutral'].includes(set)) throw new UsageError(`--set takes up, down or neutral, not "${set}".`);
      const kpi = set ? await call(api, 'kpis.setDirection', { kpiId, direction: set as 'up' | 'down' | 'neutral' }) : (await call(api, 'kpis.list', {})).find((k) => k.id === kpiId)!;
      if (values.json) printJson(io, { kpiId: kpi.id, name: kpi.name, direction: kpi.direction, note: kpi.directionNote ?? null, choice: kpi.directionChoice ?? null });
      else {
        io.out(`${kpi.number} ${kpi.name}: ${DIRECTION_TEXT[kpi.direction].toLowerCase()}`);
        io.out(kpi.directionChoice ? ` (chosen by ${kpi.directionChoice.by} on ${kpi.directionChoice.at.slice(0, 10)}; the catalogue's: ${DIRECTION_TEXT[kpi.directionChoice.catalogue].toLowerCase()})\n` : ' (the catalogue\'s)\n');
        if (kpi.directionNote) io.out(`${kpi.directionNote}\n`);
      }
      return 0;
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}

