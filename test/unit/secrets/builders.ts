import { randomBytes } from 'node:crypto';

/** The Signature Guide's app secret and a token of the same shape: 64 base64 characters. */
export const GUIDE_SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';
export const SAMPLE_TOKEN = 'MvYX0i6snRh3gevXWbE5a56blveHqPLpLFjfOuZoWusd5AewvXuhcMU/1PXfPoc6';
/** The docs' placeholder signature (hex) and the example Connect link's client_id (base64, public). */
export const DOCS_SIGNATURE = 'f6b9e6cd8eef30c444da48370e646839c9bb9e1cf10ea16164d5cf93a50231eb';
export const DOCS_CLIENT_ID = '3QmpV5yi8Ii9Rc2uCwalWRsqkpibtk5ISOk/F+oyzrOoNpjGguZ4IRn2379agARS';

/** A fresh secret of the real shape, so tests do not depend on one lucky string. */
export function randomSecret(): string {
  for (;;) {
    const s = randomBytes(48).toString('base64');
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

/** One assignment of `value` to `key`, in the syntax of a language, as people write config. */
export const assignment = {
  typescript: (key: string, value: string) => `const client = new GoCardless({\n  appId: process.env.GOCARDLESS_APP_ID,\n  ${key}: '${value}',\n});\n`,
  javascriptConst: (key: string, value: string) => `export const ${key} = "${value}";\n`,
  dotenv: (key: string, value: string) => `GOCARDLESS_APP_ID=abc\n${key}=${value}\nPORT=3000\n`,
  dotenvQuoted: (key: string, value: string) => `${key}="${value}"\n`,
  json: (key: string, value: string) => `{\n  "gocardless": {\n    "${key}": "${value}"\n  }\n}\n`,
  yaml: (key: string, value: string) => `gocardless:\n  ${key}: ${value}\n  environment: sandbox\n`,
  ruby: (key: string, value: string) => `GoCardless.account_details = {\n  :app_id => ENV['GC_APP_ID'],\n  :${key} => '${value}',\n}\n`,
  python: (key: string, value: string) => `import gocardless\ngocardless.set_details(${key}="${value}", app_id=APP_ID)\n`,
  php: (key: string, value: string) => `<?php\ndefine('${key}', '${value}');\n`,
  phpArray: (key: string, value: string) => `<?php\nGoCardless::set_account_details(array(\n  '${key}' => '${value}',\n));\n`,
} as const;
