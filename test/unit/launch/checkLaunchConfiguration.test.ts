// A `gocardless` launch configuration comes with the workspace (.vscode/launch.json of a cloned repository), so
// the URLs it names may only point at this machine: it must not send webhooks or customers anywhere else.
import { strict as assert } from 'node:assert';
import { checkLaunchConfiguration } from '../../../src/core/launch/checkLaunchConfiguration';

describe('checkLaunchConfiguration', () => {
  it('takes loopback URLs for forwardTo and redirectUri', () => {
    assert.deepEqual(checkLaunchConfiguration({ forwardTo: 'http://127.0.0.1:3000/webhooks', redirectUri: 'http://localhost:3000/return' }),
      { forwardTo: 'http://127.0.0.1:3000/webhooks', redirectUri: 'http://localhost:3000/return' });
    assert.deepEqual(checkLaunchConfiguration({ forwardTo: 'http://[::1]:3000/w' }), { forwardTo: 'http://[::1]:3000/w' });
    assert.deepEqual(checkLaunchConfiguration({}), {});
    assert.deepEqual(checkLaunchConfiguration({ forwardTo: '' }), {});
  });

  it('refuses a URL on another machine, naming the field', () => {
    for (const url of ['https://attacker.example/hooks', 'http://10.0.0.5:3000/w', 'http://127.0.0.1.nip.io/w', 'http://0.0.0.0:3000/w']) {
      assert.throws(() => checkLaunchConfiguration({ forwardTo: url }), /"forwardTo" in the launch configuration must point at this machine/, url);
    }
    assert.throws(() => checkLaunchConfiguration({ redirectUri: 'https://example.com/return' }), /"redirectUri" .* must point at this machine/);
  });

  it('refuses what is not an http(s) URL string', () => {
    assert.throws(() => checkLaunchConfiguration({ forwardTo: 42 }), /"forwardTo" in the launch configuration must be a URL string/);
    assert.throws(() => checkLaunchConfiguration({ forwardTo: 'not a url' }), /"forwardTo" .* is not a URL/);
    assert.throws(() => checkLaunchConfiguration({ redirectUri: 'file:///etc/passwd' }), /"redirectUri" .* must be an http:\/\/ or https:\/\/ URL/);
  });
});
