import { strict as assert } from 'node:assert';
import { environmentVariableReplacement, scanTextForSecrets, type TextEdit } from '../../../src/core/secrets';
import { assignment, GUIDE_SECRET, SAMPLE_TOKEN } from './builders';

/** Applies edits (ascending, non-overlapping) to text, from the end so offsets stay valid. */
function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].reverse().reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

function fix(text: string, languageId: string): string | undefined {
  const [finding] = scanTextForSecrets(text);
  assert.ok(finding, 'the fixture has a finding');
  const replacement = environmentVariableReplacement(finding, languageId);
  return replacement && apply(text, replacement.edits);
}

describe('environmentVariableReplacement', () => {
  it('replaces the literal, quotes included, with the language’s environment lookup', () => {
    assert.equal(fix(assignment.typescript('appSecret', GUIDE_SECRET), 'typescript'),
      "const client = new GoCardless({\n  appId: process.env.GOCARDLESS_APP_ID,\n  appSecret: process.env.GOCARDLESS_APP_SECRET,\n});\n");
    assert.equal(fix(assignment.ruby('app_secret', GUIDE_SECRET), 'ruby'),
      "GoCardless.account_details = {\n  :app_id => ENV['GC_APP_ID'],\n  :app_secret => ENV['GOCARDLESS_APP_SECRET'],\n}\n");
    assert.equal(fix(assignment.python('app_secret', GUIDE_SECRET), 'python'),
      'import gocardless\ngocardless.set_details(app_secret=os.environ["GOCARDLESS_APP_SECRET"], app_id=APP_ID)\n');
    assert.equal(fix(assignment.phpArray('access_token', SAMPLE_TOKEN), 'php'),
      "<?php\nGoCardless::set_account_details(array(\n  'access_token' => getenv('GOCARDLESS_ACCESS_TOKEN'),\n));\n");
  });

  it('reuses a GOCARDLESS_* key as the variable name', () => {
    assert.equal(fix(assignment.php('GOCARDLESS_SANDBOX_APP_SECRET', GUIDE_SECRET), 'php'),
      "<?php\ndefine('GOCARDLESS_SANDBOX_APP_SECRET', getenv('GOCARDLESS_SANDBOX_APP_SECRET'));\n");
    assert.equal(fix(assignment.javascriptConst('GOCARDLESS_ACCESS_TOKEN', SAMPLE_TOKEN), 'javascript'),
      'export const GOCARDLESS_ACCESS_TOKEN = process.env.GOCARDLESS_ACCESS_TOKEN;\n');
  });

  it('keeps KEY= with an empty value under a comment in .env files', () => {
    assert.equal(fix(assignment.dotenv('GOCARDLESS_APP_SECRET', GUIDE_SECRET), 'dotenv'),
      'GOCARDLESS_APP_ID=abc\n# Set GOCARDLESS_APP_SECRET in your environment or secret store; secrets do not belong in committed files.\nGOCARDLESS_APP_SECRET=\nPORT=3000\n');
    assert.equal(fix(assignment.dotenvQuoted('APP_SECRET', GUIDE_SECRET), 'dotenv'),
      '# Set APP_SECRET in your environment or secret store; secrets do not belong in committed files.\nAPP_SECRET=\n');
  });

  it('uses ${VAR} in YAML and in shell scripts that are not the variable’s own assignment', () => {
    assert.equal(fix(assignment.yaml('app_secret', GUIDE_SECRET), 'yaml'), 'gocardless:\n  app_secret: ${GOCARDLESS_APP_SECRET}\n  environment: sandbox\n');
    assert.equal(fix(`# gocardless\ncurl -u "$APP_ID:x" -d secret="${GUIDE_SECRET}"\n`, 'shellscript'), '# gocardless\ncurl -u "$APP_ID:x" -d secret="${GOCARDLESS_APP_SECRET}"\n');
  });

  it('removes the secret from the text in every fix it offers', () => {
    const fixtures: [string, string][] = [
      [assignment.typescript('appSecret', GUIDE_SECRET), 'typescript'],
      [assignment.json('app_secret', GUIDE_SECRET), 'json'],
      [assignment.dotenv('GOCARDLESS_APP_SECRET', GUIDE_SECRET), 'dotenv'],
      [assignment.yaml('app_secret', GUIDE_SECRET), 'yaml'],
      [assignment.python('app_secret', GUIDE_SECRET), 'python'],
    ];
    for (const [text, lang] of fixtures) {
      const out = fix(text, lang);
      if (out !== undefined) assert.ok(!out.includes(GUIDE_SECRET), lang);
    }
  });

  it('offers no fix where no environment reference fits', () => {
    assert.equal(fix(assignment.json('app_secret', GUIDE_SECRET), 'json'), undefined);
    assert.equal(fix(`// gocardless app_secret ${GUIDE_SECRET}\n`, 'typescript'), undefined);
    assert.equal(fix(`const s = "Bearer ${SAMPLE_TOKEN} gocardless";\n`, 'typescript'), undefined);
    assert.equal(fix(assignment.typescript('appSecret', GUIDE_SECRET), 'plaintext'), undefined);
  });
});
