/**
 * The customer's part of the round trip, over HTTP like a browser: open the
 * sandbox payment page of a link, fill in the sandbox bank details, submit,
 * and return where the sandbox redirects (the merchant's redirect URI).
 * Shared by the unit round trip and the extension-host test.
 */
export async function payOnPaymentPage(linkUrl: string, bank = { account_number: '55779911', sort_code: '20-00-00' }): Promise<{ location: string; status: number; page: string }> {
  const pageRes = await fetch(linkUrl, { redirect: 'manual' });
  const page = await pageRes.text();
  if (pageRes.status !== 200) return { location: '', status: pageRes.status, page };
  const token = /name="token" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('the payment page has no form token');
  const pay = await fetch(new URL('/connect/pay', linkUrl), {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.test', ...bank }).toString(),
  });
  return { location: pay.headers.get('location') ?? '', status: pay.status, page: await pay.text() };
}
