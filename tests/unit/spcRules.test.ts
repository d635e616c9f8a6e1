import { describe, expect, it } from 'vitest';
import { partOfSeven, partOfTwoInThree, sevenPointOneSideOfMean, sevenPointTrend, specialCauses, twoInThree, type PointCause } from '../../shared/analysis/spcRules';
import { PART_OF_SEVEN, PART_OF_TWO_IN_THREE, SEVEN_POINT_ONE_SIDE_OF_MEAN, SEVEN_POINT_TREND, SPECIAL_CAUSE_TYPE, TWO_IN_THREE } from '../fixtures/nhsrplotthedots/pointTypeCases';

/** A cause in the words NHSRplotthedots' ptd_special_cause_type gives it. */
function packageWords(cause: PointCause | null): string {
  if (!cause) return 'Common Cause';
  const above = cause.side === 1 ? 'Above' : 'Below';
  switch (cause.rule) {
    case 'outside_limits':
      return cause.side === 1 ? 'Above UCL' : 'Below LCL';
    case 'trend':
      return `7 Point Trend (${cause.side === 1 ? 'In' : 'De'}creasing)`;
    case 'two_of_three':
      return `2 in 3 ${above} CL`;
    case 'shift':
      return `7 Points ${above} CL`;
  }
}

describe("NHSRplotthedots 0.2.2's own cases (tests/fixtures/nhsrplotthedots)", () => {
  it.each(SEVEN_POINT_ONE_SIDE_OF_MEAN)('ptd_seven_point_one_side_mean(%j)', (input, expected) => {
    expect(sevenPointOneSideOfMean(input)).toEqual(expected);
  });

  it.each(PART_OF_SEVEN)('ptd_part_of_seven_trend(%j)', (input, expected) => {
    expect(partOfSeven(input)).toEqual(expected);
  });

  it.each(SEVEN_POINT_TREND)('ptd_seven_point_trend(%j)', (input, expected) => {
    expect(sevenPointTrend(input)).toEqual(expected);
  });

  it.each(TWO_IN_THREE)('ptd_two_in_three(%j, %j)', (close, relativeToMean, expected) => {
    expect(twoInThree(close, relativeToMean)).toEqual(expected);
  });

  it.each(PART_OF_TWO_IN_THREE)('ptd_part_of_two_in_three(ptd_two_in_three(%j, %j))', (close, relativeToMean, expected) => {
    expect(partOfTwoInThree(twoInThree(close, relativeToMean), close)).toEqual(expected);
  });

  it('ptd_special_cause_type: the highest-ranked rule and its side at every point', () => {
    const { y, relativeToMean, outside, parts, expected } = SPECIAL_CAUSE_TYPE;
    expect(specialCauses(y, relativeToMean, outside, parts).map(packageWords)).toEqual(expected);
  });
});
