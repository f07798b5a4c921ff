import { regionCovers, regionPrefix } from '../../common/identifiers/region-code';
import {
  genderFromResidentId,
  isValidResidentId,
  makeResidentId,
  residentIdProblem,
} from '../../common/identifiers/resident-id';
import { isValidUscc, makeGovernmentUscc, usccProblem } from '../../common/identifiers/uscc';

describe('resident ID check digit (GB 11643-1999)', () => {
  it.each(['11010519491231002X', '440524188001010014'])('accepts the domain examples: %s', (id) => {
    expect(residentIdProblem(id)).toBeNull();
  });

  it('rejects a changed check character and names the problem', () => {
    expect(residentIdProblem('110105194912310021')).toBe('CHECK_DIGIT');
    expect(residentIdProblem('11010519491331002X')).toBe('BIRTH_DATE');
    expect(residentIdProblem('1101051949123100')).toBe('FORMAT');
    expect(residentIdProblem('11010519491231002x')).toBe('FORMAT');
  });

  it('builds numbers that validate, with gender in digit 17', () => {
    const id = makeResidentId('320506', '1985-07-14', 123);
    expect(id).toHaveLength(18);
    expect(isValidResidentId(id)).toBe(true);
    expect(genderFromResidentId(id)).toBe('MALE');
    expect(genderFromResidentId(makeResidentId('320506', '1985-07-14', 124))).toBe('FEMALE');
  });
});

describe('USCC check character (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '91110108551385082Q'])('accepts the domain examples: %s', (code) => {
    expect(usccProblem(code)).toBeNull();
  });

  it('rejects a wrong check character and letters outside the alphabet', () => {
    expect(usccProblem('91350100M000100Y44')).toBe('CHECK_DIGIT');
    expect(usccProblem('91350100M000100YI3')).toBe('FORMAT');
    expect(usccProblem('9135')).toBe('FORMAT');
  });

  it('builds government-body codes that start with 11 and validate', () => {
    for (const serial of [0, 1, 30, 31, 12345, 9_999_999]) {
      const code = makeGovernmentUscc('320500', serial);
      expect(code.startsWith('11320500')).toBe(true);
      expect(isValidUscc(code)).toBe(true);
    }
    expect(makeGovernmentUscc('320500', 1)).not.toBe(makeGovernmentUscc('320500', 2));
  });
});

describe('region scope (GB/T 2260 prefixes)', () => {
  it('covers a province, a city and a district by prefix', () => {
    expect(regionPrefix('320000')).toBe('32');
    expect(regionCovers('320000', '320506')).toBe(true);
    expect(regionCovers('320500', '320506')).toBe(true);
    expect(regionCovers('320500', '320106')).toBe(false);
    expect(regionCovers('320506', '320506')).toBe(true);
    expect(regionCovers('320506', '320505')).toBe(false);
  });
});
