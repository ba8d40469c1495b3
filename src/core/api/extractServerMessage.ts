/** The longest server message we keep; error bodies can be whole HTML pages. */
const MAX_MESSAGE_LENGTH = 500;

export interface ServerMessage {
  /** All messages joined in one line. */
  message: string;
  /** Each message on its own (the spec: 400 and 422 bodies hold "more details in the form of an array"). */
  messages: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

/** Messages from a JSON value: a string, an array of them, or Rails-style `{field: [messages]}`. */
function messagesOf(value: unknown, field?: string): string[] {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return [];
    return [field === undefined ? text : `${field} ${text}`];
  }
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap((item) => messagesOf(item, field));
  if (isRecord(value)) {
    if ('message' in value) return messagesOf(value['message'], field);
    return Object.entries(value).flatMap(([key, item]) =>
      messagesOf(item, key === 'base' ? field : field === undefined ? key : `${field} ${key}`));
  }
  return [];
}

function fromJson(json: unknown): string[] {
  if (Array.isArray(json) || typeof json === 'string') return messagesOf(json);
  if (!isRecord(json)) return [];
  // OAuth 2 errors (the token endpoint): {"error": "invalid_grant", "error_description": "…"}.
  const description = json['error_description'];
  if (typeof json['error'] === 'string' && typeof description === 'string' && description.trim() !== '') {
    return [`${description.trim()} (${json['error']})`];
  }
  for (const key of ['error', 'errors', 'message']) {
    if (key in json) {
      const found = messagesOf(json[key]);
      if (found.length > 0) return found;
    }
  }
  return [];
}

function fromText(text: string): string[] {
  if (/^\s*</.test(text)) {
    // An HTML error page (a proxy's 502, the sandbox's Connect errors): its title or first heading says it.
    const heading = /<(title|h1)[^>]*>([\s\S]*?)<\/\1>/i.exec(text)?.[2];
    const plain = (heading ?? text).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return plain === '' ? [] : [plain];
  }
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain === '' ? [] : [plain];
}

/**
 * The human message in an error response body, whatever shape the server chose:
 * `{"error": …}`, `{"errors": […]}`, `{"errors": {"field": […]}}`, `{"message": …}`, a bare
 * array, OAuth's `error_description`, plain text or an HTML page. Undefined when the body says nothing.
 */
export function extractServerMessage(body: string): ServerMessage | undefined {
  let messages: string[];
  try {
    messages = fromJson(JSON.parse(body));
  } catch {
    messages = fromText(body);
  }
  messages = messages.map(truncate);
  if (messages.length === 0) return undefined;
  return { message: truncate(messages.join('; ')), messages };
}
