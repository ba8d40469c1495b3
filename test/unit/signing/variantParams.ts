import type { SignableParams } from '../../../src/core/signing';

/** Params on which every known variant normalizes differently from the spec. */
export function paramsExposingEveryVariant(): SignableParams {
  return {
    a0: 'first',
    a: { b: 'nested' }, // raw order puts a0 first ('0' < '['); encoded order a%5Bb%5D ('%' < '0')
    user: { name: "Ann O'Neil (CEO)*", email: 'ann+test@example.com' },
    note: 'a b~c',
    already: 'x%20y',
    items: ['b', 'a'],
    flag: true,
    off: false,
    nothing: null,
  };
}
