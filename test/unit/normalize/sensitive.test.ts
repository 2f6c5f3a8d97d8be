import { describe, expect, it } from 'vitest';
import { isValidIdChecksum, maskSensitive, scanSensitive } from '../../../src/normalize/sensitive.js';

// A synthetic ID with a valid check digit (GB 11643 example value), not a real person's.
const ID = '11010519491231002X';

describe('isValidIdChecksum', () => {
  it('accepts a valid check digit and rejects a changed one', () => {
    expect(isValidIdChecksum(ID)).toBe(true);
    expect(isValidIdChecksum('110105194912310021')).toBe(false);
    expect(isValidIdChecksum('11010519491231002')).toBe(false);
  });
});

describe('scanSensitive', () => {
  it('finds mobile numbers, landlines and ID numbers', () => {
    expect(scanSensitive('电话13812345678')).toEqual({ phone: true, idNumber: false });
    expect(scanSensitive('座机0731-84123456')).toEqual({ phone: true, idNumber: false });
    expect(scanSensitive('座机073184123456')).toEqual({ phone: true, idNumber: false });
    expect(scanSensitive(`身份证${ID}`)).toEqual({ phone: false, idNumber: true });
    expect(scanSensitive('老身份证110105491231002')).toEqual({ phone: false, idNumber: true });
  });

  it('ignores numbers that only look similar', () => {
    expect(scanSensitive('订单号123456789012345678')).toEqual({ phone: false, idNumber: false });
    expect(scanSensitive('编号1381234567890')).toEqual({ phone: false, idNumber: false });
    expect(scanSensitive('2021年投诉12次')).toEqual({ phone: false, idNumber: false });
    expect(scanSensitive('12345678901')).toEqual({ phone: false, idNumber: false });
  });
});

describe('maskSensitive', () => {
  it('keeps the first 3 and last 2 characters', () => {
    expect(maskSensitive('请拨13812345678联系')).toBe('请拨138******78联系');
    expect(maskSensitive('0731-84123456')).toBe('073*-******56');
    expect(maskSensitive(ID)).toBe('110*************2X');
  });

  it('is idempotent and leaves clean text alone', () => {
    const once = maskSensitive(`电话13812345678，身份证${ID}`);
    expect(maskSensitive(once)).toBe(once);
    expect(scanSensitive(once)).toEqual({ phone: false, idNumber: false });
    expect(maskSensitive('没有号码')).toBe('没有号码');
  });
});
