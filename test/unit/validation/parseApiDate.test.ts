import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACCEPTED_DATE_FORMS, CONNECT_CLOCK_SKEW_MS, CONNECT_TIMESTAMP_WINDOW_MS, checkBoolean, checkUtcTimestamp, connectTimestampVerdict,
  dateFormatMessage, parseApiBoolean, parseApiDate, parseApiInstant,
} from '../../../src/core/validation';

const at = (iso: string): number => Date.parse(iso);

describe('validation: parseApiDate, the one reader of API dates (issue 23)', () => {
  // [written, the instant it names]; each row is a form an official client library sends (docs/client-libraries.md).
  const ACCEPTED: ReadonlyArray<[string, string, string]> = [
    ['2011-11-17T15:00:23Z', '2011-11-17T15:00:23.000Z', 'the spec\'s example ("2011-11-17T15:00:23Z"); Ruby and PHP timestamps'],
    ['2028-01-10 01:58:00.139109', '2028-01-10T01:58:00.139Z', 'Python str(datetime): space, microseconds, no zone = UTC'],
    ['2028-01-10 01:58:00', '2028-01-10T01:58:00.000Z', 'Python str(datetime) when microsecond is 0'],
    ['2028-01-10 01:58:00.139109+00:00', '2028-01-10T01:58:00.139Z', 'Python str() of an aware datetime'],
    ['2028-01-10T01:58:00.139Z', '2028-01-10T01:58:00.139Z', 'Node toISOString(): milliseconds'],
    ['2028-01-10T01:58:00+00:00', '2028-01-10T01:58:00.000Z', 'Ruby DateTime#to_s, PHP DATE_ATOM'],
    ['2028-01-10T02:58:00+0100', '2028-01-10T01:58:00.000Z', 'PHP DATE_ISO8601: offset without a colon'],
    ['2028-01-10T02:58:00+01', '2028-01-10T01:58:00.000Z', 'offset in hours'],
    ['2028-01-09T20:58:00-05:00', '2028-01-10T01:58:00.000Z', 'negative offset'],
    ['2028-01-10 01:58:00 UTC', '2028-01-10T01:58:00.000Z', 'Ruby Time#to_s of a UTC time'],
    ['2028-01-10 02:58:00 +0100', '2028-01-10T01:58:00.000Z', 'Ruby Time#to_s of a local time'],
    ['2028-01-10T01:58Z', '2028-01-10T01:58:00.000Z', 'minutes precision'],
    ['2028-01-10T01', '2028-01-10T01:00:00.000Z', 'hours precision'],
    ['2028-01-10t01:58:00z', '2028-01-10T01:58:00.000Z', 'RFC 3339 allows lower-case t and z'],
    ['2028-01-10T01:58:00,5Z', '2028-01-10T01:58:00.500Z', 'ISO 8601 decimal comma'],
    ['2028-01-10', '2028-01-10T00:00:00.000Z', 'a date alone is midnight UTC'],
    ['2028-02-29', '2028-02-29T00:00:00.000Z', 'leap day'],
    ['  2028-01-10  ', '2028-01-10T00:00:00.000Z', 'surrounding spaces'],
  ];
  for (const [text, instant, why] of ACCEPTED) {
    it(`reads ${JSON.stringify(text)} (${why})`, () => {
      assert.equal(parseApiInstant(text), at(instant));
    });
  }

  it('keeps the calendar date as written, and says whether a time and a zone were given', () => {
    assert.deepEqual(parseApiDate('2030-01-31T00:00:00+01:00'), { ms: at('2030-01-30T23:00:00Z'), date: '2030-01-31', hasTime: true, hasZone: true });
    assert.deepEqual(parseApiDate('2030-01-31'), { ms: at('2030-01-31T00:00:00Z'), date: '2030-01-31', hasTime: false, hasZone: false });
    assert.equal(parseApiDate('2030-01-31 10:00:00')?.hasZone, false);
  });

  const REFUSED: readonly string[] = [
    '', 'tomorrow', '17/11/2011', '2011-11-17T', '2030-02-30', '2029-02-29', '2030-13-01', '2030-00-10', '2030-1-1', '30-01-01',
    '2030-01-01T24:00:00Z', '2030-01-01T23:60:00Z', '2030-01-01T23:59:60Z', '2030-01-01T9:00:00Z', '2030-01-01T09:00:00.Z',
    '2030-01-01T09:00:00+24:00', '2030-01-01T09:00:00+01:60', '2030-01-01Z', '2030-01-01+01:00', '2030-01-01T09:00:00 BST',
    // Python's subscription dates when microsecond is 0: isoformat()[:-7] + "Z" cuts into the time.
    '2030-01-01T0Z', '+2030-01-01', '2030-01-01T09:00:00ZZ',
  ];
  it('refuses what is not a date, or a day or time that does not exist', () => {
    for (const text of REFUSED) assert.equal(parseApiDate(text), undefined, JSON.stringify(text));
  });

  it('a refusal names the field and shows accepted forms, without repeating the value sent (issue 16: reasons may reach a notification)', () => {
    const message = dateFormatMessage('pre_authorization[expires_at]', '10/01/2028');
    assert.match(message, /^pre_authorization\[expires_at\] must be an ISO 8601 date or date-time/);
    assert.ok(!message.includes('10/01/2028'));
    assert.ok(message.includes(ACCEPTED_DATE_FORMS));
    for (const form of ACCEPTED_DATE_FORMS.split(/, | or /)) assert.notEqual(parseApiDate(form), undefined, `the shown form ${form} is itself accepted`);
  });

  it('property: every instant, written in each library\'s form, reads back as the same instant', () => {
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2099, 11, 31, 23, 59, 59, 999) }),
      fc.integer({ min: 0, max: 999 }),
      fc.integer({ min: -14 * 60, max: 14 * 60 }),
      (ms, micros, offsetMinutes) => {
        const d = new Date(ms);
        const utcDate = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
        const utcTime = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        const wholeSeconds = ms - d.getUTCMilliseconds();
        // Node: toISOString()
        assert.equal(parseApiInstant(d.toISOString()), ms);
        // Python: str(datetime.utcnow()), microseconds cut to milliseconds by the reader
        assert.equal(parseApiInstant(`${utcDate} ${utcTime}.${pad(d.getUTCMilliseconds(), 3)}${pad(micros, 3)}`), ms);
        // Ruby / PHP: %Y-%m-%dT%H:%M:%SZ
        assert.equal(parseApiInstant(`${utcDate}T${utcTime}Z`), wholeSeconds);
        // Any offset names the same instant: local wall time plus the offset
        const local = new Date(wholeSeconds + offsetMinutes * 60_000);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const localText = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
        if (local.getUTCFullYear() >= 1000 && local.getUTCFullYear() <= 9999) {
          assert.equal(parseApiInstant(`${localText}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`), wholeSeconds);
          assert.equal(parseApiInstant(`${localText}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`), wholeSeconds);
        }
      },
    ), { seed: 23, numRuns: 500 });
  });
});

describe('validation: the Connect timestamp (issue 17 item 4, issue 23)', () => {
  const NOW = at('2026-01-15T10:00:00Z');

  it('"UTC date and time in ISO 8601 format, e.g. 2011-01-01T12:00:00Z": …Z and …+00:00 are both UTC instants', () => {
    for (const ok of ['2011-01-01T12:00:00Z', '2011-01-01T12:00:00+00:00', '2011-01-01T12:00:00.123Z', '2011-01-01 12:00:00']) {
      assert.equal(checkUtcTimestamp('timestamp', ok), undefined, ok);
    }
    assert.equal(parseApiInstant('2011-01-01T12:00:00+00:00'), parseApiInstant('2011-01-01T12:00:00Z'));
    assert.equal(checkUtcTimestamp('timestamp', 'now')?.rule, 'utc-timestamp');
    assert.match(checkUtcTimestamp('timestamp', 'now')!.message, /such as 2011-01-01T12:00:00Z/);
  });

  it('"The request must hit our server within 3 hours of this timestamp": refused more than 3 hours behind or ahead, after a 2-minute skew margin', () => {
    assert.equal(CONNECT_TIMESTAMP_WINDOW_MS, 3 * 3_600_000);
    assert.ok(CONNECT_CLOCK_SKEW_MS > 0 && CONNECT_CLOCK_SKEW_MS <= 5 * 60_000, 'a few minutes at most');
    const edge = CONNECT_TIMESTAMP_WINDOW_MS + CONNECT_CLOCK_SKEW_MS;
    assert.equal(connectTimestampVerdict(NOW, NOW), 'fresh');
    assert.equal(connectTimestampVerdict(NOW - edge, NOW), 'fresh');
    assert.equal(connectTimestampVerdict(NOW - edge - 1, NOW), 'expired');
    assert.equal(connectTimestampVerdict(NOW + edge, NOW), 'fresh');
    assert.equal(connectTimestampVerdict(NOW + edge + 1, NOW), 'ahead');
    assert.equal(connectTimestampVerdict(NOW + 24 * 3_600_000, NOW), 'ahead', 'a timestamp a day ahead would keep a link alive for a day');
  });
});

describe('validation: parseApiBoolean, booleans as the libraries write them', () => {
  it('reads true/false (Node, Ruby), True/False (Python), 1/0 (PHP), and nothing else', () => {
    for (const t of [true, 'true', 'True', 'TRUE', '1', 1]) assert.equal(parseApiBoolean(t), true, String(t));
    for (const f of [false, 'false', 'False', '0', 0]) assert.equal(parseApiBoolean(f), false, String(f));
    for (const bad of ['yes', 'on', '', '2', 2, null, undefined, {}]) assert.equal(parseApiBoolean(bad), undefined, String(bad));
    assert.equal(checkBoolean('pre_authorization[calendar_intervals]', 'True'), undefined);
    assert.equal(checkBoolean('pre_authorization[calendar_intervals]', 'yes')?.rule, 'boolean');
  });
});
