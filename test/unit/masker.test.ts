import { createHmac } from 'node:crypto';

import { Masker } from '../../gateway/request/access/masker';

const DAY = 86_400_000;
const settings = { secret: 'unit-pseudonym-secret-0123456789', epochDays: 30 };

/** The pseudonym computed here from its definition: HMAC of the value under the epoch's key. */
const expectedPseudonym = (value: string, epoch: number) => {
  const key = createHmac('sha256', settings.secret).update(`epoch:${epoch}`).digest();
  return `ps${epoch}-${createHmac('sha256', key).update(value.toUpperCase()).digest('hex').slice(0, 24)}`;
};

describe('masks keep the type and show only what their kind allows', () => {
  const masker = new Masker(settings, () => 100 * 30 * DAY + 5);

  it('ID numbers keep the region and the last four characters; short values are all stars', () => {
    expect(masker.apply('id-number', '11010519491231002X')).toBe('110105********002X');
    expect(masker.apply('id-number', '12345')).toBe('*****');
  });

  it('phone numbers keep the first three and last four digits, spaces dropped', () => {
    expect(masker.apply('phone', '138 1234 5678')).toBe('138****5678');
    expect(masker.apply('phone', '110')).toBe('***');
  });

  it('names keep the family name only (one character)', () => {
    expect(masker.apply('name', '张三')).toBe('张*');
    expect(masker.apply('name', '欧阳娜娜')).toBe('欧***');
    expect(masker.apply('name', '王')).toBe('*');
  });

  it('redaction shows nothing of the value; null stays null; lists are masked item by item', () => {
    expect(masker.apply('redact', '举报人住址')).toBe('[已脱敏]');
    expect(masker.apply('name', null)).toBeNull();
    expect(masker.apply('id-number', ['11010519491231002X', null])).toEqual(['110105********002X', null]);
  });

  it('pseudonyms are keyed HMACs: stable within an epoch (case of the check letter ignored), different in the next', () => {
    const now = { t: 100 * 30 * DAY + 5 };
    const rotating = new Masker(settings, () => now.t);
    const first = rotating.apply('pseudonym', '11010519491231002X');
    expect(first).toBe(expectedPseudonym('11010519491231002X', 100));
    expect(rotating.apply('pseudonym', '11010519491231002x')).toBe(first);
    expect(rotating.apply('pseudonym', '110105194912310038')).not.toBe(first);
    now.t += 30 * DAY;
    expect(rotating.epoch()).toBe(101);
    expect(rotating.apply('pseudonym', '11010519491231002X')).toBe(expectedPseudonym('11010519491231002X', 101));
    expect(rotating.apply('pseudonym', '11010519491231002X')).not.toBe(first);
    // another deployment's secret gives unlinkable pseudonyms
    expect(
      new Masker({ ...settings, secret: 'another-secret-0123456789abcdef' }, () => now.t).apply(
        'pseudonym',
        '11010519491231002X',
      ),
    ).not.toBe(first);
  });
});
