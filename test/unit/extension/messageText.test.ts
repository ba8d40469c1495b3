import * as assert from 'node:assert/strict';
import { plainMessageText } from '../../../src/extension/present/messageText';

/**
 * What VS Code turns into a link in a notification: `[label](target)` with a
 * target starting command:, http(s):// or file:, and an optional quoted
 * title (written here from the
 * behaviour, to check our output against).
 */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+(?: (["']).+?\1)?\)/i;

describe('plainMessageText (untrusted text in notifications never becomes a link)', () => {
  const hostile = [
    '[Open settings](command:workbench.action.openSettings)',
    'Merchant [click me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D) Ltd',
    'resource_type must be bill, got "[x](https://evil.example/phish)"',
    '[a](file:///etc/passwd "title")',
    'x [[a](command:x)',
    'twice [a](command:a) and [b](command:b)',
  ];

  it('the premise: each sample is a link as written', () => {
    for (const text of hostile) assert.match(text, NOTIFICATION_LINK, text);
  });

  it('leaves no link in any of them, and keeps the words readable', () => {
    for (const text of hostile) {
      const plain = plainMessageText(text);
      assert.doesNotMatch(plain, NOTIFICATION_LINK, plain);
      assert.equal(plain.replace(/\] \(/g, ']('), text, 'only the space between ] and ( was added');
    }
  });

  it('changes nothing in ordinary messages', () => {
    for (const text of ['Confirmed bill 0NZ71WBMVF.', 'Valid redirect for bill B1 (state order-7). Confirm it now.', 'list [1, 2] (two)']) {
      assert.equal(plainMessageText(text), text);
    }
  });
});
