import { describe, expect, it } from 'vitest';
import { buildKpiTable } from '../../shared/domain/kpiTable';
import { parsePeriod } from '../../shared/domain/periods';
import { renderSegments, renderText, rowLookup } from '../../shared/report/fields';
import { draftNarrative } from '../../shared/report/narrative';
import { checkNarrative, type CheckedParagraph } from '../../shared/report/numberCheck';
import { contrastRatio } from '../../shared/domain/contrast';
import { renderReportHtml, REPORT_COLOURS, REPORT_TEXT_PAIRS } from '../../shared/report/html';
import { usedGlossary } from '../../shared/report/document';
import { panelVerdict, subjectOf, subjectWithin } from '../../shared/report/register';
import { eventSentence } from '../../shared/analysis/eventWords';
import type { VerdictEvent } from '../../shared/analysis/verdict';
import { monthIndex } from '../../shared/domain/periods';
import { sourceReportFigures } from '../fixtures/sourceReport';
import { catalogue, contextOf, kpisById } from './helpers';

// Verdicts as the analysis would give them: missing persons special (concerning), everything else common cause.
const rows = buildKpiTable({
  period: parsePeriod('Q1 2019/20'),
  kpis: catalogue.kpis,
  context: contextOf(sourceReportFigures()),
  scope: 'all',
  verdictOf: (kpi) =>
    kpi.id === 'missing-person-records'
      ? { variation: 'special_concerning', assurance: null, notJudged: null, rules: ['outside_limits'], side: 'high' }
      : { variation: 'common_cause', assurance: kpi.standard ? 'hit_and_miss' : null, notJudged: null, rules: [], side: null },
});
const lookup = rowLookup(rows);
const options = { nameNumbers: new Set(['999', '101', '10', '30', '12', '18']), sectionRows: () => rows };
const check = (text: string, kpiId: string | null = 'all-crime') => checkNarrative([{ id: 'p1', number: '3.1', kpiId, text }], rows, lookup, options);

describe('live fields', () => {
  it('work out figures, changes and the words that follow their sign from the data', () => {
    expect(renderText('The force recorded an additional {{all-crime.difference}} crimes ({{all-crime.changePercent}}), from {{all-crime.previous}} to {{all-crime.current}}.', lookup)).toBe(
      'The force recorded an additional 922 crimes (+4%), from 22,949 to 23,871.',
    );
    expect(renderText('101 calls {{calls-101.changed}} by {{calls-101.difference}} ({{calls-101.changePercent}}), a {{calls-101.direction}}.', lookup)).toBe(
      '101 calls decreased by 11,335 (-11%), a reduction.',
    );
    expect(renderText('{{missing-person-records[Gender=Unspecified].name}}: {{missing-person-records[Gender=Unspecified].change}} ({{missing-person-records[Gender=Unspecified].changePercent}})', lookup)).toBe(
      'Unspecified: +23 (+22%)',
    );
  });

  it('give the size of a change as the table prints it, never a rounded-away "0.0s" beside a table’s "+0.1s"', () => {
    // 7.55s against 7.51s: the table shows 7.5s, 7.6s and +0.1s (changes are taken between printed figures).
    const base = rows.find((r) => r.kpiId === 'calls-999' && r.breakdown === null)!;
    const seconds = { ...base, kpiId: 'answer-time', unit: 'seconds' as const, current: 7.55, previous: 7.51, change: 0.04, changePercent: 0.53, display: { ...base.display, current: '7.6s', previous: '7.5s', change: '+0.1s', changePercent: '+1%' } };
    expect(renderText('It {{answer-time.changed}} by {{answer-time.difference}} ({{answer-time.percent}}), from {{answer-time.previous}} to {{answer-time.current}}.', rowLookup([seconds]))).toBe(
      'It increased by 0.1s (1%), from 7.5s to 7.6s.',
    );
  });

  it('say so where a field names no figure, rather than print nothing', () => {
    const [segment] = renderSegments('{{all-crime[Gender=Male].current}}', lookup);
    expect(segment).toMatchObject({ kind: 'field', known: false, text: '[no figure: all-crime[Gender=Male].current]' });
  });
});

describe('the first draft', () => {
  it('gives figures alongside percentages, in the source’s register, with seasonality, the verdict as a live field, events and annotations', () => {
    const paragraphs = draftNarrative([kpisById.get('all-crime')!, kpisById.get('missing-person-records')!], rows, {
      periodKind: 'quarter',
      months: ['2019-04', '2019-05', '2019-06'],
      seasonalPeaks: new Map([['all-crime', [3, 4]]]),
      events: new Map([['missing-person-records', ['It was above its usual range in May 2019.']]]),
      judgedKpis: new Set(['all-crime', 'missing-person-records']),
      annotations: [{ id: 1, scope: 'all', kpiIds: [], from: '2019-04', to: '2019-04', category: 'recording_practice', text: 'Crime recording audit in April', author: 'a', createdAt: '', updatedAt: '', deletedAt: null }],
    });
    expect(paragraphs.map((p) => [p.kpiId, renderText(p.text, lookup)])).toEqual([
      [
        'all-crime',
        'All crime increased by 922 (+4%) when compared to the same quarter of the last financial year, from 22,949 to 23,871. The series is seasonal, with its peak in July and August. This is within the expected range. Crime recording audit in April.',
      ],
      [
        'missing-person-records',
        'Missing person records decreased by 52 (-4%) when compared to the same quarter of the last financial year, from 1,446 to 1,394. This is higher than usual. It was above its usual range in May 2019. Crime recording audit in April.',
      ],
      ['missing-person-records', 'By age, against the same quarter of the last financial year: 0-17 +55 (+6%); Over 18 -65 (-12%).'],
      ['missing-person-records', 'By gender, against the same quarter of the last financial year: Male +101 (+18%); Female -176 (-23%); Unspecified +23 (+22%).'],
    ]);
    // Every figure is a field, so the check has nothing to say about the draft.
    expect(checkNarrative(paragraphs.map((p, i) => ({ id: `p${i}`, number: `2.${i + 1}`, kpiId: p.kpiId, text: p.text })), rows, lookup, options)).toEqual([]);
  });
});

describe('the register of the Panel’s reports', () => {
  it('names a KPI as the subject of a sentence: "The number of 999 calls", "Drug offences", abbreviations and names kept', () => {
    expect(['Number of 999 Calls', 'Drug Offences', '101 Abandonment Rate', '999 Calls Answered within 10 Seconds (%)', "Clare's Law Applications", 'ASB Incidents', 'Average Time to Answer 101 Calls'].map(subjectOf)).toEqual([
      'The number of 999 calls',
      'Drug offences',
      'The 101 abandonment rate',
      'The percentage of 999 calls answered within 10 seconds',
      "Clare's Law applications",
      'ASB incidents',
      'The average time to answer 101 calls',
    ]);
    expect(subjectWithin('Number of Stop and Searches')).toBe('the number of stop and searches');
    expect(subjectWithin('ASB Satisfaction')).toBe('ASB satisfaction');
  });

  it('says the verdict as the Panel does, the side of a special cause and not its Making Data Count name', () => {
    expect(panelVerdict({ variation: 'common_cause', side: null, notJudged: null })).toBe('within the expected range');
    expect(panelVerdict({ variation: 'special_concerning', side: 'high', notJudged: null })).toBe('higher than usual');
    expect(panelVerdict({ variation: 'special_improving', side: 'low', notJudged: null })).toBe('lower than usual');
    expect(panelVerdict({ variation: null, side: null, notJudged: 'fewer than 15 months' })).toBe('not judged (fewer than 15 months)');
  });

  it('makes an event a sentence: "has been" while it runs at the period’s end, "was" once it ended or for one month', () => {
    const april = monthIndex(2019, 4);
    const event = { side: 'high', from: april, ruleFrom: april, to: april + 2, rules: ['outside_limits'] } as unknown as VerdictEvent;
    expect(eventSentence(event, april + 2)).toBe('It has been above its usual range since April 2019 (3 months).');
    expect(eventSentence(event, april + 5)).toBe('It was above its usual range from April 2019 to June 2019 (3 months).');
    expect(eventSentence({ ...event, to: april }, april + 5)).toBe('It was above its usual range in April 2019.');
    expect(eventSentence({ ...event, side: 'low', rules: ['trend', 'shift'], ruleFrom: april + 1 } as VerdictEvent, april + 2)).toBe(
      'It has been falling month on month since May 2019 (2 months), after being below its average from April 2019.',
    );
  });
});

describe('the number check', () => {
  it('catches a typed figure that disagrees with the data, and passes those that agree', () => {
    expect(check('The force recorded an additional 922 crimes, a +4% increase, 23,871 in all.')).toEqual([]);
    const [issue] = check('The force recorded an additional 929 crimes compared to the same quarter of the previous year.');
    expect(issue).toMatchObject({ kind: 'number', paragraphNumber: '3.1', excerpt: expect.stringContaining('additional 929 crimes') });
    expect(issue.message).toBe('“929” is typed, and matches none of the figures this paragraph is about (All Crime: 23,871 against 22,949, +922, +4%). Use a live field, or correct it.');
  });

  it('does not take years, quarters, dates and numbers in names for figures', () => {
    expect(check('In Q1 2019/20, compared with 2018/19, 999 calls on 15 March and the 12-month rolling rate: 922 more crimes.')).toEqual([]);
  });

  it('catches the source report’s own error: Unspecified printed as -23 and described as a reduction', () => {
    const text = 'Missing person records for Female and Unspecified show reductions of -176 and -23 respectively.';
    const issues = checkNarrative([{ id: 'p9', number: '2.11', kpiId: 'missing-person-records', text } as CheckedParagraph], rows, lookup, options);
    expect(issues.map((i) => [i.kind, i.message])).toEqual([
      ['number', expect.stringMatching(/^“-23” is typed, and matches none of the figures/)],
      ['direction', '“reductions” says a fall, but Unspecified rose (+23, +22%).'],
    ]);
  });

  it('says where each finding stands and offers the fix: the live figure it most likely meant, or the opposite word', () => {
    const issues = check('In 2019 crime **rose**: 929 more, that is 4% and then -5%. Crime fell by 922 in all.');
    expect(issues.map((i) => [i.kind, i.match, i.occurrence, i.suggestion])).toEqual([
      ['number', '929', 0, { text: '922', field: '{{all-crime.difference}}', label: 'All Crime: 922' }],
      ['number', '-5%', 0, { text: '+4%', field: '{{all-crime.changePercent}}', label: 'All Crime: +4%' }],
      ['direction', 'fell', 0, { text: 'rose', field: null, label: '“rose”' }],
    ]);
    // The same number twice: the second is the one found wrong when the first is a field.
    const twice = check('From {{all-crime.previous}} crimes, 22,950 crimes; 22,950 again.');
    expect(twice.map((i) => [i.match, i.occurrence, i.suggestion?.field])).toEqual([
      ['22,950', 0, '{{all-crime.previous}}'],
      ['22,950', 1, '{{all-crime.previous}}'],
    ]);
  });

  it('offers fixes that mean what the sentence means: a change for a change, the figure before or after for "from X to Y", none for what the workspace does not count', () => {
    const fix = (text: string) => check(text).map((i) => [i.match, i.suggestion?.field ?? null]);
    // All Crime: 23,871 against 22,949, +922, +4%.
    expect(fix('The force recorded 12,500 more crimes.')).toEqual([['12,500', '{{all-crime.difference}}']]);
    expect(fix('Crime increased by 400 in the quarter.')).toEqual([['400', '{{all-crime.difference}}']]);
    expect(fix('Crime rose from 22,000 to 23,871.')).toEqual([['22,000', '{{all-crime.previous}}']]);
    expect(fix('Crime rose from 22,949 to 24,000.')).toEqual([['24,000', '{{all-crime.current}}']]);
    const vacancies = check('Call handling was affected by 14 call-handler vacancies and 3 officers on leave.');
    expect(vacancies.map((i) => [i.match, i.suggestion])).toEqual([
      ['14', null],
      ['3', null],
    ]);
    expect(vacancies[0].message).toMatch(/^“14” is typed, and counts something the workspace does not measure .*: accept it as written/);
  });

  it("takes the numbers of an annotation's own text as the analyst's words", () => {
    const text = 'Crime rose. Recording was affected by 14 call-handler vacancies from 1 April.';
    const withAnnotation = checkNarrative([{ id: 'p1', number: '3.1', kpiId: 'all-crime', text }], rows, lookup, { ...options, analystNumbers: (kpiId) => new Set(kpiId === 'all-crime' ? ['14', '1'] : []) });
    expect(withAnnotation).toEqual([]);
    expect(check(text).map((i) => i.match)).toEqual(['14']);
  });

  it('checks a typed change against the change the table prints, not the unrounded one', () => {
    // 7.55s against 7.51s: the table prints 7.6s, 7.5s and +0.1s; the unrounded change is 0.04s.
    const base = rows.find((r) => r.kpiId === 'calls-999' && r.breakdown === null)!;
    const seconds = { ...base, kpiId: 'answer-time', name: 'Average Time to Answer', unit: 'seconds' as const, current: 7.55, previous: 7.51, change: 0.04, changePercent: 0.53, display: { ...base.display, current: '7.6s', previous: '7.5s', change: '+0.1s', changePercent: '+1%' } };
    const checkSeconds = (text: string) => checkNarrative([{ id: 'p1', number: '1.7', kpiId: 'answer-time', text }], [seconds], rowLookup([seconds]), { ...options, sectionRows: () => [seconds] });
    expect(checkSeconds('The average time to answer rose by 0.1s, from 7.5s to 7.6s.')).toEqual([]);
    expect(checkSeconds('The average time to answer rose by 0.3s.').map((i) => [i.kind, i.match, i.suggestion?.text])).toEqual([['number', '0.3s', '0.1s']]);
  });

  it('reads formatted text and lists as their words: a list’s numbers are not figures', () => {
    expect(check('**All crime** *rose*:\n1. by 922\n2. by +4%')).toEqual([]);
    expect(check('Crime:\n- **fell** by 922').map((i) => [i.kind, i.match])).toEqual([['direction', 'fell']]);
  });

  it('leaves sentences whose direction words are live fields, or that mix rise and fall, to the data', () => {
    expect(check('All crime {{all-crime.changed}} by {{all-crime.difference}}.')).toEqual([]);
    expect(check('Crime fell in May but rose over the quarter.')).toEqual([]);
    expect(check('Crime fell by 922.').map((i) => i.kind)).toEqual(['direction']);
  });
});

describe('the HTML report’s colours', () => {
  const contrast = contrastRatio;

  it('gives every text colour at least 4.5:1 against its background (WCAG 2.2 AA)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    for (const [text, background] of REPORT_TEXT_PAIRS) {
      expect(contrast(REPORT_COLOURS[text], REPORT_COLOURS[background]), `${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
    const html = renderReportHtml(
      { title: 'T', force: 'F', period: 'Q1 2019/20', periodLong: 'Q', previousPeriod: 'Q', author: 'A', date: 'D', marking: 'OFFICIAL', version: 'draft', isDemo: true, headers: { current: 'a', previous: 'b' }, sections: [], glossary: [] },
      new Map(),
    );
    // No colour in the stylesheet that the pairs above do not cover, but for borders.
    const used = new Set([...html.matchAll(/(?<!border[^;]*)(?:color|background): (#[0-9a-f]{6})/gi)].map((m) => m[1].toLowerCase()));
    for (const colour of used) expect(Object.values(REPORT_COLOURS).map((c) => c.toLowerCase())).toContain(colour);
  });
});

describe('the glossary the report prints', () => {
  it('keeps a term the words use, by its name or by its abbreviation as a word, and no other', () => {
    const glossary = [
      { term: 'Integrated Offender Management (IOM)', definition: 'd' },
      { term: 'Missing Persons Team (MPT)', definition: 'd' },
      { term: "Clare's Law", definition: 'd' },
      { term: 'ASB', definition: 'd' },
    ];
    const used = usedGlossary(glossary, 'The IOM cohort fell. ASB incidents rose; the missing persons team reviewed MPTX cases.');
    expect(used.map((g) => g.term)).toEqual(['Integrated Offender Management (IOM)', 'Missing Persons Team (MPT)', 'ASB']);
    expect(usedGlossary(glossary, 'Nothing here names a term; not even MPTX.').map((g) => g.term)).toEqual([]);
  });
});
